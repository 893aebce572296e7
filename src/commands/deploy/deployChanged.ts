import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { assessTargets, deployChosen, summarize, type Assessment, type ChangedFunctionsDeps } from '../../release/changedFunctions';
import { CancelledError, ReleaseError, describeForLog } from '../../release/errors';
import type { PackageWithSelection } from '../../release/packaging';
import { planUpload } from '../../release/packageLimits';
import type { WorkspaceTarget } from '../../release/targets';
import { settings, type Services } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { confirmWorkspaceTargets } from '../../ui/bindingConsent';
import { confirmBuildCommands } from '../../ui/buildCommandConsent';
import { pickChanged } from '../../ui/changedPicker';
import { withCancellableProgress } from '../../ui/progress';
import { workspaceTargets } from '../../ui/workspaceTargets';
import type { CommandDeps } from '../CommandDeps';
import { publishOnDeploy } from './deployFlow';
import { warnNameCollisions } from './nameCollisionWarning';
import { packageWorkspaceTarget } from './targetPackager';

/**
 * "Deploy Changed Functions": every target of the workspace is built and packaged and its hash
 * compared with the function's CodeSha256; one picker lists the changed ones (the unchanged
 * greyed); the chosen ones are deployed and published in one progress with a step per function,
 * Cancel, and one summary.
 */
export function deployChanged(deps: Pick<CommandDeps, 'services' | 'changes' | 'log' | 'context'>) {
  return async () => {
    const { targets, problems } = workspaceTargets();
    for (const problem of problems) deps.log.warn(problem);
    if (!targets.length) {
      throw new ReleaseError('validation', problems.length ? `No usable deploy target: ${problems[0]}` : 'This workspace has no deploy targets.', {
        hint: 'Run "Bind Workspace to Function…", or add lambdaRelease.targets to .vscode/settings.json.',
      });
    }
    await confirmBuildCommands(deps.context.workspaceState, targets);
    const changedDeps = changedFunctionsDeps(deps.services);
    const started = Date.now();
    const assessments = await withCancellableProgress('Looking for changed functions', (progress, signal) =>
      assessTargets(targets, changedDeps, {
        signal,
        onAssessed: (a, done, total) => progress.message(`${done}/${total} checked (${a.target.name}: ${a.error ? 'could not be checked' : a.state?.status})`),
      }),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const a of assessments.filter((x) => x.error)) deps.log.warn(`${a.target.name}: ${describeForLog(a.error)}`);
    const changedCount = assessments.filter((a) => a.state?.status === 'changed').length;
    deps.log.info(`Deploy Changed Functions: ${changedCount} of ${targets.length} targets changed (checked in ${seconds} s).`);
    if (changedCount === 0 && !assessments.some((a) => a.error)) {
      void vscode.window.showInformationMessage(`Nothing changed: all ${targets.length} functions already run their code (checked in ${seconds} s).`);
      return;
    }
    const { chosen, stopAtFirstFailure } = await pickChanged(assessments);
    if (!chosen.length) return;
    // Targets from the workspace's settings are named (profile, region, account) before the first deploy.
    await confirmWorkspaceTargets(deps, chosen.map((a) => a.target));
    await confirmSuspectedSecrets(chosen);
    for (const a of chosen) {
      const pkg = a.state?.kind === 'zip' ? (a.state.pkg as Partial<PackageWithSelection>) : undefined;
      warnNameCollisions(pkg?.selection?.nameCollisions ?? [], a.target.name, false);
    }

    const publish = publishOnDeploy();
    const results = await withCancellableProgress(`Deploying ${chosen.length} function${chosen.length === 1 ? '' : 's'}`, (progress, signal) =>
      deployChosen(chosen, changedDeps, {
        publish,
        stopAtFirstFailure,
        signal,
        onStep: (target, position, count, step) => {
          if (step.startsWith('Waiting') || step.startsWith('Publishing')) deps.changes.fire(target.ref);
          progress.message(`${target.name} (${target.ref.target.profile}, ${target.ref.target.region}) (${position}/${count}): ${step}`);
        },
      }),
    );
    for (const r of results) deps.changes.fire(r.target.ref);
    const summary = summarize(results);
    for (const line of summary.lines) deps.log.info(line);
    const bad = results.some((r) => r.status === 'failed' || r.status === 'cancelled');
    // A few functions are each named in the message; more are summed up, with the first failure named.
    const firstProblem = results.find((r) => r.status === 'failed');
    const message =
      results.length <= 3
        ? `${summary.headline}: ${results.map((r) => `${r.target.name} ${r.detail}`).join(' ')}`
        : `${summary.headline}.${firstProblem ? ` ${firstProblem.target.name}: ${firstProblem.detail}` : ''}`;
    const show = bad ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, 'Show Summary').then((choice) => {
      if (choice === 'Show Summary') deps.log.show(true);
    });
  };
}

/** Secret-looking files never leave the machine without a modal naming them (as Deploy Workspace does). */
async function confirmSuspectedSecrets(chosen: readonly Assessment[]): Promise<void> {
  const suspected = chosen.flatMap((a) => {
    const pkg = a.state?.kind === 'zip' ? (a.state.pkg as Partial<PackageWithSelection>) : undefined;
    return (pkg?.selection?.suspectedSecrets ?? []).map((s) => `${a.target.name}: ${s.relativePath} (${s.reason})`);
  });
  if (!suspected.length) return;
  const detail = [...suspected.slice(0, 8), ...(suspected.length > 8 ? [`… and ${suspected.length - 8} more`] : [])].join('\n');
  const choice = await vscode.window.showWarningMessage(
    `${suspected.length} file(s) in the packages look like secrets. Deploy them anyway?`,
    { modal: true, detail: `${detail}\n\nAdd them to .lambdaignore or the target's excludes to leave them out.` },
    'Deploy Anyway',
  );
  if (choice !== 'Deploy Anyway') throw new CancelledError('Cancelled before upload: nothing was changed.', true);
}

/** The extension's wiring of the pure orchestration: gateways, the lazy packaging bundle, tasks, S3. */
export function changedFunctionsDeps(services: Services): ChangedFunctionsDeps {
  const config = settings();
  const bucket = config.get<string>(SettingKeys.deploymentBucket, '');
  return {
    lambda: (t) => services.lambda(t.ref.target),
    images: (t) => services.images(t.ref.target),
    packageTarget: (target, fn, signal) => packageWorkspaceTarget(services, target, fn, signal),
    codeSourceFor: async (target: WorkspaceTarget, pkg, signal) => {
      const plan = planUpload(pkg.zip.length, bucket);
      if (plan.method === 'direct') return { zipFile: pkg.zip };
      const hex = createHash('sha256').update(pkg.zip).digest('hex');
      const key = `lambda-release/${target.ref.functionName}/${hex}.zip`;
      await services.aws().uploadPackage(target.ref.target, { bucket: plan.bucket, key, body: pkg.zip, sha256: pkg.sha256 }, { signal });
      return { s3Bucket: plan.bucket, s3Key: key };
    },
    description: async (target) => (await services.packaging().describeHead(target.root).catch(() => undefined)) ?? undefined,
  };
}
