/**
 * Release…'s "Gradual…" move (the `gradual` hook of src/release/releaseRun.ts): `pick` asks for the
 * rollout plan before the release's own plan and modal; `start` hands a rollout to the window's
 * Rollouts as the release's move and returns the alias once the first weight is on it. The release
 * already ran the pre-flight checks (its plan hook) and the smoke tests (its verify hook) and showed
 * one modal naming the move, so no second confirmation is asked here; the rollout's gate settings
 * come from lambdaRelease.rollout.* and are written to the Lambda Rollouts channel.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionRef } from '../../aws/types';
import { ReleaseError } from '../../release/errors';
import type { RolloutPlan } from '../../release/rollout/plan';
import type { ReleaseHooks } from '../../release/releaseRun';
import { createRollout, describeWeight, stepLabel } from '../../release/rollout/state';
import { readRolloutSettings } from '../../ui/rolloutSettings';
import type { Rollouts } from '../../ui/rollouts';
import { describeGate } from './confirmRollout';
import { pickPlan } from './pickPlan';
import { refuseIfBusy } from './startRollout';

export function gradualReleaseHook(rollouts: Rollouts, ref: FunctionRef): NonNullable<ReleaseHooks['gradual']> {
  let plan: RolloutPlan | undefined;
  return {
    async pick(alias) {
      refuseIfBusy(rollouts, ref, alias);
      plan = await pickPlan(`Gradual release of ${ref.functionName}:${alias.name}`);
      return { kind: 'gradual', firstWeight: plan.steps[0].percent / 100, label: `gradual rollout ${plan.name}` };
    },
    async start(context) {
      if (!plan) throw new ReleaseError('validation', 'No rollout plan was picked for this release.');
      refuseIfBusy(rollouts, ref, context.alias, context.version);
      const config = readRolloutSettings();
      const record = createRollout(
        {
          id: randomUUID(),
          ref,
          aliasName: context.aliasName,
          fromVersion: context.alias.functionVersion,
          toVersion: context.version,
          plan,
          gate: config.gate,
          pollIntervalMs: config.pollIntervalMs,
          maxUnjudgeableMs: config.maxUnjudgeableMs,
        },
        Date.now(),
      );
      const first = await rollouts.start(record);
      if (first.step < 0) throw new ReleaseError('aws', `The rollout of ${ref.functionName}:${context.aliasName} did not start: ${first.reason ?? first.status}.`);
      const alias = await rollouts.readAlias(ref, context.aliasName);
      return {
        alias,
        summary: `${ref.functionName}:${context.aliasName} ${describeWeight(first)} (${stepLabel(first)} of ${plan.name}; gate: ${describeGate(config.gate, config.pollIntervalMs, config.maxUnjudgeableMs)})`,
      };
    },
  };
}
