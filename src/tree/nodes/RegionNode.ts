import * as vscode from 'vscode';
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

  getChildren(): Promise<TreeNode[]> {
    return loadFunctionNodes(this.context, this.profile, this.region, this);
  }
}
