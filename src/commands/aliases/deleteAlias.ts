import type { TreeNode } from '../../tree/nodes/TreeNode';
import { aliasOf, refreshOnFailure, aliasOperations, moveOptions, reportMove, type AliasDeps } from './aliasContext';

/** "Delete Alias": confirmed once, protected aliases twice. */
export function deleteAlias(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Delete which alias?');
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).deleteAlias(ref.functionName, alias.name, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}
