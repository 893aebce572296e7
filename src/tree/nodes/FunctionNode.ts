import * as vscode from 'vscode';
import type { FunctionDetails, FunctionSummary } from '../../aws/types';
import { ContextValues } from '../contextValues';
import { formatBytes, timeAgo } from '../format';
import { AliasesFolderNode, VersionsFolderNode } from './folders';
import { ImageNode } from './ImageNode';
import { errorNode } from './MessageNode';
import { describeForLog } from '../../release/errors';
import type { TreeContext } from './TreeContext';
import type { FunctionRef } from '../../aws/types';
import type { FunctionScopedNode, TreeNode } from './TreeNode';

/** A Lambda function; expanding it loads its versions and aliases once for both folders. */
export class FunctionNode implements FunctionScopedNode {
  readonly id: string;
  private detailsPromise?: Promise<FunctionDetails>;

  constructor(
    private readonly context: TreeContext,
    readonly ref: FunctionRef,
    readonly summary: FunctionSummary,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/fn:${ref.functionName}`;
    context.track(this);
  }

  getTreeItem(): vscode.TreeItem {
    const fn = this.summary;
    const item = new vscode.TreeItem(fn.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = ContextValues.function;
    item.iconPath = new vscode.ThemeIcon('symbol-function');
    const kind = fn.packageType === 'Image' ? `image · ${fn.architectures?.join(', ') ?? 'x86_64'}` : fn.runtime ?? fn.packageType;
    item.description = [kind, fn.lastModified ? `modified ${timeAgo(fn.lastModified)}` : undefined].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${fn.name}**`,
        fn.description ? `_${fn.description}_` : undefined,
        `ARN: \`${fn.arn}\``,
        `Runtime: ${fn.runtime ?? fn.packageType ?? '?'} · Handler: ${fn.handler ?? '?'}`,
        `Memory: ${fn.memoryMb ?? '?'} MB · Timeout: ${fn.timeoutSeconds ?? '?'} s · Code size: ${formatBytes(fn.codeSize)}`,
        fn.lastModified ? `Last modified: ${fn.lastModified}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    this.detailsPromise = undefined; // expanding or refreshing reloads versions and aliases
    const folders = [new AliasesFolderNode(this.context, this), new VersionsFolderNode(this.context, this)];
    return this.summary.packageType === 'Image' ? [await this.imageNode(), ...folders] : folders;
  }

  /** An image function shows what it runs (URI, resolved digest, architecture) above its aliases. */
  private async imageNode(): Promise<TreeNode> {
    try {
      return new ImageNode(this.ref, await this.context.services.images(this.ref.target).getFunctionImage(this.ref.functionName), this);
    } catch (error) {
      this.context.services.log.error(`Reading the image of ${this.ref.functionName} failed: ${describeForLog(error)}`);
      return errorNode(this, error);
    }
  }

  /** Versions and aliases, fetched once per expand and shared by both folders. */
  details(): Promise<FunctionDetails> {
    this.detailsPromise ??= this.context.services.lambda(this.ref.target).getFunctionDetails(this.ref.functionName);
    const pending = this.detailsPromise;
    pending.catch(() => {
      if (this.detailsPromise === pending) this.detailsPromise = undefined; // a failure is retried on next expand
    });
    return pending;
  }
}
