import * as vscode from 'vscode';
import { CommandIds } from '../../commands/commandIds';
import { ContextValues } from '../contextValues';
import type { TreeNode } from './TreeNode';

/**
 * The first row of a filtered function list: names the active filter where it can be read (the
 * view's title cuts it off in a side bar of normal width) and how many functions it hides. Click
 * to change it; the inline ✕ (Clear Function Filter) shows every function again.
 */
export class FilterNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly filter: string,
    private readonly shown: number,
    private readonly total: number,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/filter`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Filter: "${this.filter}"`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = ContextValues.filter;
    item.iconPath = new vscode.ThemeIcon('filter');
    item.description = `${this.shown} of ${this.total} shown`;
    item.tooltip = new vscode.MarkdownString(`Showing functions whose name contains **${this.filter}**: ${this.shown} of ${this.total}.\n\nClick to change the filter; ✕ clears it.`);
    item.command = { command: CommandIds.filterFunctions, title: 'Change Filter' };
    return item;
  }
}
