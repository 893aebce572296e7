import * as vscode from 'vscode';
import type { AliasSummary, VersionSummary } from '../../aws/types';
import { diffTitle, previousVersion } from '../../release/configDiff';
import { ReleaseError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { FunctionRef } from '../../aws/types';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { ConfigDocumentProvider } from '../../ui/configDocuments';
import { pickFunction, pickLazily, versionItem } from '../../ui/pickers';
import type { CommandDeps } from '../CommandDeps';

type Deps = Pick<CommandDeps, 'services'>;

/** "Compare With…" on a version or alias (palette: asks for both sides). */
export function compareVersions(deps: Deps) {
  return async (node?: TreeNode) => {
    let ref: FunctionRef;
    let left: string;
    if (node instanceof VersionNode) {
      ref = node.ref;
      left = node.version.version;
    } else if (node instanceof AliasNode) {
      ref = node.ref;
      left = await versionOfAlias(node.alias);
    } else {
      ref = await pickFunction(deps.services);
      left = await pickSide(deps, ref, 'Compare which version?');
    }
    const right = await pickSide(deps, ref, `Compare ${ref.functionName} ${left} with…`, left);
    await openDiff(ref, left, right);
  };
}

/** "Compare With Previous Version": one click from a version node. */
export function compareWithPrevious(deps: Deps) {
  return async (node?: TreeNode) => {
    const ref = node instanceof VersionNode ? node.ref : await pickFunction(deps.services);
    const version = node instanceof VersionNode ? node.version.version : await pickSide(deps, ref, 'Compare which version with its previous one?');
    const versions = await deps.services.lambda(ref.target).listVersions(ref.functionName);
    const previous = previousVersion(versions, version);
    if (!previous) throw new ReleaseError('validation', `${ref.functionName} has no published version before ${version}.`);
    await openDiff(ref, previous, version);
  };
}

export async function openDiff(ref: FunctionRef, first: string, second: string): Promise<void> {
  // Older on the left, as in any diff: what the newer version adds shows as added.
  const rank = (version: string) => (version === '$LATEST' ? Number.POSITIVE_INFINITY : Number(version));
  const [left, right] = rank(first) <= rank(second) ? [first, second] : [second, first];
  await vscode.commands.executeCommand(
    'vscode.diff',
    ConfigDocumentProvider.uriFor(ref, left),
    ConfigDocumentProvider.uriFor(ref, right),
    diffTitle(ref.functionName, left, right),
    { preview: true },
  );
}

type Side = { kind: 'version'; version: VersionSummary } | { kind: 'alias'; alias: AliasSummary };

/** $LATEST, a version, or an alias (resolved to its version; a canary alias offers both). */
async function pickSide(deps: Deps, ref: FunctionRef, title: string, exclude?: string): Promise<string> {
  const side = await pickLazily<Side>(title, 'Version or alias', async () => {
    const { versions, aliases } = await deps.services.lambda(ref.target).getFunctionDetails(ref.functionName);
    const versionItems = versions.filter((v) => v.version !== exclude).map((v) => ({ ...versionItem(v, aliases), value: { kind: 'version' as const, version: v } }));
    const aliasItems = aliases.map((a) => ({ label: `$(tag) ${a.name}`, description: `→ ${a.functionVersion}${a.routing.map((r) => ` · ${r.version}`).join('')}`, value: { kind: 'alias' as const, alias: a } }));
    return [
      { label: 'Versions', kind: vscode.QuickPickItemKind.Separator, value: undefined as never },
      ...versionItems,
      ...(aliasItems.length ? [{ label: 'Aliases', kind: vscode.QuickPickItemKind.Separator, value: undefined as never }, ...aliasItems] : []),
    ];
  });
  return side.kind === 'version' ? side.version.version : versionOfAlias(side.alias);
}

/** An alias's version; during a canary, asks which of its two versions. */
async function versionOfAlias(alias: AliasSummary): Promise<string> {
  if (!alias.routing.length) return alias.functionVersion;
  const choices = [alias.functionVersion, ...alias.routing.map((r) => r.version)];
  return pickLazily(`${alias.name} routes to ${choices.join(' and ')}: which one?`, 'Version', async () =>
    choices.map((v, i) => ({ label: v, description: i === 0 ? 'primary' : 'canary', value: v })),
  );
}
