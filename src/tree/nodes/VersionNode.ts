import * as vscode from 'vscode';
import type { AliasSummary, VersionSummary } from '../../aws/types';
import { ContextValues } from '../contextValues';
import { versionAliasLabels } from '../../release/aliases';
import { formatBytes, timeAgo } from '../format';
import type { FunctionRef } from '../../aws/types';
import type { FunctionScopedNode, TreeNode } from './TreeNode';
import type { FunctionFacts } from '../../release/functionFacts';
import { versionBadge, versionFactLines } from '../factsText';

/** `$LATEST` or a published version, with the aliases that point at it. */
export class VersionNode implements FunctionScopedNode {
  readonly id: string;

  constructor(
    readonly ref: FunctionRef,
    readonly version: VersionSummary,
    readonly aliases: AliasSummary[],
    readonly parent: TreeNode,
    /** The function's facts once loaded (after the rows appear); undefined while loading. */
    private readonly facts?: () => FunctionFacts | undefined,
  ) {
    this.id = `${parent.id}/${version.version}`;
  }

  get isLatest(): boolean {
    return this.version.version === '$LATEST';
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const pointing = versionAliasLabels(this.aliases).get(v.version) ?? [];
    const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.isLatest ? ContextValues.latest : ContextValues.version;
    item.iconPath = new vscode.ThemeIcon(this.isLatest ? 'edit' : pointing.length ? 'circle-filled' : 'circle-outline');
    // Aliases first: in a narrow side bar the end of the description is what gets cut off.
    const parts = [
      pointing.length ? `[${pointing.join(', ')}]` : undefined,
      v.description ? `"${v.description}"` : undefined,
      this.isLatest && v.lastModified ? `modified ${timeAgo(v.lastModified)}` : undefined,
      !this.isLatest && v.lastModified ? timeAgo(v.lastModified) : undefined,
      versionBadge(v.facts),
    ];
    item.description = parts.filter(Boolean).join('  ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${this.ref.functionName}:${v.version}**`,
        v.description ? `_${v.description}_` : undefined,
        `ARN: \`${v.arn}\``,
        `Runtime: ${v.runtime ?? '?'} · Memory: ${v.memoryMb ?? '?'} MB · Timeout: ${v.timeoutSeconds ?? '?'} s · Code size: ${formatBytes(v.codeSize)}`,
        v.codeSha256 ? `CodeSha256: \`${v.codeSha256}\`` : undefined,
        v.lastModified ? `Last modified: ${v.lastModified}` : undefined,
        pointing.length ? `Aliases: ${pointing.join(', ')}` : undefined,
        ...versionFactLines(v.facts, this.facts?.()),
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    return item;
  }
}
