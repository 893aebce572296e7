import * as assert from 'node:assert/strict';
import { DEFAULT_GATE_SETTINGS } from '../../../src/release/rollout/gate';
import { DEFAULT_LOG_ERROR_PATTERNS, LogErrorCount, errorMatcher } from '../../../src/release/rollout/logSignal';
import { resolvePlan } from '../../../src/release/rollout/plan';
import { createRollout, stop, type RolloutRecord } from '../../../src/release/rollout/state';
import { RolloutStore, checkLease } from '../../../src/release/rollout/store';
import { MemoryStore } from '../../support/memoryStore';

function record(id: string, aliasName = 'prod', createdAt = 1): RolloutRecord {
  return createRollout(
    {
      id,
      ref: { target: { profile: 'dev', region: 'us-east-1' }, functionName: 'orders-api' },
      aliasName,
      fromVersion: '41',
      toVersion: '42',
      plan: resolvePlan({ preset: 'Canary10Percent5Minutes' }),
      gate: DEFAULT_GATE_SETTINGS,
      pollIntervalMs: 10_000,
      maxUnjudgeableMs: 300_000,
    },
    createdAt,
  );
}

describe('rollout store', () => {
  it('saves and finds unfinished rollouts per alias, through a JSON round trip like globalState', async () => {
    const memory = new MemoryStore();
    const store = new RolloutStore(memory);
    await store.save(record('a', 'prod', 1));
    await store.save(record('b', 'beta', 2));
    assert.deepEqual(store.unfinished().map((r) => r.id), ['a', 'b']);
    assert.equal(store.forAlias({ profile: 'dev', region: 'us-east-1', functionName: 'orders-api', aliasName: 'beta' })?.id, 'b');
    assert.equal(store.forAlias({ profile: 'prod', region: 'us-east-1', functionName: 'orders-api', aliasName: 'beta' }), undefined);
    await store.save(stop(record('a'), 'left', 5));
    assert.deepEqual(store.unfinished().map((r) => r.id), ['b']);
    assert.equal(new RolloutStore(memory).get('a')?.status, 'stopped', 'another instance over the same store sees it');
  });

  it('keeps only the newest ended rollouts, never dropping an unfinished one', async () => {
    const store = new RolloutStore(new MemoryStore(), 2);
    for (let i = 0; i < 5; i++) await store.save({ ...stop(record(`e${i}`), 'x', 100 + i) });
    await store.save(record('live'));
    assert.deepEqual(store.list().map((r) => r.id).sort(), ['e3', 'e4', 'live']);
  });

  it('skips malformed stored entries instead of failing', () => {
    const memory = new MemoryStore();
    memory.data.set('lambdaRelease.rollouts', { x: { id: 'x' }, y: 'nonsense', z: record('z') });
    assert.deepEqual(new RolloutStore(memory).list().map((r) => r.id), ['z']);
  });

  it('lease: free, mine, or stale → may run; another live owner → refused with when to look again', () => {
    const r = record('a');
    assert.deepEqual(checkLease(r, 'me', 1_000), { ok: true });
    assert.deepEqual(checkLease({ ...r, owner: { id: 'me', heartbeatAt: 0 } }, 'me', 1_000), { ok: true });
    const other = { ...r, owner: { id: 'other', heartbeatAt: 10_000 } };
    const refused = checkLease(other, 'me', 22_000, 30_000);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.match(refused.reason, /another VS Code window is running this rollout \(its last heartbeat was 12 s ago\)/);
      assert.equal(refused.retryInMs, 18_000);
    }
    assert.deepEqual(checkLease(other, 'me', 40_000, 30_000), { ok: true });
  });
});

describe('rollout log signal', () => {
  const matcher = errorMatcher(DEFAULT_LOG_ERROR_PATTERNS);
  const errors = [
    '2026-12-01T10:00:00.000Z\t0b1c\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"x is undefined"}',
    '[ERROR] KeyError: \'id\'',
    '2026-12-01T10:00:00.000Z 0b1c Task timed out after 3.00 seconds',
    '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: 1 Error: Runtime exited with error: signal: killed"}',
    'REPORT RequestId: 0b1c\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tStatus: timeout',
    'REPORT RequestId: 0b1c Duration: 12.1 ms Billed Duration: 13 ms Memory Size: 128 MB Max Memory Used: 60 MB Status: error Error Type: Runtime.Unknown',
  ];
  const fine = [
    'START RequestId: 0b1c Version: 42',
    'END RequestId: 0b1c',
    'REPORT RequestId: 0b1c\tDuration: 12.10 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB',
    '2026-12-01T10:00:00.000Z\t0b1c\tINFO\tprocessed order 17 (0 errors)',
    'ERRORS_TOTAL=0 in the summary metric name',
    'RuntimeError handled and retried', // not a Lambda Runtime.* error type
  ];

  it('counts Lambda error lines: ERROR level, task time-outs, Runtime.* errors, failed REPORT lines', () => {
    for (const line of errors) assert.ok(matcher.matches(line), line);
  });

  it('does not count normal START / END / REPORT / INFO lines', () => {
    for (const line of fine) assert.ok(!matcher.matches(line), line);
  });

  it('counts one per line however many patterns match, and keeps the last line', () => {
    const count = new LogErrorCount(matcher);
    for (const [i, line] of [...errors, ...fine].entries()) count.offer(line, i);
    assert.equal(count.count, errors.length);
    assert.equal(count.lastLine, errors.at(-1));
  });

  it('custom patterns replace the defaults; an invalid one is reported, not thrown', () => {
    const custom = errorMatcher(['panic:', '([unclosed']);
    assert.deepEqual(custom.invalid, ['([unclosed']);
    assert.ok(custom.matches('panic: runtime error'));
    assert.ok(!custom.matches('ERROR something'));
  });
});
