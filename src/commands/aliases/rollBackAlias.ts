import type { TreeNode } from '../../tree/nodes/TreeNode';
import { aliasOf, refreshOnFailure, aliasOperations, moveOptions, reportMove, type AliasDeps } from './aliasContext';

/** "Roll Back": the alias's previous target from history (else the next lower version); the modal shows it first. */
export function rollBackAlias(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Roll back which alias?');
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).rollBack(ref.functionName, alias.name, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}
