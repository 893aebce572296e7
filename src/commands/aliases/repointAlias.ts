import type { AliasSummary } from '../../aws/types';
import type { FunctionRef } from '../../aws/types';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { pickAlias, pickVersion } from '../../ui/pickers';
import { aliasOf, refreshOnFailure, aliasOperations, moveOptions, reportMove, type AliasDeps } from './aliasContext';

/** "Repoint Alias…" on an alias (pick the version) or "Point Alias Here…" on a version (pick the alias). */
export function repointAlias(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    let ref: FunctionRef;
    let alias: AliasSummary;
    let version: string;
    if (node instanceof VersionNode) {
      ref = node.ref;
      version = node.version.version;
      alias = await pickAlias(deps.services, ref, `Point which alias of ${ref.functionName} at ${version}?`);
    } else {
      ({ ref, alias } = await aliasOf(deps, node));
      version = (await pickVersion(deps.services, ref, { title: `Point ${alias.name} (now → ${alias.functionVersion}) at…`, exclude: alias.routing.length ? [] : [alias.functionVersion] })).version;
    }
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).repoint(ref.functionName, alias.name, version, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}
