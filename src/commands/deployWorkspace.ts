import * as vscode from 'vscode';
import { DeployedNotPublishedError } from '../release/deploy';
import { describeForLog } from '../release/errors';
import { isFunctionScoped, type FunctionRef, type TreeNode } from '../tree/nodes/TreeNode';
import { withCancellableProgress } from '../ui/progress';
import { resolveDeployTarget } from '../ui/workspaceBinding';
import type { CommandDeps } from './CommandDeps';
import { askDescription, describeOutcome, publishOnDeploy, runDeploy } from './deployFlow';

/** "Deploy Workspace": (1/4) Packaging… (2/4) Uploading… (3/4) Waiting… (4/4) Publishing… with Cancel. */
export function deployWorkspace(deps: Pick<CommandDeps, 'services' | 'changes' | 'log'>) {
  return async (node?: TreeNode) => {
    const binding = await resolveDeployTarget(deps.services, isFunctionScoped(node) ? node.ref : undefined);
    const publish = publishOnDeploy();
    const description = () => askDescription(deps.services, binding.sourceFolder, binding.ref.functionName);
    try {
      const outcome = await withCancellableProgress(`Deploying to ${binding.ref.functionName}`, (progress, signal) =>
        runDeploy(deps.services, { binding, publish, description, onChanged: () => deps.changes.fire(binding.ref) }, progress, signal),
      );
      const message = describeOutcome(binding.ref.functionName, outcome);
      deps.log.info(message);
      void vscode.window.showInformationMessage(message);
    } catch (error) {
      if (error instanceof DeployedNotPublishedError) {
        deps.log.error(describeForLog(error));
        const choice = await vscode.window.showErrorMessage(error.message, 'Publish Now', 'Show Logs');
        if (choice === 'Publish Now') await publishDeployed(deps, binding.ref, error);
        if (choice === 'Show Logs') deps.log.show(true);
        return;
      }
      throw error;
    } finally {
      deps.changes.fire(binding.ref);
    }
  };
}

/**
 * "Publish Now" after "deployed but not published": publishes exactly what this deploy uploaded
 * (its CodeSha256 and RevisionId), never whatever $LATEST holds by now.
 */
async function publishDeployed(deps: Pick<CommandDeps, 'services' | 'changes' | 'log'>, ref: FunctionRef, deployed: DeployedNotPublishedError): Promise<void> {
  const gateway = deps.services.lambda(ref.target);
  try {
    const result = await withCancellableProgress(`Publishing ${ref.functionName}`, (_progress, signal) =>
      gateway.publishVersion(ref.functionName, { codeSha256: deployed.codeSha256, revisionId: deployed.revisionId }, { signal }),
    );
    const message = `Published version ${result.version} of ${ref.functionName} (CodeSha256 ${deployed.codeSha256}).`;
    deps.log.info(message);
    void vscode.window.showInformationMessage(message);
  } finally {
    deps.changes.fire(ref);
  }
}
