import * as assert from 'node:assert/strict';
import { DEFAULT_GATE_SETTINGS } from '../../../src/release/rollout/gate';
import { resolvePlan } from '../../../src/release/rollout/plan';
import { shortStage, stageText } from '../../../src/release/rollout/stage';
import { applyCommand, createRollout, judge, moveApplied } from '../../../src/release/rollout/state';

const T0 = 5_000_000;
const base = createRollout(
  {
    id: 'r',
    ref: { target: { profile: 'dev', region: 'us-east-1' }, functionName: 'orders-api' },
    aliasName: 'prod',
    fromVersion: '41',
    toVersion: '42',
    plan: resolvePlan({ custom: '5, 25, 50, 100', everyMinutes: 5 }),
    gate: DEFAULT_GATE_SETTINGS,
    pollIntervalMs: 10_000,
    maxUnjudgeableMs: 300_000,
  },
  T0,
);

describe('rollout stage text (status bar, alias node)', () => {
  it('step 2/4 at 25% with the countdown to the next step', () => {
    const second = moveApplied(moveApplied(base, { kind: 'shift', step: 0, percent: 5 }, T0), { kind: 'shift', step: 1, percent: 25 }, T0 + 300_000);
    assert.equal(stageText(second, T0 + 300_000 + 108_000), 'rollout 25% → 42 · step 2/4 · next 3:12');
    assert.equal(shortStage(second), 'rollout 25% → 42 · step 2/4');
  });

  it('says paused, waiting for data, moving, promoting, aborting and starting', () => {
    const running = moveApplied(base, { kind: 'shift', step: 0, percent: 5 }, T0);
    assert.equal(stageText(applyCommand(running, 'pause', T0 + 1).record, T0 + 2), 'rollout 5% → 42 · step 1/4 · paused');
    const waiting = judge(running, { verdict: 'wait', reasons: ['x'], summary: '' }, T0 + 400_000);
    assert.equal(stageText(waiting, T0 + 400_000), 'rollout 5% → 42 · step 1/4 · waiting for data');
    const due = judge(running, { verdict: 'pass', reasons: [], summary: '' }, T0 + 300_000);
    assert.equal(stageText(due, T0 + 300_000), 'rollout 5% → 42 · step 1/4 · moving');
    assert.equal(stageText(applyCommand(running, 'promoteNow', T0).record, T0), 'rollout promoting → 42');
    assert.equal(stageText(applyCommand(running, 'abort', T0).record, T0), 'rollout aborting → 41');
    assert.equal(stageText(base, T0), 'rollout starting → 42');
  });
});
