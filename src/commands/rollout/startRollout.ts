/**
 * "Start Gradual Rollout…" (alias node, palette, status-bar menu): pick the new version and a plan,
 * run the pre-flight checks, confirm once (everything named), smoke-test the version by number when
 * smoke events exist, then hand the rollout to the window's Rollouts, which drives it step by step.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AliasSummary, FunctionRef } from '../../aws/types';
import { describeTarget, planShift, validateCanary } from '../../release/aliases';
import { CancelledError, ReleaseError, describeForUser } from '../../release/errors';
import type { PreflightFinding } from '../../release/preflight';
import { preflightAliasMove } from '../../release/preflightMove';
import type { RolloutPlan } from '../../release/rollout/plan';
import { createRollout, describeWeight, stepLabel, type RolloutRecord } from '../../release/rollout/state';
import { formatCountdown } from '../../release/rollout/plan';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickVersion } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import { readRolloutSettings } from '../../ui/rolloutSettings';
import type { Rollouts } from '../../ui/rollouts';
import { aliasOf, type AliasDeps } from '../aliases/aliasContext';
import type { InvokeDeps } from '../invoke/invokeContext';
import { gateBeforeMove, smokeEventsFor } from '../invoke/smokeStep';
import { confirmRollout } from './confirmRollout';
import { pickAlarms } from './pickAlarms';
import { pickPlan } from './pickPlan';

export type RolloutDeps = AliasDeps & InvokeDeps & { rollouts: Rollouts };

export function startRollout(deps: RolloutDeps) {
  return async (node?: TreeNode) => {
    const picked = await aliasOf(deps, node, 'Start a gradual rollout on which alias?');
    const { ref } = picked;
    const alias = await deps.services.lambda(ref.target).getAlias(ref.functionName, picked.alias.name);
    refuseIfBusy(deps.rollouts, ref, alias);
    const version = await pickVersion(deps.services, ref, {
      title: `Roll out which version to ${alias.name} (now → ${alias.functionVersion})?`,
      includeLatest: false,
      exclude: [alias.functionVersion],
    });
    const plan = await pickPlan(`Rollout of ${ref.functionName}:${alias.name} → ${version.version}`);
    const record = await prepare(deps, ref, alias, version.version, plan);
    const first = await withCancellableProgress(`Starting the rollout of ${ref.functionName}:${alias.name} → ${version.version}`, (_progress, signal) => {
      // Cancel while the first weight is being applied: the rollout is aborted (nothing stays split).
      // Only until it is on: the host may cancel the progress token once the notification closes.
      const onCancel = () => void deps.rollouts.command(record, 'abort');
      signal.addEventListener('abort', onCancel, { once: true });
      return deps.rollouts.start(record).finally(() => signal.removeEventListener('abort', onCancel));
    });
    reportStarted(deps, first);
  };
}

/** Refuses an alias that already runs a rollout or a canary, or points at $LATEST. */
export function refuseIfBusy(rollouts: Rollouts, ref: FunctionRef, alias: AliasSummary, version?: string): void {
  const existing = rollouts.forAlias(ref, alias.name);
  if (existing) {
    throw new ReleaseError('validation', `${ref.functionName}:${alias.name} already has an unfinished rollout to ${existing.toVersion} (${existing.status}).`, {
      hint: 'Use Pause / Resume / Promote Now / Abort Rollout on the alias or in the status-bar menu.',
    });
  }
  if (alias.routing.length > 0) {
    throw new ReleaseError('validation', `${ref.functionName}:${alias.name} already splits traffic (→ ${describeTarget(alias)}): promote or abort that canary first, then start the rollout.`);
  }
  const problem = version ? validateCanary(alias, version, 0.1) : alias.functionVersion === '$LATEST' ? validateCanary(alias, '1', 0.1) : undefined;
  if (problem) throw new ReleaseError('validation', problem);
}

/**
 * Pre-flight, confirmation and smoke gate for a rollout from `alias` to `version`: the record to
 * start, or CancelledError. Shared by the command and Release…'s "Gradual" move.
 */
export async function prepare(deps: RolloutDeps, ref: FunctionRef, alias: AliasSummary, version: string, plan: RolloutPlan, options: { smoke?: boolean; pickAlarms?: boolean } = {}): Promise<RolloutRecord> {
  refuseIfBusy(deps.rollouts, ref, alias, version);
  const config = readRolloutSettings();
  const alarmNames = options.pickAlarms === false ? config.gate.alarmNames : await pickAlarms(deps.services, deps.log, ref, config.gate.alarmNames);
  const firstWeight = plan.steps[0].percent / 100;
  let findings: PreflightFinding[] = [];
  try {
    findings = await preflightAliasMove(deps.services.aws().versionFacts(ref.target), ref.functionName, planShift(alias, version, firstWeight));
  } catch (error) {
    findings = [{ severity: 'unknown', check: 'configuration', message: `the pre-flight checks could not run (${describeForUser(error)})` }];
  }
  const refused = findings.filter((f) => f.severity === 'refuse');
  if (refused.length) throw new ReleaseError('validation', `${ref.functionName}:${alias.name} cannot be rolled out to ${version}: ${refused.map((f) => f.message).join(' ')}`);

  const smokeEvents = options.smoke === false ? [] : await smokeEventsFor(ref);
  const proposal = {
    ref,
    aliasName: alias.name,
    fromVersion: alias.functionVersion,
    toVersion: version,
    plan,
    gate: { ...config.gate, alarmNames },
    pollIntervalMs: config.pollIntervalMs,
    maxUnjudgeableMs: config.maxUnjudgeableMs,
    findings,
    smoke: smokeEvents.length ? `${smokeEvents.length} smoke event${smokeEvents.length === 1 ? '' : 's'} run against version ${version} by number before the first step` : undefined,
  };
  if (!(await confirmRollout(proposal))) throw new CancelledError();
  if (smokeEvents.length) await gateBeforeMove(deps, ref, version, alias.name);
  return createRollout({ id: randomUUID(), ...proposal }, Date.now());
}

export function reportStarted(deps: Pick<RolloutDeps, 'rollouts' | 'log'>, record: RolloutRecord): void {
  const where = `${record.ref.functionName}:${record.aliasName}`;
  if (record.status === 'running' || record.status === 'paused') {
    const hold = record.plan.steps[record.step]?.holdMs ?? 0;
    const message = `${where}: rollout started, ${describeWeight(record)} (${stepLabel(record)}); next step in ${formatCountdown(hold)} if version ${record.toVersion} stays healthy. It advances while this window is open.`;
    deps.log.info(message);
    void vscode.window.showInformationMessage(message, 'Show Rollout Log').then((choice) => choice && deps.rollouts.showLog());
  }
  // An ended or stopped rollout has already said what happened (Rollouts.finished).
}
