import * as vscode from 'vscode';
import type { FunctionImage } from '../../aws/imageGateway';
import type { FunctionRef } from '../../aws/types';
import { DeployedNotPublishedError } from '../../release/deploy';
import { CancelledError, describeForLog, userFacing } from '../../release/errors';
import { IMAGE_DEPLOY_STEPS, assertImageFunction, deployImage as runImageDeploy, type ImageDeployOutcome } from '../../release/imageDeploy';
import { imageFromInput, parseImageUri, shortDigest, shortImageName, type ImageRef } from '../../release/imageRef';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { pickFunction } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import { workspaceRoot } from '../../ui/workspaceBinding';
import type { CommandDeps } from '../CommandDeps';
import { askDescription, describeTarget, publishOnDeploy } from './deployFlow';
import { publishGuarded } from './publishVersion';

/**
 * "Deploy Image…" for a container-image function: asks for the image (a tag of the function's
 * repository, or a full URI), resolves it to a digest in ECR, updates, waits and publishes with
 * the same guard as a zip deploy. Building and pushing the image stays with the user's tooling.
 */
export function deployImage(deps: Pick<CommandDeps, 'services' | 'changes' | 'log'>) {
  return async (node?: TreeNode) => {
    const ref = isFunctionScoped(node) ? node.ref : await pickFunction(deps.services);
    const images = deps.services.images(ref.target);
    const current = await images.getFunctionImage(ref.functionName);
    assertImageFunction(current);
    const image = await askImage(ref, current);
    const publish = publishOnDeploy();
    const root = workspaceRoot();
    const description = root ? () => askDescription(deps.services, root, ref.functionName) : undefined;
    try {
      const outcome = await withCancellableProgress(`Deploying an image to ${describeTarget(ref)}`, (progress, signal) =>
        runImageDeploy(
          {
            functionName: ref.functionName,
            region: ref.target.region,
            image,
            publish,
            description,
            current,
            signal,
            onStep: (step, index, total) => {
              if (step === 'wait' || step === 'publish') deps.changes.fire(ref);
              progress.step(index, total, IMAGE_DEPLOY_STEPS[step]);
            },
          },
          { images, gateway: deps.services.lambda(ref.target) },
        ),
      );
      const message = describeImageOutcome(describeTarget(ref), outcome);
      deps.log.info(`${message} (${outcome.imageUri})`);
      void vscode.window.showInformationMessage(message);
    } catch (error) {
      if (error instanceof DeployedNotPublishedError) {
        deps.log.error(describeForLog(error));
        const choice = await vscode.window.showErrorMessage(error.message, 'Publish Now', 'Show Logs');
        if (choice === 'Publish Now') await publishGuarded(deps, ref, { codeSha256: error.codeSha256, revisionId: error.revisionId });
        if (choice === 'Show Logs') deps.log.show(true);
        return;
      }
      throw error;
    } finally {
      deps.changes.fire(ref);
    }
  };
}

async function askImage(ref: FunctionRef, current: FunctionImage): Promise<string> {
  let currentRef: ImageRef | undefined;
  try {
    currentRef = current.imageUri ? parseImageUri(current.imageUri) : undefined;
  } catch {
    currentRef = undefined;
  }
  const now = currentRef ? `${shortImageName(currentRef)}${current.resolvedDigest ? ` (${shortDigest(current.resolvedDigest)})` : ''}` : 'unknown';
  const value = await vscode.window.showInputBox({
    title: `Deploy an image to ${ref.functionName}`,
    prompt: currentRef
      ? `A tag or digest of ${currentRef.repository}, or a full image URI. It runs ${now} now.`
      : 'The full image URI (ECR, in the function\'s region).',
    placeHolder: currentRef ? `e.g. v2, or ${currentRef.registry}/${currentRef.repository}:v2` : 'e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v2',
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return undefined;
      try {
        imageFromInput(text, currentRef);
        return undefined;
      } catch (error) {
        return userFacing(error).message;
      }
    },
  });
  if (!value?.trim()) throw new CancelledError();
  return value;
}

export function describeImageOutcome(functionName: string, outcome: ImageDeployOutcome): string {
  const image = `${shortImageName(outcome.requested)} (${shortDigest(outcome.digest)})`;
  if (outcome.status === 'alreadyDeployed') return `${functionName} already runs image ${image}; nothing changed.`;
  const published = outcome.published;
  if (!published) return `${functionName} now runs image ${image}; not published (lambdaRelease.publishOnDeploy is off).`;
  if (published.existing) return `${functionName} now runs image ${image}; version ${published.version} already holds it, so nothing new was published.`;
  return `${functionName} now runs image ${image}, published as version ${published.version}.`;
}
