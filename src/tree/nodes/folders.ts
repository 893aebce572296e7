import * as vscode from 'vscode';
import { ContextValues } from '../contextValues';
import { AliasNode } from './AliasNode';
import type { FunctionNode } from './FunctionNode';
import { MessageNode, errorNode } from './MessageNode';
import type { TreeContext } from './TreeContext';
import type { FunctionRef } from '../../aws/types';
import type { FunctionScopedNode, TreeNode } from './TreeNode';
import { VersionNode } from './VersionNode';
import { describeForLog } from '../../release/errors';

abstract class FolderNode implements FunctionScopedNode {
  abstract readonly id: string;
  readonly ref: FunctionRef;

  constructor(
    protected readonly context: TreeContext,
    readonly parent: FunctionNode,
  ) {
    this.ref = parent.ref;
  }

  abstract getTreeItem(): vscode.TreeItem;

  protected folderItem(label: string, contextValue: string, icon: string): vscode.TreeItem {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = contextValue;
    item.iconPath = new vscode.ThemeIcon(icon);
    return item;
  }
}

export class AliasesFolderNode extends FolderNode {
  get id(): string {
    return `${this.parent.id}/aliases`;
  }

  getTreeItem(): vscode.TreeItem {
    return this.folderItem('Aliases', ContextValues.aliasesFolder, 'tag');
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const { aliases } = await this.parent.details();
      if (!aliases.length) return [new MessageNode(`${this.id}/empty`, 'No aliases', { parent: this })];
      const rows = aliases.map((alias) => new AliasNode(this.ref, alias, this, this.context.rolloutStage?.(this.ref, alias.name), () => this.parent.loadedFacts()));
      this.parent.showFactsIn(rows);
      return rows;
    } catch (error) {
      this.context.services.log.error(`Listing aliases of ${this.ref.functionName} failed: ${describeForLog(error)}`);
      return [errorNode(this, error)];
    }
  }
}

export class VersionsFolderNode extends FolderNode {
  get id(): string {
    return `${this.parent.id}/versions`;
  }

  getTreeItem(): vscode.TreeItem {
    return this.folderItem('Versions', ContextValues.versionsFolder, 'versions');
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const { versions, aliases } = await this.parent.details();
      const rows = versions.map((version) => new VersionNode(this.ref, version, aliases, this, () => this.parent.loadedFacts()));
      this.parent.showFactsIn(rows);
      return rows;
    } catch (error) {
      this.context.services.log.error(`Listing versions of ${this.ref.functionName} failed: ${describeForLog(error)}`);
      return [errorNode(this, error)];
    }
  }
}
