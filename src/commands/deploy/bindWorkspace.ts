import * as vscode from 'vscode';
import { CancelledError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickAlias } from '../../ui/pickers';
import { rememberTargets, targetIdentity } from '../../ui/bindingConsent';
import { readBinding, workspaceRoot, writeBinding } from '../../ui/workspaceBinding';
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
    await writeBinding({ ref, alias });
    // Bound by this user on this machine: the first deploy does not ask.
    const written = readBinding();
    if (written) await rememberTargets(deps.context.workspaceState, [targetIdentity(written.ref, written.sourceFolder)]);
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`This workspace now deploys to ${ref.functionName} (${ref.target.profile}, ${ref.target.region}) and follows alias ${alias}.`);
  };
}
