import * as vscode from 'vscode';
import type { AliasSummary } from '../../aws/types';
import { ContextValues } from '../contextValues';
import { describeTarget, formatPercent } from '../../release/aliases';
import type { FunctionRef } from '../../aws/types';
import type { RolloutStage } from './TreeContext';
import type { FunctionScopedNode, TreeNode } from './TreeNode';
import type { FunctionFacts } from '../../release/functionFacts';
import { aliasBadge, aliasFactLines } from '../factsText';

/** An alias: `prod → 41 (10% → 42)`. A weighted alias gets its own contextValue (canary actions). */
export class AliasNode implements FunctionScopedNode {
  readonly id: string;

  constructor(
    readonly ref: FunctionRef,
    readonly alias: AliasSummary,
    readonly parent: TreeNode,
    /** The alias's unfinished gradual rollout, if any (description and menu). */
    readonly rollout?: RolloutStage,
    /** The function's facts once loaded (after the rows appear); undefined while loading. */
    private readonly facts?: () => FunctionFacts | undefined,
  ) {
    this.id = `${parent.id}/${alias.name}`;
  }

  /** An alias handed to a command from outside the tree (status bar, a notification button). */
  static detached(ref: FunctionRef, alias: AliasSummary): AliasNode {
    return new AliasNode(ref, alias, { id: 'detached', getTreeItem: () => new vscode.TreeItem('') });
  }

  getTreeItem(): vscode.TreeItem {
    const alias = this.alias;
    const item = new vscode.TreeItem(alias.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const canary = alias.routing.length > 0;
    const rollout = this.rollout;
    item.contextValue = rollout ? (rollout.paused ? ContextValues.aliasRolloutPaused : ContextValues.aliasRollout) : canary ? ContextValues.aliasCanary : ContextValues.alias;
    item.iconPath = new vscode.ThemeIcon(rollout ? (rollout.paused ? 'debug-pause' : 'sync') : canary ? 'git-compare' : 'tag');
    const facts = this.facts?.();
    item.description = `→ ${describeTarget(alias)}${rollout ? ` · ${rollout.text}` : ''}${aliasBadge(alias.name, facts)}`;
    const routing = alias.routing.map((r) => `${formatPercent(r.weight)} → version ${r.version}`).join(', ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${alias.name}** → version ${alias.functionVersion}`,
        routing ? `Canary: ${routing}` : undefined,
        rollout ? `Gradual ${rollout.text}` : undefined,
        alias.description,
        `ARN: \`${alias.arn}\``,
        ...(this.facts ? aliasFactLines(alias.name, facts) : []),
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    return item;
  }
}
