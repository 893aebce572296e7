import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { CancelledError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickAlias } from '../../ui/pickers';
import { rememberTargets, targetIdentity } from '../../ui/bindingConsent';
import { pickSourceFolder, sameFunction, workspaceRoot, writeBinding } from '../../ui/workspaceBinding';
import { otherTargets } from '../../ui/targetSettings';
import { workspaceTargets } from '../../ui/workspaceTargets';
import { functionOf, type AliasDeps } from '../aliases/aliasContext';

/**
 * "Bind Workspace to Function…" (function / alias node, palette): stores the target in workspace
 * settings; the status bar then follows the chosen alias and deploys go there without asking.
 */
export function bindWorkspace(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    if (!workspaceRoot()) throw new CancelledError('Open a folder first.', true);
    const ref = await functionOf(deps, node);
    const alias = node instanceof AliasNode ? node.alias.name : (await pickAlias(deps.services, ref, `Which alias of ${ref.functionName} should the status bar follow?`)).name;
    const mode = await addOrReplace(ref);
    // A new target beside others needs its own folder; an edited one keeps its folder.
    const isNew = !workspaceTargets().targets.some((t) => sameFunction(t.ref, ref));
    const sourceFolder = mode === 'add' && isNew && otherTargets(ref).length ? await pickSourceFolder(workspaceRoot() as string) : undefined;
    await writeBinding({ ref, alias, sourceFolder }, mode);
    // Bound by this user on this machine: the first deploy does not ask.
    const written = workspaceTargets().targets.find((t) => sameFunction(t.ref, ref));
    if (written) await rememberTargets(deps.context.workspaceState, [targetIdentity(written.ref, written.sourceFolders.length ? written.sourceFolders : written.root)]);
    deps.changes.fire(ref);
    const count = workspaceTargets().targets.length;
    void vscode.window.showInformationMessage(
      count > 1
        ? `${ref.functionName} (${ref.target.profile}, ${ref.target.region}) is a deploy target of this workspace, following alias ${alias}; the workspace has ${count} targets (the active editor's file picks one).`
        : `This workspace now deploys to ${ref.functionName} (${ref.target.profile}, ${ref.target.region}) and follows alias ${alias}.`,
    );
  };
}

/**
 * Another function already bound: add this one as a target beside it, or replace it. A workspace
 * with a targets list always adds (or edits this function's entry).
 */
async function addOrReplace(ref: FunctionRef): Promise<'add' | 'replace'> {
  const others = otherTargets(ref);
  if (!others.length || others.some((t) => !t.legacy)) return 'add';
  const current = others[0];
  const choice = await vscode.window.showQuickPick(
    [
      { label: `$(add) Add ${ref.functionName} as another target`, description: `${current.name} stays a target`, mode: 'add' as const },
      { label: `$(replace) Replace ${current.ref.functionName}`, description: `the workspace deploys only to ${ref.functionName}`, mode: 'replace' as const },
    ],
    { title: `Lambda: this workspace deploys to ${current.ref.functionName} already` },
  );
  if (!choice) throw new CancelledError();
  return choice.mode;
}
