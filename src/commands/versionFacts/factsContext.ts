/**
 * Shared glue of the version-facts commands: which function / alias / version a command acts on
 * (tree node or palette picks), and the gateway for it.
 */
import type { FunctionRef } from '../../aws/types';
import type { VersionFactsGateway } from '../../aws/versionFactsGateway';
import { CancelledError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { pickLazily } from '../../ui/pickers';
import type { CommandDeps } from '../CommandDeps';
import { functionOf } from '../aliases/aliasContext';

export type FactsDeps = Pick<CommandDeps, 'services' | 'context' | 'changes' | 'log'>;

export function factsGateway(deps: FactsDeps, ref: FunctionRef): VersionFactsGateway {
  return deps.services.aws().versionFacts(ref.target);
}

/** An alias or published version: from its node, else function → alias-or-version picked from the palette. */
export async function qualifierOf(deps: FactsDeps, node: TreeNode | undefined, title: string, options: { versions?: boolean } = {}): Promise<{ ref: FunctionRef; qualifier: string; kind: 'alias' | 'version' }> {
  if (node instanceof AliasNode) return { ref: node.ref, qualifier: node.alias.name, kind: 'alias' };
  if (node instanceof VersionNode && !node.isLatest) return { ref: node.ref, qualifier: node.version.version, kind: 'version' };
  const ref = await functionOf(deps, node);
  const picked = await pickLazily<{ qualifier: string; kind: 'alias' | 'version' }>(title, 'Alias or version', async () => {
    const { versions, aliases } = await deps.services.lambda(ref.target).getFunctionDetails(ref.functionName);
    const items: { label: string; description: string; value: { qualifier: string; kind: 'alias' | 'version' } }[] = aliases.map((a) => ({ label: `$(tag) ${a.name}`, description: `→ ${a.functionVersion}`, value: { qualifier: a.name, kind: 'alias' } }));
    if (options.versions ?? true) {
      items.push(...versions.filter((v) => v.version !== '$LATEST').map((v) => ({ label: v.version, description: v.description ?? '', value: { qualifier: v.version, kind: 'version' as const } })));
    }
    return items;
  });
  return { ref, ...picked };
}

export function declined(): never {
  throw new CancelledError();
}
