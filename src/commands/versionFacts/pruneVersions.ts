import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { CancelledError, ReleaseError } from '../../release/errors';
import { checkKeepCount, DEFAULT_KEEP_VERSIONS, type PrunePlan } from '../../release/prune';
import { deleteVersions, PruneStoppedError, readAndPlanPrune } from '../../release/pruneRun';
import { settings } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { RolloutStore } from '../../release/rollout/store';
import { formatBytes } from '../../tree/format';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { withCancellableProgress } from '../../ui/progress';
import { functionOf } from '../aliases/aliasContext';
import { declined, factsGateway, type FactsDeps } from './factsContext';

/**
 * Versions an unfinished rollout of this function still needs (the one it moves to and the one an
 * abort goes back to), from the rollouts saved in globalState.
 */
export function rolloutVersions(deps: FactsDeps, ref: FunctionRef): (version: string) => string | undefined {
  const unfinished = new RolloutStore(deps.context.globalState)
    .unfinished()
    .filter((r) => r.ref.functionName === ref.functionName && r.ref.target.profile === ref.target.profile && r.ref.target.region === ref.target.region);
  return (version) => {
    const rollout = unfinished.find((r) => r.fromVersion === version || r.toVersion === version);
    return rollout ? `unfinished rollout of ${rollout.aliasName} (${rollout.fromVersion} → ${rollout.toVersion})` : undefined;
  };
}

/**
 * "Prune Old Versions…": keeps the newest `lambdaRelease.prune.keepVersions` and every version
 * something still refers to; lists what goes with sizes and the code storage freed in one modal;
 * deletes with progress and Cancel, stopping at the first failure and saying what was deleted.
 */
export function pruneVersions(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    const keep = settings().get<number>(SettingKeys.pruneKeepVersions, DEFAULT_KEEP_VERSIONS);
    const keepProblem = checkKeepCount(keep);
    if (keepProblem) throw new ReleaseError('validation', `lambdaRelease.prune.keepVersions: ${keepProblem}`);
    const facts = factsGateway(deps, ref);
    const lambda = deps.services.lambda(ref.target);
    const reader = {
      getFunctionDetails: lambda.getFunctionDetails.bind(lambda),
      listProvisionedConcurrency: facts.listProvisionedConcurrency.bind(facts),
      functionUrl: facts.functionUrl.bind(facts),
      eventSourceMappings: facts.eventSourceMappings.bind(facts),
    };
    const [plan, account] = await withCancellableProgress(`Reading what refers to the versions of ${ref.functionName}`, (_progress, signal) =>
      Promise.all([readAndPlanPrune(reader, ref.functionName, keep, rolloutVersions(deps, ref), { signal }), facts.accountSettings({ signal })]),
    );
    if (plan.refused) throw new ReleaseError('validation', `${ref.functionName}: ${plan.refused}`);
    if (!plan.remove.length) {
      void vscode.window.showInformationMessage(`${ref.functionName}: nothing to prune — all ${plan.kept.length} published versions are kept (newest ${keep}, or still referred to).`);
      return;
    }
    const storage = account.known && account.value.totalCodeSize !== undefined ? ` of ${formatBytes(account.value.totalCodeSize)} used (limit ${formatBytes(account.value.codeSizeLimit)})` : '';
    const button = `Delete ${plan.remove.length} Version${plan.remove.length === 1 ? '' : 's'}`;
    const answer = await vscode.window.showWarningMessage(
      `Delete ${plan.remove.length} old version${plan.remove.length === 1 ? '' : 's'} of ${ref.functionName}, freeing ${formatBytes(plan.freedBytes)}${storage}?`,
      { modal: true, detail: pruneDetail(ref, plan, keep) },
      button,
    );
    if (answer !== button) declined();
    try {
      const deleted = await withCancellableProgress(`Pruning ${ref.functionName}`, (progress, signal) =>
        deleteVersions(facts, ref.functionName, plan.remove, { signal, onDeleted: (v, n) => progress.step(n, plan.remove.length, `deleted version ${v.version}`) }),
      );
      void vscode.window.showInformationMessage(`${ref.functionName}: deleted version${deleted.length === 1 ? '' : 's'} ${deleted.map((v) => v.version).join(', ')}, freeing ${formatBytes(plan.freedBytes)}.`);
    } catch (error) {
      if (error instanceof PruneStoppedError && error.kind === 'cancelled') throw new CancelledError(error.message, true);
      throw error;
    } finally {
      deps.changes.fire(ref);
    }
  };
}

function pruneDetail(ref: FunctionRef, plan: PrunePlan, keep: number): string {
  const going = plan.remove.map((v) => `${v.version}${v.description ? ` "${v.description}"` : ''} · ${formatBytes(v.codeSize)}`);
  const byPosition = (r: string) => r === 'newest' || r.startsWith('among the newest');
  const referred = plan.kept
    .map((k) => ({ version: k.version, reasons: k.reasons.filter((r) => !byPosition(r)) }))
    .filter((k) => k.reasons.length)
    .map((k) => `${k.version} (${k.reasons.join(', ')})`);
  return [
    `Deleted: ${going.join('; ')}`,
    `Kept: ${plan.kept.length} — the newest ${keep}${referred.length ? `, and in use: ${referred.join('; ')}` : ''}`,
    ...plan.notes,
    `Profile ${ref.target.profile} · region ${ref.target.region}`,
  ].join('\n\n');
}
