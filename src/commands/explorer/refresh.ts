import { ProfileNode } from '../../tree/nodes/ProfileNode';
import { RegionNode } from '../../tree/nodes/RegionNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import type { CommandDeps } from '../CommandDeps';

/** Whole tree: re-read the profile files, and credentials (new keys, `aws sso login`). */
export function refreshAll({ tree, services }: Pick<CommandDeps, 'tree' | 'services'>) {
  return () => {
    services.forgetCredentials();
    tree.refresh();
  };
}

/** One node and what is under it (also the "Retry" of an error node); a profile re-reads its credentials. */
export function refreshNode({ tree, services }: Pick<CommandDeps, 'tree' | 'services'>) {
  return (node?: TreeNode) => {
    if (node instanceof ProfileNode || node instanceof RegionNode) services.forgetCredentials(node.profile.name);
    tree.refresh(node);
  };
}
