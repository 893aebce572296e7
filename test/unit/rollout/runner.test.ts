/**
 * The runner with fakes at its seams: an in-memory alias gateway that behaves like Lambda where moto
 * does not (new RevisionId per change, 412 on a stale one), scripted signals, and a fake clock whose
 * sleep advances time at once — so whole rollouts of minutes run in milliseconds here. The same
 * runner against moto with real seconds is in test/integration/rollout.test.ts.
 */
import * as assert from 'node:assert/strict';
import { toReleaseError } from '../../../src/aws/errors';
import type { AliasChange } from '../../../src/aws/lambdaGateway';
import type { AliasSummary, RoutingWeight, VersionSummary } from '../../../src/aws/types';
import { AliasHistory } from '../../../src/release/aliasHistory';
import { AliasOperations, type AliasGateway } from '../../../src/release/aliasOperations';
import { ReleaseError } from '../../../src/release/errors';
import { DEFAULT_GATE_SETTINGS, type AlarmReading, type GateSettings, type VersionCounts } from '../../../src/release/rollout/gate';
import { DEFAULT_LOG_ERROR_PATTERNS } from '../../../src/release/rollout/logSignal';
import { resolvePlan } from '../../../src/release/rollout/plan';
import { RolloutRunner, type RolloutSignals } from '../../../src/release/rollout/runner';
import { createRollout, type RolloutRecord } from '../../../src/release/rollout/state';
import { RolloutStore } from '../../../src/release/rollout/store';
import { MemoryStore } from '../../support/memoryStore';

const FN = 'orders-api';

class FakeLambda implements AliasGateway {
  alias: AliasSummary = { name: 'prod', arn: `arn:aws:lambda:us-east-1:123456789012:function:${FN}:prod`, functionVersion: '41', routing: [], revisionId: 'r0' };
  updates: AliasChange[] = [];
  failUpdates: ReleaseError[] = [];
  /** Runs when the Nth update arrives, before it is checked: someone else acting meanwhile. */
  onUpdate?: (n: number) => void;
  private revision = 0;

  async getAlias(): Promise<AliasSummary> {
    return structuredClone(this.alias);
  }
  async updateAlias(_fn: string, _name: string, change: AliasChange): Promise<AliasSummary> {
    this.onUpdate?.(this.updates.length + 1);
    this.updates.push(structuredClone(change));
    const failure = this.failUpdates.shift();
    if (failure) throw failure;
    if (change.revisionId !== this.alias.revisionId) {
      throw toReleaseError({ name: 'PreconditionFailedException', message: 'The Revision Id provided does not match', $metadata: { httpStatusCode: 412 } }, { action: 'update alias prod' });
    }
    this.alias = { ...this.alias, functionVersion: change.version, routing: change.routing ?? [], revisionId: `r${++this.revision}` };
    return structuredClone(this.alias);
  }
  moveElsewhere(functionVersion: string, routing: RoutingWeight[] = []): void {
    this.alias = { ...this.alias, functionVersion, routing, revisionId: `other${++this.revision}` };
  }
  async createAlias(): Promise<AliasSummary> {
    throw new Error('not used');
  }
  async deleteAlias(): Promise<void> {}
  async listVersions(): Promise<VersionSummary[]> {
    return [];
  }
}

class FakeSignals implements RolloutSignals {
  counts: Record<string, VersionCounts> = { '41': { invocations: 500, errors: 0, throttles: 0 }, '42': { invocations: 50, errors: 0, throttles: 0 } };
  metricFailures: Error[] = [];
  alarmStates: AlarmReading[] = [];
  reads = 0;
  emit?: (message: string) => void;
  async versionCounts(): Promise<Record<string, VersionCounts>> {
    this.reads++;
    const failure = this.metricFailures.shift();
    if (failure) throw failure;
    return structuredClone(this.counts);
  }
  async alarms(): Promise<AlarmReading[]> {
    return this.alarmStates;
  }
  async watchLogs(_fn: string, _version: string, _since: number, onLine: (message: string, ts: number) => void, signal: AbortSignal): Promise<void> {
    this.emit = (message) => onLine(message, Date.now());
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

function setup(options: { gate?: Partial<GateSettings>; steps?: string; maxUnjudgeableMs?: number } = {}) {
  const lambda = new FakeLambda();
  const signals = new FakeSignals();
  const memory = new MemoryStore();
  const store = new RolloutStore(memory);
  const historyStore = new MemoryStore();
  const history = new AliasHistory(historyStore);
  const ops = new AliasOperations({ gateway: lambda, history, protectedAliases: () => ['prod'] });
  let now = 1_000_000;
  const lines: string[] = [];
  const record = createRollout(
    {
      id: 'r1',
      ref: { target: { profile: 'dev', region: 'us-east-1' }, functionName: FN },
      aliasName: 'prod',
      fromVersion: '41',
      toVersion: '42',
      plan: resolvePlan({ custom: options.steps ?? '10, 50, 100', everyMinutes: 1 }),
      gate: { ...DEFAULT_GATE_SETTINGS, ...options.gate },
      pollIntervalMs: 10_000,
      maxUnjudgeableMs: options.maxUnjudgeableMs ?? 60_000,
    },
    now,
  );
  const deps = {
    aliases: ops,
    readAlias: () => lambda.getAlias(),
    signals,
    store,
    ownerId: 'window-1',
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    log: (line: string) => lines.push(line),
    logErrorPatterns: DEFAULT_LOG_ERROR_PATTERNS,
    moveRetryMs: 1_000,
  };
  return { lambda, signals, store, memory, history, historyStore, record, deps, lines, clock: { get now() { return now; } } };
}

const weights = (changes: AliasChange[]) => changes.map((c) => `${c.version}${c.routing?.length ? ` ${c.routing[0].weight}→${c.routing[0].version}` : ''}`);

describe('rollout runner (fakes at the seams, fake clock)', () => {
  it('healthy: 10% → 50% → 100%, each step held its minute, every move guarded and in the history', async () => {
    const t = setup();
    const started = t.clock.now;
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'done');
    assert.deepEqual(weights(t.lambda.updates), ['41 0.1→42', '41 0.5→42', '42']);
    assert.ok(t.lambda.updates.every((u) => u.revisionId !== undefined), 'every update carries the RevisionId read just before');
    assert.deepEqual({ v: t.lambda.alias.functionVersion, r: t.lambda.alias.routing }, { v: '42', r: [] });
    assert.ok(t.clock.now - started >= 120_000, 'two holds of one minute');
    const saved = t.store.get('r1');
    assert.equal(saved?.status, 'done');
    const history = t.historyStore.data.get('lambdaRelease.aliasHistory/123456789012/us-east-1/orders-api/prod') as { action: string; to: string }[] | undefined;
    const moves = history ?? (Object.values(Object.fromEntries(t.historyStore.data)).flat() as { action: string; to: string }[]);
    assert.deepEqual(moves.map((m) => m.action), ['shift', 'shift', 'promote']);
    assert.ok(t.lines.some((l) => /gate pass: new 42: 0\/50 failed \(0%\) · old 41: 0\/500 failed \(0%\)/.test(l)), 'readings are logged with their numbers');
  });

  it('metrics failing at 50% → aborting → alias back to 41 with no weight', async () => {
    const t = setup();
    t.lambda.onUpdate = (n) => {
      if (n === 2) t.signals.counts['42'] = { invocations: 100, errors: 30, throttles: 0 };
    };
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'aborted');
    assert.match(end.reason ?? '', /Health gate failed at 50%: version 42 fails 30% of invocations \(limit 5%\)/);
    assert.deepEqual(weights(t.lambda.updates), ['41 0.1→42', '41 0.5→42', '41']);
    assert.deepEqual(t.lambda.alias.routing, []);
  });

  it('an error line in the new version’s logs wakes the runner and aborts before the next poll', async () => {
    const t = setup({ gate: { logErrorThreshold: 1 } });
    let sleeps = 0;
    const realSleep = t.deps.sleep;
    t.deps.sleep = async (ms: number) => {
      sleeps++;
      if (sleeps === 2) t.signals.emit?.('2026-12-01T10:00:00Z\tabc\tERROR\tInvoke Error {"errorType":"TypeError"}');
      await realSleep(ms);
    };
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'aborted');
    assert.match(end.reason ?? '', /1 error line in version 42's logs \(threshold 1\)/);
    assert.equal(t.lambda.alias.functionVersion, '41');
    assert.deepEqual(t.lambda.alias.routing, []);
  });

  it('alias changed by someone else between steps → stopped, no update after the change, says what is there now', async () => {
    const t = setup();
    const realSleep = t.deps.sleep;
    let moved = false;
    t.deps.sleep = async (ms: number) => {
      if (!moved && t.lambda.updates.length === 1) {
        moved = true;
        t.lambda.moveElsewhere('43');
      }
      await realSleep(ms);
    };
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'stopped');
    assert.match(end.reason ?? '', /orders-api:prod was changed by someone else: it now points at 43 .*changed nothing/);
    assert.equal(t.lambda.updates.length, 1, 'nothing was written after the change');
    assert.equal(t.lambda.alias.functionVersion, '43');
  });

  it('412 PreconditionFailed on the move (changed between our read and our write) → stopped, not retried', async () => {
    const t = setup();
    t.lambda.onUpdate = (n) => {
      if (n === 2) t.lambda.moveElsewhere('41', [{ version: '42', weight: 0.3 }]);
    };
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'stopped');
    assert.match(end.reason ?? '', /alias changed since you looked, now → 41 with 30% → 42;.*The rollout stopped and changed nothing/);
    assert.equal(t.lambda.updates.length, 2);
    assert.deepEqual(t.lambda.alias.routing, [{ version: '42', weight: 0.3 }]);
  });

  it('a throttled or unreachable move is retried; the rollout still completes', async () => {
    const t = setup();
    t.lambda.failUpdates = [new ReleaseError('throttled', 'Rate exceeded'), new ReleaseError('network', 'ECONNRESET')];
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'done');
    assert.ok(t.lines.some((l) => /failed \(Rate exceeded\); retrying in 1 s/.test(l)));
  });

  it('metrics throttled: the step waits (never advances on missing data), then proceeds', async () => {
    const t = setup();
    t.signals.metricFailures = Array.from({ length: 8 }, () => new ReleaseError('throttled', 'Rate exceeded'));
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'done');
    assert.ok(t.lines.some((l) => /gate wait: metrics: unreadable/.test(l)));
    // 8 failed reads at 10 s each cover the first 60 s hold and 20 s more: the 50% step came late.
    const firstPass = t.lines.findIndex((l) => /gate pass/.test(l));
    const secondShift = t.lines.findIndex((l) => /shift 50%/.test(l));
    assert.ok(firstPass > 0 && firstPass < secondShift);
  });

  it('unjudgeable past the limit → aborted, saying for how long and why', async () => {
    const t = setup({ maxUnjudgeableMs: 30_000 });
    t.signals.metricFailures = Array.from({ length: 100 }, () => new ReleaseError('network', 'connect ECONNREFUSED'));
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'aborted');
    assert.match(end.reason ?? '', /could not be judged for 30 s after its hold \(limit 30 s\): metrics could not be read \(connect ECONNREFUSED\)/);
    assert.equal(t.lambda.alias.functionVersion, '41');
  });

  it('pause holds the step (no move, no advance) until resume; promote now goes to 100%', async () => {
    const t = setup();
    const realSleep = t.deps.sleep;
    const results: Promise<string | undefined>[] = [];
    let phase = 0;
    t.deps.sleep = async (ms: number) => {
      if (phase === 0 && t.lambda.updates.length === 1) {
        phase = 1;
        results.push(runner.command('pause'));
      } else if (phase === 1) {
        phase = 2;
        results.push(runner.command('pause')); // refused: already paused
      }
      await realSleep(ms);
    };
    const runner = new RolloutRunner(t.record, t.deps);
    const running = runner.run();
    while (phase < 2) await new Promise((resolve) => setImmediate(resolve));
    const pausedAt = t.clock.now;
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runner.current.status, 'paused');
    assert.equal(t.lambda.updates.length, 1, 'nothing moves while paused');
    assert.ok(t.clock.now > pausedAt + 60_000, 'paused longer than the hold');
    assert.equal(await runner.command('resume'), undefined);
    assert.equal(await runner.command('promoteNow'), undefined);
    const end = await running;
    assert.equal(end.status, 'done');
    assert.deepEqual(await Promise.all(results), [undefined, 'The rollout is already paused.']);
    assert.deepEqual(weights(t.lambda.updates), ['41 0.1→42', '42']);
  });

  it('resuming after a crash: a move already on the alias is recognised, not repeated', async () => {
    const t = setup();
    // The first shift reached Lambda, but the window died before the record was saved.
    t.lambda.alias = { ...t.lambda.alias, routing: [{ version: '42', weight: 0.1 }], revisionId: 'after-crash' };
    const end = await new RolloutRunner(t.record, t.deps).run();
    assert.equal(end.status, 'done');
    assert.deepEqual(weights(t.lambda.updates), ['41 0.5→42', '42']);
    assert.ok(t.lines.some((l) => /shift 10% .* \(already on the alias\)/.test(l)));
  });

  it('two windows: a record with a live owner is refused; a stale owner is taken over', async () => {
    const t = setup();
    const owned: RolloutRecord = { ...t.record, owner: { id: 'window-2', heartbeatAt: t.clock.now - 5_000 } };
    await assert.rejects(new RolloutRunner(owned, t.deps).run(), /not run here: another VS Code window is running this rollout/);
    assert.equal(t.lambda.updates.length, 0);
    const stale: RolloutRecord = { ...t.record, owner: { id: 'window-2', heartbeatAt: t.clock.now - 31_000 } };
    assert.equal((await new RolloutRunner(stale, t.deps).run()).status, 'done');
  });

  it('detach (window closing) releases the lease and leaves the alias and the record unfinished', async () => {
    const t = setup();
    const realSleep = t.deps.sleep;
    t.deps.sleep = async (ms: number) => {
      if (t.lambda.updates.length === 1) runner.detach('window closing');
      await realSleep(ms);
    };
    const runner = new RolloutRunner(t.record, t.deps);
    const end = await runner.run();
    assert.equal(end.status, 'running');
    assert.equal(t.store.get('r1')?.owner, undefined);
    assert.equal(t.store.get('r1')?.step, 0);
    assert.deepEqual(t.lambda.alias.routing, [{ version: '42', weight: 0.1 }]);
  });
});
