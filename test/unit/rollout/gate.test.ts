import * as assert from 'node:assert/strict';
import { DEFAULT_GATE_SETTINGS, decide, failureRate, type GateReadings, type GateSettings, type VersionCounts } from '../../../src/release/rollout/gate';

const V = { from: '41', to: '42' };
const settings = (over: Partial<GateSettings> = {}): GateSettings => ({ ...DEFAULT_GATE_SETTINGS, minInvocations: 10, maxErrorRatePercent: 5, errorRateMarginPercent: 2, logErrorThreshold: 3, noTraffic: 'wait', ...over });
const counts = (invocations: number, errors = 0, throttles = 0): VersionCounts => ({ invocations, errors, throttles });
const readings = (over: Partial<GateReadings> = {}): GateReadings => ({
  metrics: { newVersion: counts(100), oldVersion: counts(900) },
  alarms: [],
  logErrors: { count: 0 },
  ...over,
});

describe('health gate decision table', () => {
  it('passes a new version with enough traffic, no errors, no alarms, no error lines; the summary carries the numbers', () => {
    const d = decide(readings(), settings(), V);
    assert.equal(d.verdict, 'pass');
    assert.deepEqual(d.reasons, []);
    assert.equal(d.summary, 'new 42: 0/100 failed (0%) · old 41: 0/900 failed (0%) · log errors of 42: 0/3');
  });

  it('fails over the absolute limit: 6 of 100 failed (6% > 5%)', () => {
    const d = decide(readings({ metrics: { newVersion: counts(100, 6), oldVersion: counts(900, 54) } }), settings(), V);
    assert.equal(d.verdict, 'fail');
    assert.match(d.reasons[0], /version 42 fails 6% of invocations \(limit 5%\)/);
  });

  it('fails when worse than the old version by more than the margin, though under the absolute limit', () => {
    const d = decide(readings({ metrics: { newVersion: counts(100, 4), oldVersion: counts(900, 9) } }), settings(), V);
    assert.equal(d.verdict, 'fail');
    assert.match(d.reasons[0], /version 42 fails 4% of invocations, version 41 1% \(margin 2 points\)/);
    // Within the margin: 3% vs 1% is 2 points, not more.
    assert.equal(decide(readings({ metrics: { newVersion: counts(100, 3), oldVersion: counts(900, 9) } }), settings(), V).verdict, 'pass');
  });

  it('does not compare with an old version that has too little traffic of its own', () => {
    const d = decide(readings({ metrics: { newVersion: counts(100, 4), oldVersion: counts(5, 0) } }), settings(), V);
    assert.equal(d.verdict, 'pass');
  });

  it('counts throttles as failed attempts: (errors + throttles) / (invocations + throttles)', () => {
    assert.equal(failureRate(counts(90, 0, 10)), 0.1);
    const d = decide(readings({ metrics: { newVersion: counts(90, 0, 10), oldVersion: counts(900) } }), settings(), V);
    assert.equal(d.verdict, 'fail');
    assert.match(d.summary, /new 42: 10\/100 failed \(10%\), 10 throttled/);
  });

  it('below minInvocations the rate does not count: policy "wait" waits and says why, even with an error', () => {
    const d = decide(readings({ metrics: { newVersion: counts(4, 1), oldVersion: counts(900) } }), settings(), V);
    assert.equal(d.verdict, 'wait');
    assert.match(d.reasons[0], /too little traffic for version 42: 4 of 10 invocations needed/);
  });

  it('below minInvocations with policy "advance": passes, and says it passed without traffic', () => {
    const d = decide(readings({ metrics: { newVersion: counts(0), oldVersion: counts(0) } }), settings({ noTraffic: 'advance' }), V);
    assert.equal(d.verdict, 'pass');
    assert.match(d.note ?? '', /too little traffic for version 42: 0 of 10 .* advancing anyway/);
  });

  it('fails on a named alarm in ALARM; INSUFFICIENT_DATA and OK do not fail', () => {
    const alarms = [
      { name: 'orders-errors', state: 'ALARM' as const, reason: 'Threshold Crossed' },
      { name: 'orders-latency', state: 'INSUFFICIENT_DATA' as const },
    ];
    const d = decide(readings({ alarms }), settings({ alarmNames: ['orders-errors', 'orders-latency'] }), V);
    assert.equal(d.verdict, 'fail');
    assert.deepEqual(d.reasons, ['alarm orders-errors is in ALARM (Threshold Crossed)']);
    assert.match(d.summary, /alarms: orders-errors ALARM, orders-latency INSUFFICIENT_DATA/);
    assert.equal(decide(readings({ alarms: [alarms[1]] }), settings({ alarmNames: ['orders-latency'] }), V).verdict, 'pass');
  });

  it('waits on a named alarm that does not exist (missing data), and on unreadable alarms', () => {
    assert.equal(decide(readings({ alarms: [{ name: 'typo', state: 'MISSING' }] }), settings({ alarmNames: ['typo'] }), V).verdict, 'wait');
    const d = decide(readings({ alarms: { unavailable: 'throttled: Rate exceeded' } }), settings({ alarmNames: ['a'] }), V);
    assert.equal(d.verdict, 'wait');
    assert.match(d.reasons[0], /alarms could not be read \(throttled: Rate exceeded\)/);
  });

  it('fails on error lines at the threshold, before any metric exists', () => {
    const d = decide(
      readings({ metrics: { newVersion: counts(0), oldVersion: counts(0) }, logErrors: { count: 3, lastLine: '2026-12-01T10:00:00Z\tabc\tERROR\tInvoke Error {"errorType":"TypeError"}' } }),
      settings(),
      V,
    );
    assert.equal(d.verdict, 'fail');
    assert.match(d.reasons[0], /^3 error lines in version 42's logs \(threshold 3\): .*ERROR Invoke Error/);
    assert.equal(decide(readings({ logErrors: { count: 2 } }), settings(), V).verdict, 'pass');
  });

  it('a log threshold of 0 turns the log signal off', () => {
    const d = decide(readings({ logErrors: { count: 50 } }), settings({ logErrorThreshold: 0 }), V);
    assert.equal(d.verdict, 'pass');
    assert.doesNotMatch(d.summary, /log errors/);
  });

  it('metrics unreadable (throttled, network) → wait, never pass', () => {
    const d = decide(readings({ metrics: { unavailable: 'throttled: Rate exceeded' } }), settings(), V);
    assert.equal(d.verdict, 'wait');
    assert.match(d.reasons[0], /metrics could not be read \(throttled: Rate exceeded\)/);
    assert.match(d.summary, /^metrics: unreadable/);
  });

  it('a bad signal fails even while another cannot be read', () => {
    const d = decide(readings({ metrics: { unavailable: 'network' }, logErrors: { count: 5 } }), settings(), V);
    assert.equal(d.verdict, 'fail');
    const alarm = decide(readings({ metrics: { unavailable: 'network' }, alarms: [{ name: 'x', state: 'ALARM' }] }), settings({ alarmNames: ['x'] }), V);
    assert.equal(alarm.verdict, 'fail');
  });

  it('unreadable logs alone do not block a step (the metrics still judge), but are reported', () => {
    const d = decide(readings({ logErrors: { unavailable: 'log group missing' } }), settings(), V);
    assert.equal(d.verdict, 'pass');
    assert.match(d.summary, /log errors: unreadable \(log group missing\)/);
  });

  it('lists every failing signal at once', () => {
    const d = decide(
      readings({ metrics: { newVersion: counts(100, 50), oldVersion: counts(900) }, alarms: [{ name: 'a', state: 'ALARM' }], logErrors: { count: 9 } }),
      settings({ alarmNames: ['a'] }),
      V,
    );
    assert.equal(d.verdict, 'fail');
    assert.equal(d.reasons.length, 3);
  });
});
