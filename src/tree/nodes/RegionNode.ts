import * as vscode from 'vscode';
import { accountLines } from '../factsText';
import type { ProfileInfo } from '../../aws/types';
import { ContextValues } from '../contextValues';
import { loadFunctionNodes } from './functionListing';
import type { TreeContext } from './TreeContext';
import type { TreeNode } from './TreeNode';

/** One region of a profile that has several configured. */
export class RegionNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly context: TreeContext,
    readonly profile: ProfileInfo,
    readonly region: string,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/region:${region}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = ContextValues.region;
    item.iconPath = new vscode.ThemeIcon('globe');
    return item;
  }

  /** On hover: the account's concurrency and code storage in this region. */
  async resolveTreeItem(item: vscode.TreeItem): Promise<vscode.TreeItem> {
    const account = await this.context.services.aws().versionFacts({ profile: this.profile.name, region: this.region }).accountSettings();
    item.tooltip = new vscode.MarkdownString([`**${this.region}** (profile ${this.profile.name})`, ...accountLines(account)].join('\n\n'));
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return loadFunctionNodes(this.context, this.profile, this.region, this);
  }
}
