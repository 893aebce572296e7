import * as vscode from 'vscode';
import type { FunctionImage } from '../../aws/imageGateway';
import type { FunctionRef } from '../../aws/types';
import { parseImageUri, shortDigest, shortImageName } from '../../release/imageRef';
import { ContextValues } from '../contextValues';
import type { FunctionScopedNode, TreeNode } from './TreeNode';

/** The image a container-image function runs: URI (as given), the digest Lambda resolved, architecture. */
export class ImageNode implements FunctionScopedNode {
  readonly id: string;

  constructor(
    readonly ref: FunctionRef,
    readonly image: FunctionImage,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/image`;
  }

  getTreeItem(): vscode.TreeItem {
    const { image } = this;
    const label = image.imageUri ? safeShortName(image.imageUri) : 'image (unknown URI)';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = ContextValues.image;
    item.iconPath = new vscode.ThemeIcon('package');
    item.description = [image.resolvedDigest ? shortDigest(image.resolvedDigest) : undefined, image.architectures.join(', ')].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**Container image of ${this.ref.functionName}**`,
        `Image URI: \`${image.imageUri ?? '?'}\``,
        `Resolved digest: \`${image.resolvedDigest ?? '?'}\``,
        `Architecture: ${image.architectures.join(', ')}`,
      ].join('\n\n'),
    );
    return item;
  }

}

function safeShortName(uri: string): string {
  try {
    return shortImageName(parseImageUri(uri));
  } catch {
    return uri;
  }
}
