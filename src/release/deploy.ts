/**
 * The deploy path: read the function (refuse an image function) → package → (already deployed?
 * stop) → confirm the package → upload → wait → publish. Pure
 * orchestration over narrow dependencies; the UI supplies progress and cancellation.
 */
import type { CodeSource, LambdaGateway, PublishResult } from '../aws/lambdaGateway';
import type { FunctionSummary } from '../aws/types';
import { childController } from './abortScope';
import { CancelledError, ReleaseError, isCancellation, maskSecrets } from './errors';

export interface BuiltPackage {
  zip: Buffer;
  /** Base64 SHA-256 of the zip, comparable with Lambda's CodeSha256. */
  sha256: string;
  fileCount: number;
  unzippedBytes: number;
}

export type DeployStep = 'package' | 'upload' | 'wait' | 'publish';
export const DEPLOY_STEPS: Record<DeployStep, string> = { package: 'Packaging…', upload: 'Uploading…', wait: 'Waiting for Lambda…', publish: 'Publishing…' };

export interface DeployDeps<P extends BuiltPackage = BuiltPackage> {
  gateway: Pick<LambdaGateway, 'getFunction' | 'waitUntilUpdated' | 'updateFunctionCode' | 'publishVersion'> &
    Partial<Pick<LambdaGateway, 'latestPublishedVersion'>>;
  /** Builds the zip (file selection, limits, deterministic zip), once the function was read and can take it. */
  buildPackage(signal?: AbortSignal): Promise<P>;
  /**
   * Asks about the built package before it is sent (e.g. secret-looking files); throws to stop.
   * Called only once the lookup and the build both succeeded and an upload is due: never after a failure.
   */
  confirmPackage?(pkg: P, signal?: AbortSignal): Promise<void>;
  /** Decides direct upload vs S3 (over 50 MB) and uploads to S3 when needed; throws on a limit. */
  codeSourceFor(pkg: BuiltPackage, signal?: AbortSignal): Promise<CodeSource>;
}

export interface DeployOptions {
  functionName: string;
  publish: boolean;
  /** Description of the version to publish (e.g. git HEAD); asked lazily, only when publishing. */
  description?: () => Promise<string | undefined>;
  signal?: AbortSignal;
  onStep?: (step: DeployStep, index: number, total: number) => void;
}

export type DeployOutcome =
  | { status: 'alreadyDeployed'; codeSha256: string; pkg: BuiltPackage; published?: PublishResult }
  | { status: 'deployed'; codeSha256: string; pkg: BuiltPackage; function: FunctionSummary; published?: PublishResult };

/** Thrown when the code went out but publishing did not: the caller offers to publish. */
export class DeployedNotPublishedError extends ReleaseError {
  constructor(
    readonly functionName: string,
    readonly codeSha256: string,
    readonly revisionId: string | undefined,
    cause: unknown,
  ) {
    const reason = maskSecrets((cause as Error)?.message ?? String(cause));
    super((cause as ReleaseError)?.kind ?? 'aws', `${functionName} was deployed (CodeSha256 ${codeSha256}) but not published: ${reason}`, {
      hint: 'Publish it from the function\'s $LATEST ("Publish Version…") once the cause is fixed.',
      cause,
    });
    this.name = 'DeployedNotPublishedError';
  }
}

export async function deploy<P extends BuiltPackage>(options: DeployOptions, deps: DeployDeps<P>): Promise<DeployOutcome> {
  // Whatever this deploy started in the background (the package build, the read of the newest
  // version) ends with it, success or failure.
  const scope = childController(options.signal);
  try {
    return await deployWithin(scope.signal, options, deps);
  } finally {
    scope.abort();
  }
}

async function deployWithin<P extends BuiltPackage>(signal: AbortSignal, options: DeployOptions, deps: DeployDeps<P>): Promise<DeployOutcome> {
  const { functionName } = options;
  const total = options.publish ? 4 : 3;
  const step = (name: DeployStep, index: number) => options.onStep?.(name, index, total);

  step('package', 1);
  // The function first, then the package: a deploy that cannot happen (missing function,
  // credentials, a container-image function) builds nothing and asks nothing. One GetFunction
  // round trip is all the overlap would save.
  let current = await deps.gateway.getFunction(functionName, { signal });
  refuseImageFunction(functionName, current);
  const pkg = await deps.buildPackage(signal);
  if (signal.aborted) throw new CancelledError('Cancelled before upload: nothing was changed.');

  if (pkg.sha256 === current.codeSha256) {
    // Same bytes as what runs now: no upload, no new revision.
    return { status: 'alreadyDeployed', codeSha256: pkg.sha256, pkg };
  }
  await deps.confirmPackage?.(pkg, signal);
  if (signal.aborted) throw new CancelledError('Cancelled before upload: nothing was changed.');

  step('upload', 2);
  if (current.lastUpdateStatus === 'InProgress') {
    // The settled function has a new RevisionId (and maybe, from someone else, this very code).
    current = await deps.gateway.waitUntilUpdated(functionName, { signal });
    if (pkg.sha256 === current.codeSha256) return { status: 'alreadyDeployed', codeSha256: pkg.sha256, pkg };
  }
  const source = await deps.codeSourceFor(pkg, signal);
  let updated: FunctionSummary;
  try {
    updated = await deps.gateway.updateFunctionCode(functionName, source, { signal, revisionId: current.revisionId });
  } catch (error) {
    if (isCancellation(error)) throw new CancelledError('Cancelled during upload: the function was not changed (Lambda applies an upload only when it completes).', true);
    throw await afterUploadFailure(functionName, current.codeSha256, pkg.sha256, error, deps, signal);
  }

  step('wait', 3);
  // The newest published version, read while Lambda settles the update (not after it): the publish
  // step compares with it to tell a new version from an existing one.
  const latestBefore = options.publish ? deps.gateway.latestPublishedVersion?.(functionName, { signal }) : undefined;
  latestBefore?.catch(() => undefined); // a failure surfaces at the publish step, not as an unhandled rejection
  let settled: FunctionSummary;
  try {
    settled = await deps.gateway.waitUntilUpdated(functionName, { signal });
  } catch (error) {
    if (isCancellation(error)) throw afterUploadCancel(functionName, pkg.sha256);
    throw error;
  }
  if (settled.codeSha256 && settled.codeSha256 !== pkg.sha256) {
    throw new ReleaseError('precondition', `${functionName} now runs code ${settled.codeSha256}, not the ${pkg.sha256} just uploaded: someone else deployed meanwhile.`, {
      hint: 'Review the function; deploy again if your code should win.',
    });
  }
  if (!options.publish) return { status: 'deployed', codeSha256: pkg.sha256, pkg, function: settled };
  if (signal?.aborted) throw afterUploadCancel(functionName, pkg.sha256);

  step('publish', 4);
  try {
    const description = await options.description?.();
    const published = await deps.gateway.publishVersion(
      functionName,
      { codeSha256: pkg.sha256, revisionId: settled.revisionId ?? updated.revisionId, description },
      { signal, latestBefore },
    );
    return { status: 'deployed', codeSha256: pkg.sha256, pkg, function: settled, published };
  } catch (error) {
    if (isCancellation(error)) throw afterUploadCancel(functionName, pkg.sha256);
    throw new DeployedNotPublishedError(functionName, pkg.sha256, settled.revisionId, error);
  }
}

/** A zip deploy refused because the function runs a container image; the command offers "Deploy Image…". */
export class ImageFunctionError extends ReleaseError {
  constructor(readonly functionName: string) {
    super('validation', `${functionName} is a container-image function (PackageType Image): a zip of this workspace cannot be deployed to it. Nothing was packaged or changed.`, {
      hint: 'Deploy a new image with "Deploy Image…" (on the function, or from the palette), or with your container tooling.',
    });
    this.name = 'ImageFunctionError';
  }
}

/** A container-image function runs an image, not a zip: UpdateFunctionCode with a zip cannot work. */
function refuseImageFunction(functionName: string, fn: FunctionSummary): void {
  if (fn.packageType === 'Image') throw new ImageFunctionError(functionName);
}

/**
 * A failed upload (reset, time-out, refusal) says what state it left: the function is read again,
 * because a connection can break after Lambda applied the update, and the user must know before
 * deploying or publishing again.
 */
async function afterUploadFailure(
  functionName: string,
  before: string | undefined,
  uploaded: string,
  error: unknown,
  deps: DeployDeps,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (!(error instanceof ReleaseError)) return error;
  let state: string;
  try {
    const now = (await deps.gateway.getFunction(functionName, { signal })).codeSha256;
    if (now === uploaded) state = `The upload reached Lambda anyway: ${functionName} ($LATEST) now runs the new code (CodeSha256 ${uploaded}); no version was published.`;
    else if (now === before) state = `${functionName} was not changed: it still runs CodeSha256 ${before}.`;
    else state = `${functionName} now runs CodeSha256 ${now ?? 'unknown'}, neither its previous code nor this upload: someone else deployed meanwhile.`;
  } catch {
    state = `Whether the upload reached Lambda is unknown (${functionName} could not be read again): check its CodeSha256 before publishing.`;
  }
  return new ReleaseError(error.kind, `${error.message} ${state}`, { hint: error.hint, cause: error });
}

function afterUploadCancel(functionName: string, sha256: string): CancelledError {
  return new CancelledError(`Cancelled after upload: ${functionName} ($LATEST) already runs the new code (CodeSha256 ${sha256}); no version was published.`, true);
}
