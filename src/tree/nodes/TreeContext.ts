import type { Services } from '../../services';
import type { FunctionRef, FunctionSummary, Target } from '../../aws/types';
import type { FunctionNode } from './FunctionNode';
import type { TreeNode } from './TreeNode';

/** What nodes need from the provider: the services and the current function-name filter. */
export interface TreeContext {
  readonly services: Services;
  /** Lower-cased substring; empty shows every function. */
  functionFilter(): string;
  /** The filter as the user typed it (for the row that names it). */
  currentFilter(): string;
  /** The functions of a (profile, region): the loaded listing, listed from AWS only on first use and after a Refresh. */
  listFunctions(target: Target): Promise<FunctionSummary[]>;
  /** Remembers a function node so changes to that function refresh just it. */
  track(node: FunctionNode): void;
  /** The unfinished gradual rollout of an alias, for its description and menu (`paused`: Resume instead of Pause). */
  rolloutStage?(ref: FunctionRef, aliasName: string): RolloutStage | undefined;
  /** Repaints one node (its label, description, tooltip) without reloading anything above it. */
  repaint(node: TreeNode): void;
}

export interface RolloutStage {
  /** `rollout 25% → 42 · step 2/4`. */
  text: string;
  paused: boolean;
}
