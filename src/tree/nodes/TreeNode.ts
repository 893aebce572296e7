import type * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';

/** A node of the explorer: a stable id, its TreeItem, and (when expandable) its children. */
export interface TreeNode {
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
  /** Fills the tooltip on hover (VS Code calls it only while `tooltip` is undefined). */
  resolveTreeItem?(item: vscode.TreeItem, token: vscode.CancellationToken): Promise<vscode.TreeItem>;
}


/** A node that belongs to a function (function, alias, version, folders): commands read `ref`. */
export interface FunctionScopedNode extends TreeNode {
  readonly ref: FunctionRef;
}

export function isFunctionScoped(node: unknown): node is FunctionScopedNode {
  return typeof node === 'object' && node !== null && 'ref' in node && typeof (node as FunctionScopedNode).ref?.functionName === 'string';
}
