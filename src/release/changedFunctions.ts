/**
 * "Deploy Changed Functions", pure orchestration over narrow dependencies:
 *  1. assess every target: build + package it and compare the zip's SHA-256 with the function's
 *     CodeSha256 (an image target: its tag's ECR digest with the digest the function runs);
 *  2. the user picks among the changed ones (the UI);
 *  3. deploy + publish the chosen ones one after another, each with its own steps; a failure stops
 *     only its function unless the user chose "stop at first failure"; Cancel stops the one running
 *     and leaves the rest untouched; one summary says what is true for each.
 */
import type { ImageDeployDeps } from './imageDeploy';
import { deployImage, type ImageDeployOutcome } from './imageDeploy';
import type { CodeSource } from '../aws/lambdaGateway';
import type { FunctionSummary } from '../aws/types';
import { deploy, DeployedNotPublishedError, type BuiltPackage, type DeployDeps, type DeployOutcome } from './deploy';
import { CancelledError, ReleaseError, isCancellation, throwIfAborted, userFacing } from './errors';
import { imageFromInput, parseImageUri, pinnedImageUri, shortDigest, type ImageRef } from './imageRef';
import type { WorkspaceTarget } from './targets';

export type TargetState =
  | { kind: 'zip'; status: 'changed' | 'unchanged'; pkg: BuiltPackage; current: FunctionSummary }
  | { kind: 'image'; status: 'changed' | 'unchanged'; imageUri: string; digest: string; currentDigest?: string };

export interface Assessment {
  target: WorkspaceTarget;
  state?: TargetState;
  /** Set when the target could not be assessed (build failed, function missing…): not deployable. */
  error?: unknown;
}

export interface ChangedFunctionsDeps {
  lambda(target: WorkspaceTarget): DeployDeps['gateway'];
  images(target: WorkspaceTarget): ImageDeployDeps['images'];
  /** Build (if any), Python dependencies (if any), zip. */
  packageTarget(target: WorkspaceTarget, fn: FunctionSummary, signal?: AbortSignal): Promise<BuiltPackage>;
  /** Direct upload, or through the deployment bucket over 50 MB. */
  codeSourceFor(target: WorkspaceTarget, pkg: BuiltPackage, signal?: AbortSignal): Promise<CodeSource>;
  /** The description of a version published for this target (e.g. git HEAD); never prompts. */
  description?(target: WorkspaceTarget): Promise<string | undefined>;
}

/** Targets assessed at once: packaging is CPU-bound and these machines are small. Builds run one at a time. */
const DEFAULT_CONCURRENCY = 4;

export async function assessTargets(
  targets: readonly WorkspaceTarget[],
  deps: ChangedFunctionsDeps,
  options: { signal?: AbortSignal; concurrency?: number; onAssessed?: (assessment: Assessment, done: number, total: number) => void } = {},
): Promise<Assessment[]> {
  const { signal } = options;
  const results: Assessment[] = new Array(targets.length);
  let buildLock: Promise<unknown> = Promise.resolve();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index];
      let assessment: Assessment;
      try {
        throwIfAborted(signal);
        if (target.build) {
          // One build at a time: tasks share the terminal and often the same node_modules.
          const previous = buildLock;
          let release!: () => void;
          buildLock = new Promise<void>((resolve) => (release = resolve));
          await previous;
          try {
            assessment = { target, state: await assessOne(target, deps, signal) };
          } finally {
            release();
          }
        } else {
          assessment = { target, state: await assessOne(target, deps, signal) };
        }
      } catch (error) {
        if (signal?.aborted) throw new CancelledError('Cancelled while looking for changes: nothing was deployed.');
        assessment = { target, error };
      }
      results[index] = assessment;
      options.onAssessed?.(assessment, ++done, targets.length);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, targets.length)) }, worker);
  await Promise.all(workers);
  return results;
}

async function assessOne(target: WorkspaceTarget, deps: ChangedFunctionsDeps, signal?: AbortSignal): Promise<TargetState> {
  if (target.image) return assessImage(target, deps, signal);
  const current = await deps.lambda(target).getFunction(target.ref.functionName, { signal });
  if (current.packageType === 'Image') {
    throw new ReleaseError('validation', `${target.ref.functionName} is a container-image function: target ${target.name} needs an "image" (a tag to follow, e.g. "latest"), not source folders.`, {
      hint: 'Set "image" in this target, or use "Deploy Image…".',
    });
  }
  const pkg = await deps.packageTarget(target, current, signal);
  return { kind: 'zip', status: pkg.sha256 === current.codeSha256 ? 'unchanged' : 'changed', pkg, current };
}

async function assessImage(target: WorkspaceTarget, deps: ChangedFunctionsDeps, signal?: AbortSignal): Promise<TargetState> {
  const images = deps.images(target);
  const current = await images.getFunctionImage(target.ref.functionName, { signal });
  if (current.packageType !== 'Image') {
    throw new ReleaseError('validation', `${target.ref.functionName} is a .zip function: target ${target.name} names an image.`, {
      hint: 'Remove "image" from this target and give it a source folder.',
    });
  }
  const requested = imageFromInput(target.image as string, currentRef(current.imageUri));
  const digest = await images.resolveDigest(requested, { signal });
  const imageUri = pinnedImageUri(requested, digest);
  const unchanged = current.resolvedDigest === digest || current.imageUri === imageUri;
  return { kind: 'image', status: unchanged ? 'unchanged' : 'changed', imageUri, digest, currentDigest: current.resolvedDigest };
}

export type ResultStatus = 'deployed' | 'alreadyDeployed' | 'failed' | 'cancelled' | 'notStarted';

export interface DeployResult {
  target: WorkspaceTarget;
  status: ResultStatus;
  /** What is true now, in one line. */
  detail: string;
  version?: string;
  error?: unknown;
}

export async function deployChosen(
  chosen: readonly Assessment[],
  deps: ChangedFunctionsDeps,
  options: {
    publish: boolean;
    stopAtFirstFailure: boolean;
    signal?: AbortSignal;
    /** `orders-api (2/3): Uploading…` */
    onStep?: (target: WorkspaceTarget, position: number, count: number, step: string) => void;
  },
): Promise<DeployResult[]> {
  const { signal } = options;
  const results: DeployResult[] = [];
  let stopReason: string | undefined;
  for (const [index, assessment] of chosen.entries()) {
    const { target, state } = assessment;
    if (stopReason || signal?.aborted) {
      results.push({ target, status: 'notStarted', detail: `not started: ${stopReason ?? 'cancelled'}.` });
      continue;
    }
    const onStep = (label: string) => options.onStep?.(target, index + 1, chosen.length, label);
    try {
      if (!state) throw assessment.error ?? new Error(`${target.name} was not assessed.`);
      const description = options.publish ? () => deps.description?.(target) ?? Promise.resolve(undefined) : undefined;
      if (state.kind === 'image') {
        const outcome = await deployImage(
          { functionName: target.ref.functionName, region: target.ref.target.region, image: state.imageUri, publish: options.publish, description, signal, onStep: (step) => onStep(imageStepLabel[step]) },
          { images: deps.images(target), gateway: deps.lambda(target) },
        );
        results.push(imageResult(target, outcome));
      } else {
        const outcome = await deploy(
          { functionName: target.ref.functionName, publish: options.publish, description, signal, onStep: (step) => onStep(zipStepLabel[step]) },
          { gateway: deps.lambda(target), buildPackage: async () => state.pkg, codeSourceFor: (pkg, s) => deps.codeSourceFor(target, pkg, s) },
        );
        results.push(zipResult(target, outcome));
      }
    } catch (error) {
      if (isCancellation(error)) {
        const message = error instanceof CancelledError && error.stateReport ? error.message : `cancelled before ${target.ref.functionName} changed.`;
        results.push({ target, status: 'cancelled', detail: message, error });
        stopReason = 'cancelled';
        continue;
      }
      const detail = error instanceof DeployedNotPublishedError ? error.message : `failed: ${userFacing(error).message}`;
      results.push({ target, status: 'failed', detail, error });
      if (options.stopAtFirstFailure) stopReason = `stopped at the first failure (${target.name})`;
    }
  }
  return results;
}

const zipStepLabel = { package: 'Packaging…', upload: 'Uploading…', wait: 'Waiting for Lambda…', publish: 'Publishing…' } as const;
const imageStepLabel = { resolve: 'Resolving the image…', update: 'Updating the image…', wait: 'Waiting for Lambda…', publish: 'Publishing…' } as const;

function zipResult(target: WorkspaceTarget, outcome: DeployOutcome): DeployResult {
  if (outcome.status === 'alreadyDeployed') return { target, status: 'alreadyDeployed', detail: `already runs this code (CodeSha256 ${outcome.codeSha256}).` };
  const version = outcome.published?.version;
  return { target, status: 'deployed', version, detail: version ? `deployed, version ${version}${outcome.published?.existing ? ' (existing)' : ''}.` : 'deployed (not published).' };
}

function imageResult(target: WorkspaceTarget, outcome: ImageDeployOutcome): DeployResult {
  const image = shortDigest(outcome.digest);
  if (outcome.status === 'alreadyDeployed') return { target, status: 'alreadyDeployed', detail: `already runs image ${image}.` };
  const version = outcome.published?.version;
  return { target, status: 'deployed', version, detail: version ? `now runs image ${image}, version ${version}.` : `now runs image ${image} (not published).` };
}

/** `2 deployed, 1 failed` and one line per target. */
export function summarize(results: readonly DeployResult[]): { headline: string; lines: string[] } {
  const order: ResultStatus[] = ['deployed', 'alreadyDeployed', 'failed', 'cancelled', 'notStarted'];
  const words: Record<ResultStatus, string> = { deployed: 'deployed', alreadyDeployed: 'already deployed', failed: 'failed', cancelled: 'cancelled', notStarted: 'not started' };
  const headline = order
    .map((status) => [status, results.filter((r) => r.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${words[status]}`)
    .join(', ');
  return { headline: headline || 'nothing deployed', lines: results.map((r) => `${r.target.name} (${r.target.ref.functionName}, profile ${r.target.ref.target.profile}, ${r.target.ref.target.region}): ${r.detail}`) };
}

function currentRef(uri: string | undefined): ImageRef | undefined {
  try {
    return uri ? parseImageUri(uri) : undefined;
  } catch {
    return undefined;
  }
}
