import * as vscode from 'vscode';
import { userFacing } from '../../release/errors';
import { ContextValues } from '../contextValues';
import type { TreeNode } from './TreeNode';

/**
 * A leaf that explains something instead of data: a failed load (with the reason and what to do)
 * or an empty result. A failure is shown here, never as an exception dialog per node.
 */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: { error?: boolean; detail?: string; hint?: string; command?: vscode.Command; parent?: TreeNode } = {},
  ) {}

  get parent(): TreeNode | undefined {
    return this.options.parent;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.options.error ? ContextValues.error : ContextValues.info;
    item.iconPath = new vscode.ThemeIcon(this.options.error ? 'error' : 'info', this.options.error ? new vscode.ThemeColor('errorForeground') : undefined);
    item.description = this.options.hint;
    const tooltip = [this.label, this.options.detail, this.options.hint].filter(Boolean).join('\n\n');
    item.tooltip = new vscode.MarkdownString(tooltip);
    item.command = this.options.command;
    return item;
  }
}

/** The error node for a failed load under `parent`: reason as label, hint as description, click retries. */
export function errorNode(parent: TreeNode, error: unknown): MessageNode {
  const e = userFacing(error);
  return new MessageNode(`${parent.id}/error`, e.message, {
    error: true,
    hint: e.hint,
    parent,
    command: { command: 'lambdaRelease.refreshNode', title: 'Retry', arguments: [parent] },
  });
}
