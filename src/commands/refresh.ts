import type { TreeNode } from '../tree/nodes/TreeNode';
import type { CommandDeps } from './CommandDeps';

/** Whole tree: re-read the profile files too. */
export function refreshAll({ tree }: Pick<CommandDeps, 'tree'>) {
  return () => tree.refresh();
}

/** One node and what is under it (also the "Retry" of an error node). */
export function refreshNode({ tree }: Pick<CommandDeps, 'tree'>) {
  return (node?: TreeNode) => tree.refresh(node);
}
