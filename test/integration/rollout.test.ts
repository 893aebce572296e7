/**
 * Whole gradual rollouts against moto_server through the real SDK, gateways and runner, with steps
 * held ONE SECOND (the stepIntervalSeconds setting, real time, no fake timers) and the gate read
 * every 250 ms. The runner's clients go through the fault proxy (test/support/faultProxy.ts); the
 * checks read the alias from moto directly.
 *
 * moto differs from AWS here, and the tests say where they stand in for it:
 * - its invoke publishes no AWS/Lambda metrics and writes no logs: the tests PUT the metrics Lambda
 *   would publish (PutMetricData with FunctionName / Resource / ExecutedVersion) and the log lines
 *   the new version would write (PutLogEvents in its `[version]` stream);
 * - it never throttles and never enforces RevisionId: the fault proxy answers 429 and 412 like AWS;
 * - it has no Live Tail: the log signal polls FilterLogEvents (the same fallback the editor uses).
 */
import * as assert from 'node:assert/strict';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, publishVersions, putLogEvents } from '../support/seed';
import { putAlarm, putLambdaMetrics, readAliasDirect, rolloutHarness, steadyTraffic, type HarnessOptions } from '../support/rolloutHarness';
import { MemoryStore } from '../support/memoryStore';
import { recoveryOffer } from '../../src/release/rollout/recovery';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { MetricsGateway } from '../../src/aws/metricsGateway';
import { TEST_KEYS } from '../support/awsConfig';

const REGION = 'us-east-1';
const FN = 'orders-api';
const ALIAS = 'prod';
const at = { functionName: FN, aliasName: ALIAS };

describe('gradual rollout against moto (steps of 1 s, real time)', function () {
  this.timeout(30_000);
  let moto: MotoServer;
  let proxy: FaultProxy;
  const cleanups: (() => unknown)[] = [];

  const options = (over: Partial<HarnessOptions> = {}): HarnessOptions => ({
    endpoint: proxy.url,
    region: REGION,
    functionName: FN,
    aliasName: ALIAS,
    fromVersion: '1',
    toVersion: '2',
    ...over,
  });
  const harness = (over: Partial<HarnessOptions> = {}) => {
    const h = rolloutHarness(options(over));
    cleanups.push(() => h.destroy());
    return h;
  };
  const healthyTraffic = () => {
    const traffic = steadyTraffic(moto.endpoint, REGION, at, { '1': { invocations: 20 }, '2': { invocations: 5 } });
    cleanups.push(() => traffic.stop());
    return traffic;
  };

  before(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
  });
  after(async () => {
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    proxy.clearRules();
    proxy.clearLog();
    await createFunction(moto.endpoint, REGION, FN);
    await publishVersions(moto.endpoint, REGION, FN, ['release 1', 'release 2']);
    await createAlias(moto.endpoint, REGION, FN, ALIAS, '1');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('healthy traffic → 10% → 50% → promoted to 100%, read back from moto; every step and reading logged', async () => {
    healthyTraffic();
    const h = harness();
    const end = await h.runner().run();
    assert.equal(end.status, 'done', h.lines.join('\n'));
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '2', weights: {} });
    assert.equal(proxy.count('UpdateAlias'), 3);
    assert.ok(h.lines.some((l) => /gate pass: new 2: 0\/\d+ failed \(0%\) · old 1: 0\/\d+ failed \(0%\)/.test(l)), h.lines.join('\n'));
    assert.ok(h.lines.some((l) => /shift 50% of prod to 2 \(step 2\/3\)/.test(l)));
    assert.equal(h.store.get(h.record.id)?.status, 'done');
  });

  it('errors put for the new ExecutedVersion → aborted, alias read back at the old version with no weight', async () => {
    const traffic = healthyTraffic();
    traffic.set('2', { invocations: 5, errors: 2 });
    const h = harness({ steps: '10, 50, 100', stepSeconds: 5 });
    const end = await h.runner().run();
    assert.equal(end.status, 'aborted', h.lines.join('\n'));
    assert.match(end.reason ?? '', /Health gate failed at 10%: version 2 fails \d+(\.\d)?% of invocations \(limit 5%\)/);
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: {} });
  });

  it('a named alarm set to ALARM → aborted', async () => {
    healthyTraffic();
    await putAlarm(moto.endpoint, REGION, 'orders-api-errors', FN, 'OK');
    await putAlarm(moto.endpoint, REGION, 'payments-errors', 'payments-worker', 'OK');
    // What the confirmation offers: the alarms whose FunctionName dimension is this function.
    const cloudwatch = new CloudWatchClient({ endpoint: moto.endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 1 });
    cleanups.push(() => cloudwatch.destroy());
    assert.deepEqual((await new MetricsGateway(cloudwatch).alarmsForFunction(FN)).map((a) => [a.name, a.state]), [['orders-api-errors', 'OK']]);
    const h = harness({ stepSeconds: 5, gate: { alarmNames: ['orders-api-errors'] } });
    const runner = h.runner();
    const running = runner.run();
    while (runner.current.step < 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await putAlarm(moto.endpoint, REGION, 'orders-api-errors', FN, 'ALARM');
    const end = await running;
    assert.equal(end.status, 'aborted', h.lines.join('\n'));
    assert.match(end.reason ?? '', /alarm orders-api-errors is in ALARM \(set to ALARM by the test\)/);
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: {} });
  });

  it('error lines in the new version’s log stream → aborted before any metric exists', async () => {
    // No traffic metrics at all: without the log signal this step would wait its whole 20 s.
    const h = harness({ stepSeconds: 20, maxUnjudgeableMs: 60_000, gate: { logErrorThreshold: 2 } });
    const runner = h.runner();
    const running = runner.run();
    while (runner.current.step < 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await putLogEvents(moto.endpoint, REGION, FN, [
      { version: '1', messages: ['2026-12-01T10:00:00.000Z\tr1\tERROR\tnot ours: old version'] },
      { version: '2', messages: ['START RequestId: r2 Version: 2', '2026-12-01T10:00:00.000Z\tr2\tERROR\tInvoke Error {"errorType":"TypeError"}', 'REPORT RequestId: r2\tDuration: 3.00 ms\tStatus: error'] },
    ]);
    const end = await running;
    assert.equal(end.status, 'aborted', h.lines.join('\n'));
    assert.match(end.reason ?? '', /2 error lines in version 2's logs \(threshold 2\)/);
    assert.match(end.lastGate?.summary ?? '', /new 2: 0\/0 failed/, 'no metric had arrived');
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: {} });
  });

  it('GetMetricData throttled (fault proxy answers 429: moto never throttles) → the step waits, then proceeds', async () => {
    healthyTraffic();
    const throttle = proxy.add({ operation: 'GetMetricData', fault: { kind: 'throttle' }, times: 10 });
    const h = harness();
    const end = await h.runner().run();
    assert.equal(end.status, 'done', h.lines.join('\n'));
    assert.equal(throttle.applied, 10);
    assert.ok(h.lines.some((l) => /gate wait: metrics: unreadable.*metrics could not be read \(throttled/.test(l)), h.lines.join('\n'));
    // Nothing advanced on missing data: the second shift came after the last throttled read.
    const lastThrottled = Math.max(...proxy.requests.filter((r) => r.operation === 'GetMetricData' && r.status === 429).map((r) => r.seq));
    const shifts = proxy.requests.filter((r) => r.operation === 'UpdateAlias').map((r) => r.seq);
    assert.equal(shifts.length, 3);
    assert.ok(shifts[1] > lastThrottled, `second shift #${shifts[1]} after the last 429 #${lastThrottled}`);
  });

  it('alias changed by another writer mid-rollout (fault proxy answers 412: moto does not enforce RevisionId) → stopped, nothing overwritten', async () => {
    healthyTraffic();
    const other = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 1 });
    cleanups.push(() => other.destroy());
    let otherWrite: Promise<unknown> | undefined;
    // The second UpdateAlias of the rollout: the other writer moves the alias between our read and
    // our write; Lambda would refuse our stale RevisionId with 412, so the proxy does.
    let updates = 0;
    proxy.add({
      operation: 'UpdateAlias',
      times: 1,
      when: () => {
        if (++updates !== 2) return false;
        otherWrite = other.send(new UpdateAliasCommand({ FunctionName: FN, Name: ALIAS, FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.3 } } }));
        return true;
      },
      fault: { kind: 'precondition' },
    });
    // The re-read after the 412 waits for the other writer to land (moto answers one request at a time anyway).
    proxy.add({ operation: 'GetAlias', when: () => otherWrite !== undefined, times: 1, fault: { kind: 'latency', ms: 300 } });
    const h = harness();
    const end = await h.runner().run();
    await otherWrite;
    assert.equal(end.status, 'stopped', h.lines.join('\n'));
    assert.match(end.reason ?? '', /alias changed since you looked, now → 1 with 30% → 2;.*The rollout stopped and changed nothing/);
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: { '2': 0.3 } });
    assert.equal(proxy.count('UpdateAlias'), 2, 'no write after the refusal');
  });

  it('alias changed by another writer between steps (re-read shows another state) → stopped before writing', async () => {
    healthyTraffic();
    const h = harness({ stepSeconds: 2 });
    const runner = h.runner();
    const running = runner.run();
    while (runner.current.step < 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const other = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 1 });
    cleanups.push(() => other.destroy());
    await other.send(new UpdateAliasCommand({ FunctionName: FN, Name: ALIAS, FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: {} } }));
    const end = await running;
    assert.equal(end.status, 'stopped', h.lines.join('\n'));
    assert.match(end.reason ?? '', /orders-api:prod was changed by someone else: it now points at 2 .*changed nothing/);
    assert.equal(proxy.count('UpdateAlias'), 1);
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '2', weights: {} });
  });

  it('reload mid-rollout: the next window finds it, is offered Resume / Abort / Leave As Is, and Resume finishes it', async () => {
    healthyTraffic();
    const shared = new MemoryStore();
    const first = harness({ store: shared, ownerId: 'window-before-reload' });
    const runner = first.runner();
    const running = runner.run();
    while (runner.current.step < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    runner.detach('window reloading');
    const left = await running;
    assert.equal(left.status, 'running');
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: { '2': 0.5 } });

    const second = harness({ store: shared, ownerId: 'window-after-reload' });
    const [found] = second.store.unfinished();
    assert.equal(found?.id, left.id);
    const offer = recoveryOffer(found, 'window-after-reload', Date.now());
    assert.deepEqual(offer.choices, ['Resume', 'Abort', 'Leave As Is']);
    assert.match(offer.message, /Unfinished gradual rollout of orders-api:prod \(test, us-east-1\): 1 → 2.*stopped advancing at 50% → 2/);
    const end = await second.runner(found).run();
    assert.equal(end.status, 'done', second.lines.join('\n'));
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '2', weights: {} });
  });

  it('crash mid-rollout (no clean release): another window is refused while the lease lives, then Abort takes the alias back', async () => {
    healthyTraffic();
    const shared = new MemoryStore();
    const first = harness({ store: shared, ownerId: 'crashed-window', stepSeconds: 30 });
    const runner = first.runner();
    const running = runner.run();
    while (runner.current.step < 0) await new Promise((resolve) => setTimeout(resolve, 50));
    // A crash: the loop is gone but the saved lease is not released.
    const crashed = first.store.get(runner.id)!;
    runner.detach('test');
    await running;
    await first.store.save(crashed);

    const second = harness({ store: shared, ownerId: 'new-window', leaseMs: 1_500 });
    const found = second.store.unfinished()[0];
    const early = recoveryOffer(found, 'new-window', Date.now(), 1_500);
    assert.deepEqual(early.choices, []);
    assert.match(early.message, /runs in another VS Code window/);
    await assert.rejects(second.runner(found).run(), /another VS Code window is running this rollout/);

    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.deepEqual(recoveryOffer(found, 'new-window', Date.now(), 1_500).choices, ['Resume', 'Abort', 'Leave As Is']);
    const resumed = second.runner(found);
    const end = resumed.run();
    assert.equal(await resumed.command('abort'), undefined);
    assert.equal((await end).status, 'aborted');
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: {} });
  });

  it('too little traffic with noTraffic "wait" never advances; past the unjudgeable limit it aborts and says why', async () => {
    await putLambdaMetrics(moto.endpoint, REGION, { ...at, version: '2' }, { invocations: 1 });
    const h = harness({ maxUnjudgeableMs: 1_000 });
    const end = await h.runner().run();
    assert.equal(end.status, 'aborted');
    assert.match(end.reason ?? '', /could not be judged .*too little traffic for version 2: \d of 10 invocations needed/);
    assert.equal(proxy.count('UpdateAlias'), 2, 'the 10% step, then the abort');
    assert.deepEqual(await readAliasDirect(moto.endpoint, REGION, FN, ALIAS), { version: '1', weights: {} });
  });
});
