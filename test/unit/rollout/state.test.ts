import * as assert from 'node:assert/strict';
import { DEFAULT_GATE_SETTINGS, type GateDecision } from '../../../src/release/rollout/gate';
import { resolvePlan } from '../../../src/release/rollout/plan';
import {
  applyCommand,
  createRollout,
  currentPercent,
  judge,
  moveApplied,
  nextMove,
  remainingHoldMs,
  settleWithoutMove,
  stepLabel,
  stop,
  type RolloutCommand,
  type RolloutRecord,
  type RolloutStatus,
} from '../../../src/release/rollout/state';

const T0 = 1_000_000;
const pass: GateDecision = { verdict: 'pass', reasons: [], summary: 'new 42: 0/50 failed (0%)' };
const fail: GateDecision = { verdict: 'fail', reasons: ['version 42 fails 20% of invocations (limit 5%)'], summary: 's' };
const wait: GateDecision = { verdict: 'wait', reasons: ['metrics could not be read (throttled)'], summary: 's' };

/** 5%, 25%, 50% held 10 s each, then 100%; the gate may stay unjudgeable 5 s past a hold. */
function fresh(): RolloutRecord {
  return createRollout(
    {
      id: 'r1',
      ref: { target: { profile: 'dev', region: 'us-east-1' }, functionName: 'orders-api' },
      aliasName: 'prod',
      fromVersion: '41',
      toVersion: '42',
      plan: resolvePlan({ custom: '5, 25, 50, 100', everyMinutes: 1 }, { stepIntervalSeconds: 10 }),
      gate: DEFAULT_GATE_SETTINGS,
      pollIntervalMs: 1_000,
      maxUnjudgeableMs: 5_000,
    },
    T0,
  );
}

/** A record in each status, reached through the transitions themselves (not hand-built). */
function inStatus(status: RolloutStatus): RolloutRecord {
  const pending = fresh();
  const running = moveApplied(pending, { kind: 'shift', step: 0, percent: 5 }, T0 + 100);
  switch (status) {
    case 'pending':
      return pending;
    case 'running':
      return running;
    case 'paused':
      return applyCommand(running, 'pause', T0 + 2_000).record;
    case 'promoting':
      return applyCommand(running, 'promoteNow', T0 + 2_000).record;
    case 'aborting':
      return judge(running, fail, T0 + 2_000);
    case 'done':
      return moveApplied(applyCommand(running, 'promoteNow', T0 + 2_000).record, { kind: 'promote' }, T0 + 2_100);
    case 'aborted':
      return moveApplied(judge(running, fail, T0 + 2_000), { kind: 'abort' }, T0 + 2_100);
    case 'stopped':
      return stop(running, 'alias changed by someone else', T0 + 2_000);
  }
}

describe('rollout state machine', () => {
  it('pending: the first move is the first weight; applying it starts the clock and the window', () => {
    const r = fresh();
    assert.equal(r.status, 'pending');
    assert.deepEqual(nextMove(r), { kind: 'shift', step: 0, percent: 5 });
    const running = moveApplied(r, { kind: 'shift', step: 0, percent: 5 }, T0 + 100);
    assert.equal(running.status, 'running');
    assert.equal(running.step, 0);
    assert.equal(running.startedAt, T0 + 100);
    assert.equal(running.stepStartedAt, T0 + 100);
    assert.equal(nextMove(running), undefined);
    assert.equal(stepLabel(running), 'step 1/4');
    assert.equal(currentPercent(running), 5);
  });

  it('running: a pass before the hold ends keeps the step; after it, the next step is due', () => {
    const running = inStatus('running');
    const early = judge(running, pass, T0 + 5_000);
    assert.equal(early.wantStep, 0);
    assert.equal(remainingHoldMs(early, T0 + 5_000), 5_100);
    assert.equal(early.lastGate?.verdict, 'pass');
    const due = judge(running, pass, T0 + 10_100);
    assert.equal(due.status, 'running');
    assert.deepEqual(nextMove(due), { kind: 'shift', step: 1, percent: 25 });
    const second = moveApplied(due, { kind: 'shift', step: 1, percent: 25 }, T0 + 10_200);
    assert.equal(stepLabel(second), 'step 2/4');
    assert.equal(second.startedAt, T0 + 100, 'the window of the readings starts at the first weight');
    assert.equal(second.stepStartedAt, T0 + 10_200);
  });

  it('running: a pass after the last step’s hold → promoting → done at 100%', () => {
    let r = inStatus('running');
    r = moveApplied(judge(r, pass, T0 + 10_100), { kind: 'shift', step: 1, percent: 25 }, T0 + 10_100);
    r = moveApplied(judge(r, pass, T0 + 20_100), { kind: 'shift', step: 2, percent: 50 }, T0 + 20_100);
    r = judge(r, pass, T0 + 30_100);
    assert.equal(r.status, 'promoting');
    assert.deepEqual(nextMove(r), { kind: 'promote' });
    r = moveApplied(r, { kind: 'promote' }, T0 + 30_200);
    assert.equal(r.status, 'done');
    assert.equal(stepLabel(r), 'step 4/4');
    assert.equal(currentPercent(r), 100);
    assert.equal(nextMove(r), undefined);
  });

  it('running: a fail → aborting with the gate’s reasons → abort move → aborted', () => {
    const r = judge(inStatus('running'), fail, T0 + 3_000);
    assert.equal(r.status, 'aborting');
    assert.match(r.reason ?? '', /Health gate failed at 5%: version 42 fails 20%/);
    assert.deepEqual(nextMove(r), { kind: 'abort' });
    const aborted = moveApplied(r, { kind: 'abort' }, T0 + 3_100);
    assert.equal(aborted.status, 'aborted');
    assert.equal(currentPercent(aborted), 0);
  });

  it('running: wait never advances; within the hold it never aborts; past the hold by the limit it aborts', () => {
    let r = judge(inStatus('running'), wait, T0 + 1_000);
    assert.equal(r.status, 'running');
    assert.equal(r.unjudgeableSince, T0 + 1_000);
    r = judge(r, wait, T0 + 10_100); // the hold ended: still waiting, not advancing
    assert.equal(r.wantStep, 0);
    r = judge(r, wait, T0 + 15_000); // 4.9 s past the hold
    assert.equal(r.status, 'running');
    r = judge(r, wait, T0 + 15_100); // 5 s past the hold
    assert.equal(r.status, 'aborting');
    assert.match(r.reason ?? '', /could not be judged for 5 s after its hold \(limit 5 s\): metrics could not be read/);
  });

  it('running: a pass after waits clears the unjudgeable clock', () => {
    let r = judge(inStatus('running'), wait, T0 + 1_000);
    r = judge(r, pass, T0 + 2_000);
    assert.equal(r.unjudgeableSince, undefined);
    r = judge(r, wait, T0 + 14_000);
    assert.equal(r.status, 'running', 'the clock restarted at 14 s, not 1 s');
  });

  it('judge ignores every status but running (and a running record whose next move is still due)', () => {
    for (const status of ['pending', 'paused', 'promoting', 'aborting', 'done', 'aborted', 'stopped'] as const) {
      const r = inStatus(status);
      assert.equal(judge(r, fail, T0 + 5_000), r, status);
    }
    const due = judge(inStatus('running'), pass, T0 + 10_100);
    assert.equal(judge(due, fail, T0 + 10_200), due);
  });

  it('aborting before any weight was applied settles as aborted without a move', () => {
    const r = { ...fresh(), status: 'aborting' as const };
    assert.equal(nextMove(r), undefined);
    assert.equal(settleWithoutMove(r, T0).status, 'aborted');
    const running = inStatus('running');
    assert.equal(settleWithoutMove(running, T0), running);
  });

  it('stop: any unfinished status → stopped with the reason; an ended rollout stays as it is', () => {
    for (const status of ['pending', 'running', 'paused', 'promoting', 'aborting'] as const) {
      const stopped = stop(inStatus(status), 'alias changed by someone else (now → 43)', T0 + 9_000);
      assert.equal(stopped.status, 'stopped', status);
      assert.equal(stopped.reason, 'alias changed by someone else (now → 43)');
      assert.equal(nextMove(stopped), undefined);
    }
    const done = inStatus('done');
    assert.equal(stop(done, 'x', T0), done);
  });

  it('pause freezes the hold; resume shifts it by the time spent paused', () => {
    const running = inStatus('running'); // step started at T0+100, holds 10 s
    const paused = applyCommand(running, 'pause', T0 + 4_100).record;
    assert.equal(remainingHoldMs(paused, T0 + 60_000), 6_000, 'frozen while paused');
    const resumed = applyCommand(paused, 'resume', T0 + 34_100).record;
    assert.equal(resumed.status, 'running');
    assert.equal(remainingHoldMs(resumed, T0 + 34_100), 6_000);
    assert.equal(judge(resumed, pass, T0 + 40_000).wantStep, 0);
    assert.equal(judge(resumed, pass, T0 + 40_100).wantStep, 1);
  });

  // Every command in every status: what happens, and the sentence when it is refused.
  const table: Record<RolloutStatus, Record<RolloutCommand, RolloutStatus | RegExp>> = {
    pending: { pause: 'paused', resume: /not paused \(it is pending\)/, promoteNow: 'promoting', abort: 'aborted', leave: 'stopped' },
    running: { pause: 'paused', resume: /not paused \(it is running\)/, promoteNow: 'promoting', abort: 'aborting', leave: 'stopped' },
    paused: { pause: /already paused/, resume: 'running', promoteNow: 'promoting', abort: 'aborting', leave: 'stopped' },
    promoting: { pause: /already promoting 42/, resume: /not paused \(it is promoting\)/, promoteNow: /already promoting/, abort: /already promoting 42 to 100%; use Roll Back afterwards/, leave: /finishes its move first/ },
    aborting: { pause: /already aborting \(back to 41\)/, resume: /not paused \(it is aborting\)/, promoteNow: /aborting \(back to 41\)/, abort: /already aborting/, leave: /finishes its move first/ },
    done: { pause: /already ended \(done\)/, resume: /already ended/, promoteNow: /already ended/, abort: /already ended/, leave: /already ended/ },
    aborted: { pause: /already ended \(aborted\)/, resume: /already ended/, promoteNow: /already ended/, abort: /already ended/, leave: /already ended/ },
    stopped: { pause: /already ended \(stopped\)/, resume: /already ended/, promoteNow: /already ended/, abort: /already ended/, leave: /already ended/ },
  };
  for (const [status, commands] of Object.entries(table) as [RolloutStatus, Record<RolloutCommand, RolloutStatus | RegExp>][]) {
    for (const [command, expected] of Object.entries(commands) as [RolloutCommand, RolloutStatus | RegExp][]) {
      it(`${command} while ${status} → ${expected instanceof RegExp ? 'refused' : expected}`, () => {
        const before = inStatus(status);
        assert.equal(before.status, status);
        const { record, refused } = applyCommand(before, command, T0 + 50_000);
        if (expected instanceof RegExp) {
          assert.match(refused ?? '', expected);
          assert.equal(record, before, 'a refused command changes nothing');
        } else {
          assert.equal(refused, undefined);
          assert.equal(record.status, expected);
          assert.equal(record.updatedAt, T0 + 50_000);
        }
      });
    }
  }

  it('resume of a rollout paused before its first weight goes back to pending (the first move is still due)', () => {
    const paused = applyCommand(fresh(), 'pause', T0).record;
    assert.equal(nextMove(paused), undefined, 'nothing moves while paused');
    const resumed = applyCommand(paused, 'resume', T0 + 1).record;
    assert.equal(resumed.status, 'pending');
    assert.deepEqual(nextMove(resumed), { kind: 'shift', step: 0, percent: 5 });
  });

  it('promote now from pending repoints fully (nothing was shifted yet); abort from pending moves nothing', () => {
    assert.deepEqual(nextMove(applyCommand(fresh(), 'promoteNow', T0).record), { kind: 'promote' });
    const aborted = applyCommand(fresh(), 'abort', T0).record;
    assert.equal(aborted.status, 'aborted');
    assert.match(aborted.reason ?? '', /before any traffic moved/);
  });

  it('leave as is says what stays on the alias', () => {
    const left = applyCommand(inStatus('running'), 'leave', T0).record;
    assert.match(left.reason ?? '', /left as is by the user: 5% → 42 stays on the alias/);
  });
});
