import * as vscode from 'vscode';
import type { AliasSummary } from '../../aws/types';
import { checkWeightPercent } from '../../release/aliases';
import { CancelledError, isCancellation } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { pickLazily } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import { confirmBinding } from '../../ui/bindingConsent';
import { resolveDeployTarget } from '../../ui/workspaceBinding';
import { aliasOperations, moveOptions, type AliasDeps } from '../aliases/aliasContext';
import { CommandIds } from '../commandIds';
import { askDescription, describeTarget, runDeploy } from './deployFlow';

type Move = { kind: 'full' } | { kind: 'canary'; percent: string };

/**
 * "Release…": deploy the bound workspace, publish, then move an alias fully or as a canary — one
 * progress notification (5 steps, Cancel), one summary with how to roll back.
 */
export function release(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const binding = await resolveDeployTarget(deps.services, isFunctionScoped(node) ? node.ref : undefined);
    await confirmBinding(deps, binding);
    const { ref } = binding;
    const alias = node instanceof AliasNode ? node.alias : await pickReleaseAlias(deps, ref, binding.alias);
    const move = await pickMove(alias);
    const description = await askDescription(deps.services, binding.sourceFolder, ref.functionName);

    const result = await withCancellableProgress(`Releasing ${describeTarget(ref)}`, async (progress, signal) => {
      const outcome = await runDeploy(deps.services, { binding, publish: true, description: async () => description, totalSteps: 5, onChanged: () => deps.changes.fire(ref) }, progress, signal);
      let version = outcome.published?.version;
      if (!version) {
        // Already deployed: PublishVersion returns the version that holds this code (or publishes it once).
        progress.step(4, 5, 'Publishing…');
        const published = await deps.services.lambda(ref.target).publishVersion(ref.functionName, { codeSha256: outcome.codeSha256, description }, { signal });
        version = published.version;
      }
      progress.step(5, 5, `Moving ${alias.name}…`);
      const operations = aliasOperations(deps, ref);
      const options = moveOptions(ref, signal);
      try {
        const moved =
          move.kind === 'full'
            ? await operations.repoint(ref.functionName, alias.name, version, options)
            : await operations.shiftTraffic(ref.functionName, alias.name, version, move.percent, options);
        return { version, moved };
      } catch (error) {
        // The code is out and published by now: a declined modal or Cancel must say so, not stay silent.
        if (isCancellation(error)) throw new CancelledError(`Version ${version} of ${ref.functionName} was published; ${alias.name} was not moved.`, true);
        throw error;
      }
    }).then(
      (value) => value,
      (error) => {
        deps.changes.fire(ref);
        throw error;
      },
    );

    deps.changes.fire(ref);
    const previous = alias.functionVersion;
    const summary =
      move.kind === 'full'
        ? `Released ${describeTarget(ref)} version ${result.version}: ${result.moved.summary}. To roll back, run "Roll Back Alias" (→ ${previous}).`
        : `Released ${describeTarget(ref)} version ${result.version} as a ${move.percent}% canary of ${alias.name} (primary stays ${previous}). Promote or abort it from the alias.`;
    deps.log.info(summary);
    const actions = move.kind === 'full' ? ['Roll Back'] : ['Promote', 'Abort'];
    const choice = await vscode.window.showInformationMessage(summary, ...actions);
    const aliasNode = AliasNode.detached(ref, result.moved.alias);
    if (choice === 'Roll Back') await vscode.commands.executeCommand(CommandIds.rollBackAlias, aliasNode);
    if (choice === 'Promote') await vscode.commands.executeCommand(CommandIds.promoteCanary, aliasNode);
    if (choice === 'Abort') await vscode.commands.executeCommand(CommandIds.abortCanary, aliasNode);
  };
}

async function pickReleaseAlias(deps: AliasDeps, ref: { target: { profile: string; region: string }; functionName: string }, preferred?: string): Promise<AliasSummary> {
  return pickLazily(`Release ${ref.functionName}: move which alias?`, 'Alias', async () => {
    const aliases = await deps.services.lambda(ref.target).listAliases(ref.functionName);
    const sorted = [...aliases].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
    return sorted.map((a) => ({ label: a.name, description: `→ ${a.functionVersion}${a.name === preferred ? ' · bound to this workspace' : ''}`, value: a }));
  });
}

async function pickMove(alias: AliasSummary): Promise<Move> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(arrow-right) Move fully', description: `all of ${alias.name}'s traffic to the new version`, move: 'full' as const },
      { label: '$(git-compare) Canary', description: `part of ${alias.name}'s traffic to the new version`, move: 'canary' as const },
    ],
    { title: `How should ${alias.name} (now → ${alias.functionVersion}) move?` },
  );
  if (!choice) throw new CancelledError();
  if (choice.move === 'full') return { kind: 'full' };
  const percent = await vscode.window.showInputBox({ title: `Canary of ${alias.name}`, prompt: 'Percent of traffic for the new version (more than 0, less than 100)', value: '10', validateInput: checkWeightPercent });
  if (percent === undefined) throw new CancelledError();
  return { kind: 'canary', percent };
}
