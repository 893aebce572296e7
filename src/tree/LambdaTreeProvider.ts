import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandIds } from '../commands/commandIds';
import { describeForLog, userFacing } from '../release/errors';
import { MessageNode } from './nodes/MessageNode';
import { ProfileNode } from './nodes/ProfileNode';
import { RegionNode } from './nodes/RegionNode';
import { FunctionListings } from './functionListings';
import type { RolloutStage, TreeContext } from './nodes/TreeContext';
import type { FunctionRef, FunctionSummary, Target } from '../aws/types';
import type { TreeNode } from './nodes/TreeNode';
import type { FunctionNode } from './nodes/FunctionNode';
import type { FunctionChangeEvents } from '../ui/changeEvents';

export const VIEW_ID = 'lambdaRelease.explorer';
const FILTER_STATE_KEY = 'lambdaRelease.functionFilter';
/** Context keys read by `when` clauses in package.json. */
export const NO_PROFILES_CONTEXT = 'lambdaRelease.noProfiles';
export const FILTER_ACTIVE_CONTEXT = 'lambdaRelease.filterActive';

/**
 * The "Lambda Releases" tree. Every level loads lazily in getChildren (async, so the UI never
 * waits on AWS); the view shows its progress bar while a level loads.
 */
export class LambdaTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeContext, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view?: vscode.TreeView<TreeNode>;
  private filter: string;
  /** Function listings per (profile, region), kept until a Refresh: filtering narrows them. */
  private readonly listings: FunctionListings;

  /** Function nodes by profile|region|name, so a change to one function refreshes only it. */
  private readonly functionNodes = new Map<string, FunctionNode>();
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly services: Services,
    private readonly state: vscode.Memento,
    changes: FunctionChangeEvents,
  ) {
    this.filter = state.get<string>(FILTER_STATE_KEY, '');
    this.listings = new FunctionListings((target) => services.lambda(target).listFunctions());
    // A changed function reloads its own node; one not shown only redraws (its listing stays: a
    // deploy or an alias move does not add or remove functions).
    this.subscription = changes.onDidChange((ref) => {
      const node = this.functionNodes.get(functionKey(ref));
      if (node) this.refresh(node);
      else this.changed.fire(undefined);
    });
  }

  track(node: FunctionNode): void {
    this.functionNodes.set(functionKey(node.ref), node);
  }

  private rollouts?: { nodeStageFor(ref: FunctionRef, aliasName: string): RolloutStage | undefined };

  /** Where alias nodes read their rollout stage (src/ui/rollouts.ts). */
  attachRollouts(rollouts: { nodeStageFor(ref: FunctionRef, aliasName: string): RolloutStage | undefined }): void {
    this.rollouts = rollouts;
  }

  rolloutStage(ref: FunctionRef, aliasName: string): RolloutStage | undefined {
    return this.rollouts?.nodeStageFor(ref, aliasName);
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.showFilter();
  }

  functionFilter(): string {
    return this.filter.toLowerCase();
  }

  currentFilter(): string {
    return this.filter;
  }

  /** Narrows what is loaded: the nodes are drawn again from the kept listings, nothing is re-listed. */
  async setFilter(filter: string): Promise<void> {
    this.filter = filter.trim();
    await this.state.update(FILTER_STATE_KEY, this.filter);
    this.showFilter();
    this.changed.fire(undefined);
  }

  listFunctions(target: Target): Promise<FunctionSummary[]> {
    return this.listings.get(target);
  }

  /** Reload the whole tree, or one node and everything under it. */
  /**
   * Reload the whole tree, or one node and everything under it, from AWS: the function listings
   * under it are forgotten (a filter change only redraws, see setFilter).
   */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.functionNodes.clear();
      this.listings.forget();
    } else if (node instanceof ProfileNode) this.listings.forget({ profile: node.profile.name });
    else if (node instanceof RegionNode) this.listings.forget({ profile: node.profile.name, region: node.region });
    this.changed.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  repaint(node: TreeNode): void {
    this.changed.fire(node);
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    return node.resolveTreeItem ? node.resolveTreeItem(item, token) : item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const load = node ? node.getChildren?.() ?? Promise.resolve([]) : this.rootNodes();
    return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => load);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async rootNodes(): Promise<TreeNode[]> {
    try {
      const listing = await this.services.aws().listProfiles();
      const hidden = this.services.hiddenProfiles();
      const aws = this.services.aws();
      const profiles = listing.profiles.filter((p) => !hidden.has(p.name));
      await vscode.commands.executeCommand('setContext', NO_PROFILES_CONTEXT, listing.profiles.length === 0 && listing.fileProblems.length === 0);
      const nodes: TreeNode[] = listing.fileProblems.map((problem, i) => new MessageNode(`file-problem:${i}`, problem, { error: true }));
      for (const profile of profiles) nodes.push(new ProfileNode(this, profile, aws.profileLabel(profile.name)));
      if (!nodes.length && listing.profiles.length) {
        nodes.push(new MessageNode('all-hidden', 'All profiles are hidden by lambdaRelease.hiddenProfiles'));
      }
      return nodes;
    } catch (error) {
      this.services.log.error(`Listing profiles failed: ${describeForLog(error)}`);
      const e = userFacing(error);
      return [new MessageNode('root/error', e.message, { error: true, hint: e.hint, command: { command: CommandIds.refresh, title: 'Retry' } })];
    }
  }

  private showFilter(): void {
    if (this.view) this.view.description = this.filter ? `filter: ${this.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE_CONTEXT, Boolean(this.filter));
  }
}

function functionKey(ref: FunctionRef): string {
  return `${ref.target.profile}|${ref.target.region}|${ref.functionName}`;
}
