/**
 * Invoke through the real SDK wired as the extension wires it (AwsServices from a temporary shared
 * config), against moto_server behind the fault proxy. moto serves Invoke's request shapes,
 * qualifiers, the async 202 and the payload round trip (echo, or results queued through
 * /moto-api/static/lambda-simple/response); it never returns FunctionError, LogResult or
 * X-Amz-Executed-Version, so the tests that need those say "fault proxy answering like Lambda".
 * The smoke gate's alias state is read back from moto directly, not through the proxy.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import type { Target } from '../../src/aws/types';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { countExecutedVersions, formatInvocationLine, parseReportLine, preparePayload, type InvocationType } from '../../src/release/invocation';
import { deploy } from '../../src/release/deploy';
import { buildPackage } from '../../src/release/packaging';
import { planRelease } from '../../src/release/releasePlan';
import { ReleaseStoppedError, runRelease } from '../../src/release/releaseRun';
import { gateAliasMove, runSmokeTests, smokeVerifyStep, type SmokeEvent } from '../../src/release/smokeGate';
import { loadSmokeEvents } from '../../src/release/testEvents';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { MemoryStore } from '../support/memoryStore';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, publishVersions, queueDemoInvokeResults } from '../support/seed';

const REGION = 'us-east-1';
const FN = 'orders-api';
const dev: Target = { profile: 'dev', region: REGION };
const baseSettings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 4, connectionTimeoutMs: 2_000 };

const REPORT = 'REPORT RequestId: 0c1d2e3f-0000-4000-8000-000000000001\tDuration: 21.50 ms\tBilled Duration: 22 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tInit Duration: 140.02 ms\t\n';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Queues the payloads moto's Invoke returns next (one per call). */
async function queueResults(moto: MotoServer, results: string[]): Promise<void> {
  const response = await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results, region: REGION }),
  });
  assert.equal(response.status, 201, 'moto queued the results');
}

describe('invoke (real SDK → fault proxy → moto_server)', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let proxy: FaultProxy;
  let direct: LambdaClient;
  let scratch: string;
  let restoreEnv: () => void;
  let services: AwsServices;

  const newServices = async (overrides: Partial<AwsSettings> = {}) => {
    const created = new AwsServices({ ...baseSettings, ...overrides });
    await created.listProfiles();
    return created;
  };
  const invoke = (qualifier: string, type: InvocationType = 'RequestResponse', payload = '{"path":"/orders/1"}', using = services, signal?: AbortSignal) =>
    using.invoke(dev).invoke({ functionName: FN, qualifier, type, payload: preparePayload(payload, type).bytes }, { signal });
  const aliasInMoto = async (name: string) => (await direct.send(new GetAliasCommand({ FunctionName: FN, Name: name }))).FunctionVersion;

  before(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    direct = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 1 });
  });
  after(async () => {
    direct?.destroy();
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    await createFunction(moto.endpoint, REGION, FN);
    await publishVersions(moto.endpoint, REGION, FN, ['r1', 'r2', 'r3']);
    await createAlias(moto.endpoint, REGION, FN, 'prod', '2');
    proxy.clearRules();
    proxy.clearLog();
    scratch = mkdtempSync(join(tmpdir(), 'lrm-invoke-'));
    restoreEnv = applyEnv(writeAwsConfig(join(scratch, 'aws'), [{ name: 'dev', region: REGION, endpointUrl: proxy.url }]).env);
    services = await newServices();
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const qualifier of ['$LATEST', '3', 'prod']) {
    it(`RequestResponse of ${FN}:${qualifier}: the qualifier, invocation type and LogType Tail reach Lambda; the payload round-trips (moto echoes)`, async () => {
      const result = await invoke(qualifier, 'RequestResponse', '{"path":"/orders/1","é":true}');
      assert.equal(result.statusCode, 200);
      assert.equal(result.payload, '{"path":"/orders/1","é":true}');
      const [request] = proxy.requests.filter((r) => r.operation === 'Invoke');
      assert.equal(decodeURIComponent(new URLSearchParams(request.query).get('Qualifier') ?? ''), qualifier);
      assert.equal(request.headers['x-amz-invocation-type'], 'RequestResponse');
      assert.equal(request.headers['x-amz-log-type'], 'Tail');
    });
  }

  it('returns the results moto was told to return (queued through /moto-api/static/lambda-simple/response), JSON or not', async () => {
    await queueResults(moto, ['{"statusCode":200,"body":"{\\"id\\":1}"}', 'plain text answer']);
    assert.equal((await invoke('3')).payload, '{"statusCode":200,"body":"{\\"id\\":1}"}');
    assert.equal((await invoke('3')).payload, 'plain text answer');
  });

  it('Event: 202, queued; no log tail is asked for', async () => {
    const result = await invoke('prod', 'Event');
    assert.equal(result.statusCode, 202);
    assert.equal(result.logTail, undefined);
    const [request] = proxy.requests.filter((r) => r.operation === 'Invoke');
    assert.equal(request.headers['x-amz-invocation-type'], 'Event');
    assert.equal(request.headers['x-amz-log-type'], 'None');
    assert.match(formatInvocationLine(result), /^orders-api:prod · queued \(Event\) · status 202$/);
  });

  it('DryRun: 204, permission check only, no payload back', async () => {
    const result = await invoke('2', 'DryRun');
    assert.deepEqual([result.statusCode, result.payload], [204, '']);
    assert.equal(proxy.requests.find((r) => r.operation === 'Invoke')?.headers['x-amz-invocation-type'], 'DryRun');
  });

  it('fault proxy answering like Lambda: FunctionError (Unhandled), the base64 log tail and X-Amz-Executed-Version are decoded', async () => {
    await queueResults(moto, [JSON.stringify({ errorType: 'TypeError', errorMessage: 'order is undefined', trace: ['TypeError: order is undefined', '    at handler (/var/task/index.mjs:4:11)'] })]);
    proxy.add({
      operation: 'Invoke',
      fault: { kind: 'addHeaders', headers: { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '2', 'x-amz-log-result': base64(`START RequestId: 0c1d Version: 2\nERROR order is undefined\nEND RequestId: 0c1d\n${REPORT}`) } },
    });
    const result = await invoke('prod');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.executedVersion, '2');
    assert.match(result.logTail ?? '', /ERROR order is undefined/);
    assert.deepEqual(parseReportLine(result.logTail), { requestId: '0c1d2e3f-0000-4000-8000-000000000001', durationMs: 21.5, billedDurationMs: 22, memorySizeMb: 128, maxMemoryUsedMb: 66, initDurationMs: 140.02, status: undefined });
    assert.equal(formatInvocationLine(result), 'orders-api:prod · ran version 2 · status 200 · 21.5 ms · billed 22 ms · 66 of 128 MB · init 140.02 ms · Unhandled TypeError: order is undefined');
  });

  it('a sync call longer than the general request time-out is not cut (proxy delays the answer 3× requestTimeoutMs)', async () => {
    const shortTimeouts = await newServices({ requestTimeoutMs: 400 });
    try {
      proxy.add({ operation: 'Invoke', fault: { kind: 'latency', ms: 1_200 } });
      const result = await invoke('3', 'RequestResponse', '{"slow":true}', shortTimeouts);
      assert.deepEqual([result.statusCode, result.payload], [200, '{"slow":true}']);
      assert.equal(proxy.count('Invoke'), 1, 'one call: an invoke is never retried');
      // The same delay on a control-plane call IS cut by requestTimeoutMs: the limits really differ.
      proxy.add({ operation: 'GetAlias', fault: { kind: 'latency', ms: 1_200 } });
      await assert.rejects(shortTimeouts.lambda(dev).getAlias(FN, 'prod'), (e: ReleaseError) => e.kind === 'network');
    } finally {
      shortTimeouts.dispose();
    }
  });

  it('the invoke time-out (lambdaRelease.invoke.timeoutSeconds) ends a call that never answers, naming that limit', async () => {
    const shortInvoke = await newServices({ invokeTimeoutMs: 600 });
    try {
      proxy.add({ operation: 'Invoke', fault: { kind: 'hang' } });
      await assert.rejects(invoke('3', 'RequestResponse', '{}', shortInvoke), (error: ReleaseError) => {
        assert.equal(error.kind, 'network');
        assert.match(error.message, /^No answer from orders-api:3 within 1 s \(the invoke time-out\); the function may still be running\.$/);
        assert.match(error.hint ?? '', /lambdaRelease\.invoke\.timeoutSeconds/);
        return true;
      });
      assert.equal(proxy.count('Invoke'), 1, 'not retried');
    } finally {
      shortInvoke.dispose();
    }
  });

  it('Cancel ends a sync call that is still running (proxy never answers)', async () => {
    proxy.add({ operation: 'Invoke', fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = invoke('3', 'RequestResponse', '{}', services, controller.signal);
    while (proxy.count('Invoke') === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await assert.rejects(pending, (error: unknown) => error instanceof CancelledError && /may still be running/.test(error.message));
    await proxy.settled();
    assert.equal(proxy.requests.find((r) => r.operation === 'Invoke')?.clientGaveUp, true, 'the connection was closed');
  });

  describe('smoke gate (alias read back from moto)', () => {
    const smokeEvents: SmokeEvent[] = [
      { name: 'smoke-get', text: '{"path":"/orders/1"}', expectation: { statusCode: 200 } },
      { name: 'smoke-post', text: '{"path":"/orders","method":"POST"}', expectation: { statusCode: 201 } },
    ];
    const operations = () => new AliasOperations({ gateway: services.lambda(dev), history: new AliasHistory(new MemoryStore()), protectedAliases: () => [] });
    const gate = (version: string) =>
      gateAliasMove(
        { version, events: smokeEvents, invoke: (qualifier, payload, signal) => services.invoke(dev).invoke({ functionName: FN, qualifier, type: 'RequestResponse', payload }, { signal }) },
        () => operations().repoint(FN, 'prod', version, { confirm: async () => true }),
      );
    const invokedQualifiers = () => invokedQualifiersAll(proxy);

    it('a passing smoke test: version 3 is invoked BY NUMBER with each event, then prod moves 2 → 3', async () => {
      await queueResults(moto, ['{"statusCode":200}', '{"statusCode":201,"body":"{}"}']);
      const { run, moved } = await gate('3');
      assert.equal(run.passed, true);
      assert.deepEqual(invokedQualifiers(), ['3', '3'], 'never through the alias');
      assert.equal(moved?.alias.functionVersion, '3');
      assert.equal(await aliasInMoto('prod'), '3');
    });

    it('a failing smoke test (second event answers 500): prod stays on 2, no UpdateAlias was sent', async () => {
      await queueResults(moto, ['{"statusCode":200}', '{"statusCode":500,"body":"db down"}']);
      const { run, moved } = await gate('3');
      assert.equal(run.passed, false);
      assert.equal(run.failure?.event.name, 'smoke-post');
      assert.deepEqual(run.failure?.problems, ['$.statusCode: expected 201, got 500']);
      assert.equal(moved, undefined);
      assert.equal(proxy.count('UpdateAlias'), 0);
      assert.equal(await aliasInMoto('prod'), '2');
    });

    it('fault proxy answering like Lambda: a FunctionError on the first event stops the gate, prod stays on 2', async () => {
      await queueResults(moto, ['{"errorType":"Error","errorMessage":"boom"}']);
      proxy.add({ operation: 'Invoke', fault: { kind: 'addHeaders', headers: { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '3' } } });
      const { run } = await gate('3');
      assert.deepEqual(run.failure?.problems, ['Unhandled Error: boom']);
      assert.deepEqual(invokedQualifiers(), ['3'], 'the second event was not invoked');
      assert.equal(await aliasInMoto('prod'), '2');
    });
  });

  it('the demo workspace ships two smoke events for orders-api that pass against the demo\'s queued answers (scripts/seed-demo.ts)', async () => {
    await queueDemoInvokeResults(moto.endpoint, REGION, 5);
    const events = await loadSmokeEvents(join(__dirname, '..', '..', 'scripts', 'demo-workspace'), FN);
    assert.deepEqual(events.map((e) => [e.name, e.expectation !== undefined]), [['smoke-create-order', true], ['smoke-health', false]]);
    const run = await runSmokeTests({ version: '3', events, invoke: (qualifier, payload) => services.invoke(dev).invoke({ functionName: FN, qualifier, type: 'RequestResponse', payload }) });
    assert.deepEqual(run.failure?.problems ?? [], []);
    assert.equal(run.passed, true);
  });

  describe('Release… with the smoke gate as its verify step (planRelease → runRelease, alias read back from moto)', () => {
    /** A release of a changed workspace to prod (→ 2), full move, with the smoke step of the editor's hook. */
    async function release(events: SmokeEvent[]) {
      const workspace = join(scratch, `ws-${Date.now()}`);
      mkdirSync(workspace);
      writeFileSync(join(workspace, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
      const gateway = services.lambda(dev);
      const pkg = await buildPackage(workspace);
      const [alias, latest, versions] = [await gateway.getAlias(FN, 'prod'), await gateway.getFunction(FN), await gateway.listVersions(FN)];
      const verify = { label: 'Smoke tests', run: smokeVerifyStep({ events: async () => events, invoke: (qualifier, payload, signal) => services.invoke(dev).invoke({ functionName: FN, qualifier, type: 'RequestResponse', payload }, { signal }) }) };
      const plan = planRelease({ functionName: FN, alias, packageSha256: pkg.sha256, fileCount: pkg.fileCount, latestCodeSha256: latest.codeSha256, versions, protectedAlias: false, move: { kind: 'full' }, verify });
      assert.equal(plan.kind, 'ready');
      if (plan.kind !== 'ready') return undefined as never;
      assert.deepEqual(plan.steps.map((step) => step.kind), ['deploy', 'publish', 'verify', 'move']);
      return runRelease(
        { plan, alias, packageSha256: pkg.sha256, description: 'smoke-gated release' },
        {
          functionName: FN,
          aliasName: 'prod',
          deploy: (options, signal) => deploy({ functionName: FN, ...options, description: async () => options.description, signal }, { gateway, buildPackage: async () => pkg, codeSourceFor: async (built) => ({ zipFile: built.zip }) }),
          publish: (guard, signal) => gateway.publishVersion(FN, guard, { signal }),
          aliases: operationsFor(),
          hooks: { verify },
        },
      );
    }
    const operationsFor = () => new AliasOperations({ gateway: services.lambda(dev), history: new AliasHistory(new MemoryStore()), protectedAliases: () => [] });
    const smoke: SmokeEvent[] = [{ name: 'smoke-get', text: '{"path":"/orders/1"}', expectation: { statusCode: 200 } }];

    it('a failing smoke test stops the release after publishing version 4: prod stays on 2 in moto, and the stop says so', async () => {
      await queueResults(moto, ['{"statusCode":503,"body":"unavailable"}']);
      await assert.rejects(release(smoke), (error: ReleaseStoppedError) => {
        assert.ok(error instanceof ReleaseStoppedError, String(error));
        assert.match(error.message, /Verification of version 4 failed: smoke test "smoke-get" failed \(\$\.statusCode: expected 200, got 503\)/);
        assert.match(error.message, /version 4 was published.*prod was not moved \(still → 2\)/);
        return true;
      });
      assert.deepEqual(invokedQualifiersAll(proxy), ['4'], 'the new version, by number');
      assert.equal(await aliasInMoto('prod'), '2');
    });

    it('a passing smoke test lets the release move prod to the new version 4', async () => {
      await queueResults(moto, ['{"statusCode":200}']);
      const state = await release(smoke);
      assert.equal(state.verified?.summary, 'passed 1 smoke test (smoke-get)');
      assert.equal(await aliasInMoto('prod'), '4');
    });
  });

  it('Check Routing, fault proxy answering like Lambda (moto has no weighted routing): executions per version from X-Amz-Executed-Version', async () => {
    let served = 0;
    // Every 4th call through the alias runs the canary version 3, like a 25% weight would on average.
    proxy.add({ operation: 'Invoke', fault: { kind: 'addHeaders', headers: () => ({ 'x-amz-executed-version': ++served % 4 === 0 ? '3' : '2' }) } });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await invoke('prod'));
    assert.deepEqual([...countExecutedVersions(results)], [['2', 15], ['3', 5]]);
    assert.ok(invokedQualifiersAll(proxy).every((q) => q === 'prod'), 'through the alias');
  });
});

function invokedQualifiersAll(proxy: FaultProxy): string[] {
  return proxy.requests.filter((r) => r.operation === 'Invoke').map((r) => decodeURIComponent(new URLSearchParams(r.query).get('Qualifier') ?? ''));
}
