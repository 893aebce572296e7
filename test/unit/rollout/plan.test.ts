import * as assert from 'node:assert/strict';
import { ReleaseError } from '../../../src/release/errors';
import {
  PRESET_NAMES,
  checkCustomSteps,
  describePlan,
  formatCountdown,
  parseCustomSteps,
  planDurationMs,
  resolvePlan,
  schedule,
  totalSteps,
} from '../../../src/release/rollout/plan';

const MIN = 60_000;

describe('rollout plans', () => {
  it('Canary10Percent5/10/15Minutes: one 10% step held 5/10/15 minutes, then 100%', () => {
    for (const [name, minutes] of [['Canary10Percent5Minutes', 5], ['Canary10Percent10Minutes', 10], ['Canary10Percent15Minutes', 15]] as const) {
      const plan = resolvePlan({ preset: name });
      assert.deepEqual(plan.steps, [{ percent: 10, holdMs: minutes * MIN }], name);
      assert.equal(totalSteps(plan), 2);
      assert.deepEqual(schedule(plan), [
        { step: 1, percent: 10, atMs: 0 },
        { step: 2, percent: 100, atMs: minutes * MIN },
      ]);
    }
  });

  it('Linear10PercentEvery1/2/3Minutes: 10% … 90% every N minutes, then 100% after 9 N minutes', () => {
    for (const [name, minutes] of [['Linear10PercentEvery1Minute', 1], ['Linear10PercentEvery2Minutes', 2], ['Linear10PercentEvery3Minutes', 3]] as const) {
      const plan = resolvePlan({ preset: name });
      assert.deepEqual(plan.steps.map((s) => s.percent), [10, 20, 30, 40, 50, 60, 70, 80, 90], name);
      assert.ok(plan.steps.every((s) => s.holdMs === minutes * MIN));
      assert.equal(planDurationMs(plan), 9 * minutes * MIN);
      assert.equal(schedule(plan).at(-1)?.atMs, 9 * minutes * MIN);
      assert.equal(totalSteps(plan), 10);
    }
  });

  it('offers exactly the six CodeDeploy preset names and refuses others by name', () => {
    assert.equal(PRESET_NAMES.length, 6);
    for (const name of PRESET_NAMES) assert.ok(resolvePlan({ preset: name }).steps.length > 0);
    assert.throws(() => resolvePlan({ preset: 'Linear10PercentEvery1Minutes' }), /Unknown rollout preset "Linear10PercentEvery1Minutes"/);
    assert.throws(() => resolvePlan({ preset: 'Canary10Percent30Minutes' }), ReleaseError);
  });

  it('custom "5, 25, 50, 100" every 2 minutes: three weighted steps and the promotion (4 steps)', () => {
    const plan = resolvePlan({ custom: '5, 25, 50, 100', everyMinutes: 2 });
    assert.deepEqual(plan.steps, [
      { percent: 5, holdMs: 2 * MIN },
      { percent: 25, holdMs: 2 * MIN },
      { percent: 50, holdMs: 2 * MIN },
    ]);
    assert.equal(totalSteps(plan), 4);
    assert.deepEqual(schedule(plan).map((r) => [r.percent, r.atMs]), [[5, 0], [25, 2 * MIN], [50, 4 * MIN], [100, 6 * MIN]]);
    assert.equal(plan.name, 'custom 5, 25, 50, 100 every 2 min');
    assert.equal(describePlan(plan), '5% → 25% → 50% → 100%, 2 min each (6 min until 100%)');
  });

  it('a custom list without 100 ends with the promotion all the same; spaces, % and decimals are accepted', () => {
    assert.deepEqual(parseCustomSteps('5 25 50'), [5, 25, 50]);
    assert.deepEqual(parseCustomSteps('2.5%, 10%,  100%'), [2.5, 10]);
    assert.deepEqual(resolvePlan({ custom: '10', everyMinutes: 0.5 }).steps, [{ percent: 10, holdMs: 30_000 }]);
  });

  it('refuses custom steps that are not increasing, out of range, not numbers, or only 100', () => {
    assert.match(checkCustomSteps('25, 5') ?? '', /must increase: 25% is followed by 5%/);
    assert.match(checkCustomSteps('10, 10') ?? '', /must increase/);
    assert.match(checkCustomSteps('0, 50') ?? '', /0% is not a step/);
    assert.match(checkCustomSteps('50, 100, 100') ?? '', /100% is not a step|must increase/);
    assert.match(checkCustomSteps('150') ?? '', /150% is not a step/);
    assert.match(checkCustomSteps('ten') ?? '', /"ten" is not a percentage/);
    assert.match(checkCustomSteps('100') ?? '', /at least one step below 100%/);
    assert.match(checkCustomSteps('') ?? '', /Enter the percentages/);
    assert.equal(checkCustomSteps('5, 25, 50, 100'), undefined);
    assert.throws(() => resolvePlan({ custom: '5, 50', everyMinutes: 0 }), /more than 0 minutes/);
  });

  it('stepIntervalSeconds holds every step that many seconds instead of the plan minutes (tests, demos)', () => {
    const plan = resolvePlan({ preset: 'Linear10PercentEvery3Minutes' }, { stepIntervalSeconds: 2 });
    assert.ok(plan.steps.every((s) => s.holdMs === 2_000));
    assert.equal(planDurationMs(plan), 18_000);
    assert.match(plan.name, /^Linear10PercentEvery3Minutes \(steps held 2 s\)$/);
    assert.deepEqual(resolvePlan({ custom: '5, 50', everyMinutes: 1 }, { stepIntervalSeconds: 0 }).steps[0], { percent: 5, holdMs: MIN });
  });

  it('formats the countdown as m:ss, rounding up', () => {
    assert.equal(formatCountdown(192_000), '3:12');
    assert.equal(formatCountdown(4_100), '0:05');
    assert.equal(formatCountdown(-5), '0:00');
  });
});
