/**
 * The glue between the pure deploy path (src/release/deploy.ts) and the editor: settings,
 * the S3 route for large packages, and the version description from git.
 */
import { createHash } from 'node:crypto';
import type { FunctionRef } from '../../aws/types';
import * as vscode from 'vscode';
import { CancelledError } from '../../release/errors';
import type { CodeSource } from '../../aws/lambdaGateway';
import { DEPLOY_STEPS, deploy, type BuiltPackage, type DeployOptions, type DeployOutcome } from '../../release/deploy';
import { planUpload } from '../../release/packageLimits';
import type { PackageWithSelection } from '../../release/packaging';
import { settings, type Services } from '../../services';
import { SettingKeys } from '../../settingKeys';
import type { StepReporter } from '../../ui/progress';
import type { WorkspaceBinding } from '../../ui/workspaceBinding';
import { warnNameCollisions } from './nameCollisionWarning';
import { needsTargetPackaging, packageWorkspaceTarget } from './targetPackager';

export interface DeployRun {
  binding: WorkspaceBinding;
  publish: boolean;
  /** The version description: asked only when a publish actually happens (not for an unchanged deploy). */
  description?: () => Promise<string | undefined>;
  /** Total steps of the surrounding progress (release adds a 5th). */
  totalSteps?: number;
  /** Called when the function changed on AWS (after the upload, after the publish): refresh views. */
  onChanged?: () => void;
}

export async function runDeploy(services: Services, run: DeployRun, progress: StepReporter, signal: AbortSignal): Promise<DeployOutcome> {
  const { ref } = run.binding;
  const options: DeployOptions = {
    functionName: ref.functionName,
    publish: run.publish,
    description: run.description,
    signal,
    onStep: (step, index, total) => {
      // Reaching "wait" means the upload landed; reaching "publish" means the update settled.
      if (step === 'wait' || step === 'publish') run.onChanged?.();
      progress.step(index, run.totalSteps ?? total, DEPLOY_STEPS[step]);
    },
  };
  return deploy(options, {
    gateway: services.lambda(ref.target),
    buildPackage: (s) => packageWorkspace(services, run.binding, s),
    // Asked only once the function was read and an upload is due, never for a deploy that already failed.
    confirmPackage: (pkg) => confirmPackageSecrets(pkg, ref.functionName),
    codeSourceFor: codeSourceFor(services, run.binding, progress),
  });
}

/** The workspace's package (settings' excludes, secret opt-ins); confirmPackageSecrets asks before it ships. */
export async function packageWorkspace(services: Services, binding: WorkspaceBinding, signal?: AbortSignal): Promise<PackageWithSelection> {
  // A target with a build, dependencies, several folders or excludes of its own is packaged as one.
  const target = binding.target;
  if (needsTargetPackaging(target)) {
    const fn = await services.lambda(binding.ref.target).getFunction(binding.ref.functionName, { signal });
    return packageWorkspaceTarget(services, target, fn, signal);
  }
  const config = settings();
  const extraExcludes = config.get<string[]>(SettingKeys.excludePatterns, []);
  const includeSecretFiles = config.get<string[]>(SettingKeys.includeSecretFiles, []);
  return services.packaging().buildPackage(binding.sourceFolder, { extraExcludes, includeSecretFiles, signal });
}

/** Secret-looking files in a package never leave the machine without a modal naming them. */
export async function confirmPackageSecrets(pkg: PackageWithSelection, functionName: string): Promise<void> {
  await confirmSuspectedSecrets(pkg.selection.suspectedSecrets);
  // Names that clash outside Linux: a warning beside the upload, not a question.
  warnNameCollisions(pkg.selection.nameCollisions, functionName);
}

/** Direct upload, or through lambdaRelease.deploymentBucket over 50 MB (throws naming the limit without one). */
export function codeSourceFor(services: Services, binding: WorkspaceBinding, progress: Pick<StepReporter, 'message'>): (pkg: BuiltPackage, signal?: AbortSignal) => Promise<CodeSource> {
  const { ref } = binding;
  return async (pkg, s) => {
    const bucket = settings().get<string>(SettingKeys.deploymentBucket, '');
    const plan = planUpload(pkg.zip.length, bucket);
    if (plan.method === 'direct') return { zipFile: pkg.zip };
    const hex = createHash('sha256').update(pkg.zip).digest('hex');
    const key = `lambda-release/${ref.functionName}/${hex}.zip`;
    progress.message(`Uploading ${(pkg.zip.length / 1024 / 1024).toFixed(1)} MB to s3://${plan.bucket}/${key}…`);
    await services.aws().uploadPackage(ref.target, { bucket: plan.bucket, key, body: pkg.zip, sha256: pkg.sha256 }, { signal: s });
    return { s3Bucket: plan.bucket, s3Key: key };
  };
}

/**
 * Files that look like secrets (private-key headers, credentials, .npmrc…) but were not excluded
 * never leave the machine without a modal naming them.
 */
async function confirmSuspectedSecrets(suspected: readonly { relativePath: string; reason: string }[]): Promise<void> {
  if (!suspected.length) return;
  const detail = suspected
    .slice(0, 8)
    .map((s) => `${s.relativePath}: ${s.reason}`)
    .concat(suspected.length > 8 ? [`… and ${suspected.length - 8} more`] : [])
    .join('\n');
  const choice = await vscode.window.showWarningMessage(
    `${suspected.length} file(s) in the package look like secrets. Deploy them anyway?`,
    { modal: true, detail: `${detail}\n\nAdd them to .lambdaignore to leave them out.` },
    'Deploy Anyway',
  );
  if (choice !== 'Deploy Anyway') throw new CancelledError('Cancelled before upload: nothing was changed.', true);
}

/** The description input, pre-filled from git HEAD (short sha + subject) when the folder is a repository. */
export async function askDescription(services: Services, folder: string, functionName: string): Promise<string> {
  const fromGit = await services.packaging().describeHead(folder);
  const value = await vscode.window.showInputBox({
    title: `Publish a version of ${functionName}`,
    prompt: 'Version description (up to 256 characters)',
    value: fromGit ?? '',
    validateInput: (text) => (text.length > 256 ? 'At most 256 characters.' : undefined),
    // Asked right after the binding confirmation modal: the focus the workbench gives back when the
    // modal closes must not cancel the deploy (seen on VS Code 1.139 as a prompt that flashes away).
    ignoreFocusOut: true,
  });
  if (value === undefined) throw new CancelledError();
  return value;
}

export function publishOnDeploy(): boolean {
  return settings().get<boolean>(SettingKeys.publishOnDeploy, true);
}

/** `orders-api (profile dev, us-east-1)`: progress titles and summaries say where, not only what. */
export function describeTarget(ref: FunctionRef): string {
  return `${ref.functionName} (profile ${ref.target.profile}, ${ref.target.region})`;
}

/** One line for the end of a deploy. */
export function describeOutcome(ref: FunctionRef, outcome: DeployOutcome): string {
  const functionName = describeTarget(ref);
  const size = `${outcome.pkg.fileCount} files, ${(outcome.pkg.zip.length / 1024).toFixed(0)} KB zipped`;
  if (outcome.status === 'alreadyDeployed') return `${functionName} is already deployed: it runs this code (CodeSha256 ${outcome.codeSha256}); nothing uploaded.`;
  const published = outcome.published;
  if (!published) return `Deployed ${functionName} (${size}); not published (lambdaRelease.publishOnDeploy is off).`;
  if (published.existing) return `Deployed ${functionName} (${size}); version ${published.version} already holds this code, so nothing new was published.`;
  return `Deployed ${functionName} (${size}) and published version ${published.version}.`;
}
