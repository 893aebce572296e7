import * as vscode from 'vscode';
import { DeployedNotPublishedError, ImageFunctionError } from '../../release/deploy';
import { describeForLog, describeForUser, isCancellation, userFacing } from '../../release/errors';
import { CommandIds } from '../commandIds';
import { reportError } from '../runCommand';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { withCancellableProgress } from '../../ui/progress';
import { publishGuarded } from './publishVersion';
import { confirmBinding } from '../../ui/bindingConsent';
import { confirmBuildCommands } from '../../ui/buildCommandConsent';
import { resolveDeployTarget } from '../../ui/workspaceBinding';
import type { CommandDeps } from '../CommandDeps';
import { askDescription, describeOutcome, describeTarget, publishOnDeploy, runDeploy } from './deployFlow';

/** "Deploy Workspace": (1/4) Packaging… (2/4) Uploading… (3/4) Waiting… (4/4) Publishing… with Cancel. */
export function deployWorkspace(deps: Pick<CommandDeps, 'services' | 'changes' | 'log' | 'context'>) {
  return async (node?: TreeNode) => {
    const binding = await resolveDeployTarget(deps.services, isFunctionScoped(node) ? node.ref : undefined);
    await confirmBinding(deps, binding);
    if (binding.target) await confirmBuildCommands(deps.context.workspaceState, [binding.target]);
    const publish = publishOnDeploy();
    const description = () => askDescription(deps.services, binding.sourceFolder, binding.ref.functionName);
    try {
      const outcome = await withCancellableProgress(`Deploying to ${describeTarget(binding.ref)}`, (progress, signal) =>
        runDeploy(deps.services, { binding, publish, description, onChanged: () => deps.changes.fire(binding.ref) }, progress, signal),
      );
      const message = describeOutcome(binding.ref, outcome);
      deps.log.info(message);
      // The next action as a button: publish what was deployed, or release the version that holds it.
      const next = outcome.status === 'deployed' && !outcome.published ? 'Publish Now' : 'Release…';
      void vscode.window.showInformationMessage(message, next).then(async (choice) => {
        if (choice === 'Publish Now') await publishGuarded(deps, binding.ref, { codeSha256: outcome.codeSha256, revisionId: outcome.status === 'deployed' ? outcome.function.revisionId : undefined });
        if (choice === 'Release…') await vscode.commands.executeCommand(CommandIds.release);
      }).then(undefined, (error: unknown) => {
        // Not awaited (the command ends when the deploy does): the button's failure is reported here.
        if (!isCancellation(error)) reportError(deps.log, CommandIds.publishVersion, error);
      });
    } catch (error) {
      if (error instanceof DeployedNotPublishedError) {
        deps.log.error(describeForLog(error));
        const choice = await vscode.window.showErrorMessage(userFacing(error).message, 'Publish Now', 'Show Logs');
        // Exactly what this deploy uploaded, never whatever $LATEST holds by now.
        if (choice === 'Publish Now') await publishGuarded(deps, binding.ref, { codeSha256: error.codeSha256, revisionId: error.revisionId });
        if (choice === 'Show Logs') deps.log.show(true);
        return;
      }
      if (error instanceof ImageFunctionError) {
        deps.log.info(userFacing(error).message);
        const choice = await vscode.window.showErrorMessage(describeForUser(error), 'Deploy Image…');
        if (choice) await vscode.commands.executeCommand(CommandIds.deployImage, { ref: binding.ref });
        return;
      }
      throw error;
    } finally {
      deps.changes.fire(binding.ref);
    }
  };
}
