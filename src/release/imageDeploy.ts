/**
 * Deploying a new image to a container-image function: resolve the tag to a digest (so what is
 * deployed is exact), UpdateFunctionCode with the digest-pinned ImageUri, wait, then publish through
 * the same CodeSha256-guarded PublishVersion as a zip deploy. Building and pushing images stays
 * with the user's own tooling.
 */
import type { FunctionImage, ImageGateway } from '../aws/imageGateway';
import type { LambdaGateway, PublishResult } from '../aws/lambdaGateway';
import { DeployedNotPublishedError } from './deploy';
import { CancelledError, ReleaseError, isCancellation } from './errors';
import { checkImageRegion, imageFromInput, parseImageUri, pinnedImageUri, type ImageRef } from './imageRef';

export type ImageDeployStep = 'resolve' | 'update' | 'wait' | 'publish';
export const IMAGE_DEPLOY_STEPS: Record<ImageDeployStep, string> = {
  resolve: 'Resolving the image in ECR…',
  update: 'Updating the function\'s image…',
  wait: 'Waiting for Lambda…',
  publish: 'Publishing…',
};

export interface ImageDeployDeps {
  images: Pick<ImageGateway, 'getFunctionImage' | 'resolveDigest'>;
  gateway: Pick<LambdaGateway, 'updateFunctionCode' | 'waitUntilUpdated' | 'publishVersion'> & Partial<Pick<LambdaGateway, 'latestPublishedVersion'>>;
}

export interface ImageDeployOptions {
  functionName: string;
  /** The function's region: Lambda pulls only from ECR there. */
  region: string;
  /** What the user gave: a full URI, or a tag / digest of the function's repository. */
  image: string;
  publish: boolean;
  description?: () => Promise<string | undefined>;
  /** The function's image, when the caller already read it (to ask for the tag). */
  current?: FunctionImage;
  signal?: AbortSignal;
  onStep?: (step: ImageDeployStep, index: number, total: number) => void;
}

export type ImageDeployOutcome = {
  status: 'alreadyDeployed' | 'deployed';
  /** The digest-pinned URI the function now runs. */
  imageUri: string;
  digest: string;
  /** The image as the user named it (with its tag). */
  requested: ImageRef;
  codeSha256?: string;
  published?: PublishResult;
};

/** Refuses an image deploy to a zip function, naming what to do instead. */
export function assertImageFunction(image: FunctionImage): void {
  if (image.packageType !== 'Image') {
    throw new ReleaseError('validation', `${image.functionName} is a .zip function: it cannot run a container image.`, {
      hint: 'Use "Deploy Workspace" for .zip functions; an image needs a function created with package type Image.',
    });
  }
}

export async function deployImage(options: ImageDeployOptions, deps: ImageDeployDeps): Promise<ImageDeployOutcome> {
  const { functionName, signal } = options;
  const total = options.publish ? 4 : 3;
  const step = (name: ImageDeployStep, index: number) => options.onStep?.(name, index, total);

  step('resolve', 1);
  const current = options.current ?? (await deps.images.getFunctionImage(functionName, { signal }));
  assertImageFunction(current);
  const currentRef = current.imageUri ? safeParse(current.imageUri) : undefined;
  const requested = imageFromInput(options.image, currentRef);
  checkImageRegion(requested, options.region);
  const digest = await deps.images.resolveDigest(requested, { signal });
  const imageUri = pinnedImageUri(requested, digest);
  if (current.resolvedDigest === digest || current.imageUri === imageUri) {
    return { status: 'alreadyDeployed', imageUri, digest, requested, codeSha256: current.codeSha256 };
  }
  if (signal?.aborted) throw new CancelledError('Cancelled before the update: nothing was changed.');

  step('update', 2);
  try {
    await deps.gateway.updateFunctionCode(functionName, { imageUri }, { signal, revisionId: current.revisionId });
  } catch (error) {
    if (isCancellation(error)) throw new CancelledError('Cancelled during the update: check the function\'s image before deploying again.', true);
    throw error;
  }

  step('wait', 3);
  const latestBefore = options.publish ? deps.gateway.latestPublishedVersion?.(functionName, { signal }) : undefined;
  latestBefore?.catch(() => undefined);
  try {
    await deps.gateway.waitUntilUpdated(functionName, { signal });
  } catch (error) {
    if (isCancellation(error)) throw afterUpdateCancel(functionName, imageUri);
    throw error;
  }
  // Read back what $LATEST runs now: publish only if it is this image (someone may have deployed meanwhile).
  const settled = await deps.images.getFunctionImage(functionName, { signal });
  if (settled.imageUri !== imageUri && settled.resolvedDigest !== digest) {
    throw new ReleaseError('precondition', `${functionName} now runs ${settled.imageUri ?? 'another image'}, not ${imageUri}: someone else deployed meanwhile.`, {
      hint: 'Review the function; deploy again if your image should win.',
    });
  }
  if (!options.publish) return { status: 'deployed', imageUri, digest, requested, codeSha256: settled.codeSha256 };
  if (signal?.aborted) throw afterUpdateCancel(functionName, imageUri);

  step('publish', 4);
  const codeSha256 = settled.codeSha256 ?? '';
  try {
    const description = await options.description?.();
    const published = await deps.gateway.publishVersion(functionName, { codeSha256, revisionId: settled.revisionId, description }, { signal, latestBefore });
    return { status: 'deployed', imageUri, digest, requested, codeSha256, published };
  } catch (error) {
    if (isCancellation(error)) throw afterUpdateCancel(functionName, imageUri);
    throw new DeployedNotPublishedError(functionName, codeSha256, settled.revisionId, error);
  }
}

function safeParse(uri: string): ImageRef | undefined {
  try {
    return parseImageUri(uri);
  } catch {
    return undefined;
  }
}

function afterUpdateCancel(functionName: string, imageUri: string): CancelledError {
  return new CancelledError(`Cancelled after the update: ${functionName} ($LATEST) already runs ${imageUri}; no version was published.`, true);
}
