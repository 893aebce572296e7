/**
 * Fault injection: the real SDK (through AwsServices, LambdaGateway, LogsGateway, deploy() and
 * AliasOperations, wired as the extension wires them) talks to moto_server through the fault proxy
 * of test/support/faultProxy.ts, because moto itself never throttles, never reports an update in
 * progress, never enforces RevisionId and never hangs. Every case reads the final state back from
 * moto DIRECTLY (not through the proxy) and checks the message the user would see.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListAliasesCommand, ListFunctionsCommand, ListVersionsByFunctionCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import type { TailStatus } from '../../src/aws/logsGateway';
import type { Target } from '../../src/aws/types';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { deploy, DeployedNotPublishedError, type DeployOutcome } from '../../src/release/deploy';
import { CancelledError, ReleaseError, isCancellation } from '../../src/release/errors';
import type { TailEvent } from '../../src/release/logFilter';
import { planUpload } from '../../src/release/packageLimits';
import { buildPackage } from '../../src/release/packaging';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, createRole, publishVersions, putLogEvents } from '../support/seed';
import { MemoryStore } from '../support/memoryStore';

const REGION = 'us-east-1';
const target: Target = { profile: 'dev', region: REGION };
const MAX_ATTEMPTS = 3;
const CONCURRENCY = 3;
const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: MAX_ATTEMPTS, maxConcurrentRequests: CONCURRENCY, connectionTimeoutMs: 2_000 };
const credentials = { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey };

/** Resolves once `condition` holds (checked every 20 ms); mocha's time-out bounds a condition that never comes. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('fault injection (fault proxy in front of moto_server; moto never produces these faults)', function () {
  let moto: MotoServer;
  let proxy: FaultProxy;
  /** Straight to moto, bypassing the proxy: the ground truth. */
  let direct: LambdaClient;
  let dir: string;
  let restoreEnv: () => void;
  let services: AwsServices;

  before(async function () {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    direct = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials, maxAttempts: 1 });
  });
  after(async () => {
    direct?.destroy();
    await proxy?.close();
    await moto?.stop();
  });

  /** AwsServices from a shared config whose profile `dev` has endpoint_url = the proxy. */
  async function useServices(overrides: Partial<AwsSettings> = {}): Promise<AwsServices> {
    services?.dispose();
    services = new AwsServices({ ...settings, ...overrides });
    await services.listProfiles();
    return services;
  }

  beforeEach(async () => {
    await moto.reset();
    proxy.clearRules();
    proxy.clearLog();
    dir = mkdtempSync(join(tmpdir(), 'lrm-faults-'));
    restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: 'dev', region: REGION, endpointUrl: proxy.url }]).env);
    await useServices();
  });
  afterEach(async () => {
    proxy.clearRules();
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  async function codeSha(functionName: string, qualifier?: string): Promise<string | undefined> {
    return (await direct.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: qualifier }))).CodeSha256;
  }
  async function publishedVersions(functionName: string): Promise<string[]> {
    const result = await direct.send(new ListVersionsByFunctionCommand({ FunctionName: functionName }));
    return (result.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
  }

  /** A workspace folder; `bulk` adds incompressible bytes so the upload spans many TCP writes. */
  function workspace(revision: string, bulk = 0): string {
    const folder = mkdtempSync(join(dir, 'ws-'));
    writeFileSync(join(folder, 'index.js'), `exports.handler = async () => ({ statusCode: 200, body: ${JSON.stringify(revision)} });\n`);
    if (bulk) writeFileSync(join(folder, 'data.bin'), randomBytes(bulk));
    return folder;
  }

  /** deploy() with its dependencies built the way src/commands/deploy/deployFlow.ts builds them (no bucket set). */
  function runDeploy(folder: string, functionName: string, publish: boolean, signal?: AbortSignal): Promise<DeployOutcome> {
    return deploy(
      { functionName, publish, description: async () => 'faults test', signal },
      {
        gateway: services.lambda(target),
        buildPackage: (s) => buildPackage(folder, { signal: s }),
        codeSourceFor: async (pkg) => {
          const plan = planUpload(pkg.zip.length, '');
          assert.equal(plan.method, 'direct');
          return { zipFile: pkg.zip };
        },
      },
    );
  }

  describe('listing', () => {
    it('completes under throttling (429 TooManyRequestsException + Retry-After): complete result, retries seen, never more than maxConcurrentRequests in flight', async function () {
      this.timeout(120_000);
      const roleArn = await createRole(moto.endpoint, REGION);
      const names = Array.from({ length: 8 }, (_, i) => `fn-${i}`);
      for (const name of names) {
        await createFunction(moto.endpoint, REGION, name, { roleArn });
        await publishVersions(moto.endpoint, REGION, name, ['one', 'two']);
        await createAlias(moto.endpoint, REGION, name, 'live', '1');
      }
      // Every answer takes a moment, so parallel requests really overlap at the proxy.
      const latency = { route: /./, fault: { kind: 'latency', ms: 40 } } as const;

      /** What expanding a profile and then every function does (tree: functionListing + FunctionNode). */
      const expandAll = async () => {
        const gateway = services.lambda(target);
        const functions = await gateway.listFunctions();
        return { functions, details: await Promise.all(functions.map((fn) => gateway.getFunctionDetails(fn.name))) };
      };

      // Without faults, the limiter is what bounds the parallelism: it is reached, not exceeded.
      proxy.add(latency);
      await expandAll();
      assert.equal(proxy.maxInFlight, CONCURRENCY, `exactly maxConcurrentRequests (${CONCURRENCY}) in flight at the peak`);

      // Now with throttling, on a fresh window of the request log.
      proxy.clearRules();
      proxy.clearLog();
      await useServices();
      proxy.add({ operation: 'ListFunctions', fault: { kind: 'throttle', retryAfterSeconds: 0 }, times: 1 });
      proxy.add({ operation: 'ListVersionsByFunction', fault: { kind: 'throttle', retryAfterSeconds: 0 }, skip: 2, times: 2 });
      proxy.add({ operation: 'ListAliases', fault: { kind: 'throttle', retryAfterSeconds: 0 }, skip: 2, times: 2 });
      proxy.add(latency);
      const started = Date.now();
      const { functions, details } = await expandAll();
      console.log(`      [figure] expanding ${names.length} functions with 5 throttled answers took ${Date.now() - started} ms (the SDK's adaptive retry slows the client after a throttle)`);

      // Complete: the same as moto says, read directly.
      const truth = (await direct.send(new ListFunctionsCommand({}))).Functions ?? [];
      assert.deepEqual(
        functions.map((f) => f.name),
        truth.map((f) => f.FunctionName ?? '').sort(),
      );
      assert.deepEqual(
        functions.map((f) => f.name),
        names,
      );
      for (const [index, fn] of functions.entries()) {
        assert.deepEqual(
          details[index].versions.map((v) => v.version),
          ['$LATEST', ...(await publishedVersions(fn.name)).sort((a, b) => Number(b) - Number(a))],
          `versions of ${fn.name}`,
        );
        const aliases = (await direct.send(new ListAliasesCommand({ FunctionName: fn.name }))).Aliases ?? [];
        assert.deepEqual(
          details[index].aliases.map((a) => `${a.name}→${a.functionVersion}`),
          aliases.map((a) => `${a.Name}→${a.FunctionVersion}`),
          `aliases of ${fn.name}`,
        );
      }
      // The faults really happened and were retried by the SDK.
      assert.equal(proxy.requests.filter((r) => r.status === 429).length, 5, 'five throttled answers were served');
      assert.equal(proxy.count('ListVersionsByFunction', 200), names.length);
      assert.equal(proxy.count('ListAliases', 200), names.length);
      // Bounded concurrency: the (profile, region) limiter holds, retries included.
      assert.ok(proxy.maxInFlight <= CONCURRENCY, `at most ${CONCURRENCY} requests in flight (saw ${proxy.maxInFlight})`);
    });

    it('gives up on persistent throttling with a clear message after maxAttempts tries', async function () {
      this.timeout(60_000);
      await createFunction(moto.endpoint, REGION, 'fn-a');
      proxy.add({ operation: 'ListFunctions', fault: { kind: 'throttle', retryAfterSeconds: 0 } });
      await assert.rejects(services.lambda(target).listFunctions(), (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.equal(error.kind, 'throttled');
        assert.equal(error.message, 'Could not list functions (profile dev, us-east-1): AWS is throttling requests.');
        assert.match(error.hint ?? '', /lower lambdaRelease\.maxConcurrentRequests/);
        return true;
      });
      assert.equal(proxy.count('ListFunctions', 429), MAX_ATTEMPTS, 'the SDK tried maxAttempts times, then stopped');
      assert.equal(((await direct.send(new ListFunctionsCommand({}))).Functions ?? []).length, 1, 'moto itself is fine');
    });
  });

  describe('deploy', () => {
    it('waits out ResourceConflictException ("an update is in progress") on UpdateFunctionCode and succeeds', async function () {
      this.timeout(60_000);
      const created = await createFunction(moto.endpoint, REGION, 'orders-api');
      proxy.add({ operation: 'UpdateFunctionCode', fault: { kind: 'conflict' }, times: 2 });

      const outcome = await runDeploy(workspace('conflict'), 'orders-api', true);

      assert.equal(outcome.status, 'deployed');
      assert.notEqual(outcome.codeSha256, created.codeSha256);
      assert.equal(outcome.status === 'deployed' && outcome.published?.version, '1');
      // Ground truth: $LATEST and version 1 run exactly the zip this deploy built.
      assert.equal(await codeSha('orders-api'), outcome.codeSha256);
      assert.equal(await codeSha('orders-api', '1'), outcome.codeSha256);
      assert.equal(proxy.count('UpdateFunctionCode', 409), 2, 'two conflicts were answered');
      assert.equal(proxy.count('UpdateFunctionCode', 200), 1, 'then one upload went through');
      const firstConflict = proxy.requests.find((r) => r.operation === 'UpdateFunctionCode')?.seq ?? 0;
      const success = proxy.requests.find((r) => r.operation === 'UpdateFunctionCode' && r.status === 200)?.seq ?? 0;
      assert.ok(
        proxy.requests.some((r) => r.operation === 'GetFunction' && r.seq > firstConflict && r.seq < success),
        'between the conflict and the retry, the function state was polled (waiter), not hammered',
      );
    });

    it('a connection reset during the upload leaves CodeSha256 unchanged, and the error says so', async function () {
      this.timeout(60_000);
      const created = await createFunction(moto.endpoint, REGION, 'orders-api');
      // Reset after 16 KB of the request body: mid-upload, on every attempt (the SDK retries resets).
      proxy.add({ operation: 'UpdateFunctionCode', fault: { kind: 'reset', afterBytes: 16 * 1024 } });

      await assert.rejects(runDeploy(workspace('reset', 256 * 1024), 'orders-api', true), (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.ok(!(error instanceof CancelledError));
        assert.equal(error.kind, 'network');
        assert.match(error.message, /^Could not update the code of orders-api \(profile dev, us-east-1\): the endpoint could not be reached/);
        assert.ok(error.message.includes(`orders-api was not changed: it still runs CodeSha256 ${created.codeSha256}.`), error.message);
        assert.match(error.hint ?? '', /Check the network/);
        return true;
      });
      assert.equal(await codeSha('orders-api'), created.codeSha256, 'moto still has the old code');
      assert.deepEqual(await publishedVersions('orders-api'), [], 'nothing was published');
      const uploads = proxy.requests.filter((r) => r.operation === 'UpdateFunctionCode');
      assert.equal(uploads.length, MAX_ATTEMPTS, 'each attempt was cut off mid-body');
      assert.ok(uploads.every((r) => r.fault === 'reset' && r.status === undefined));
      assert.equal(proxy.count('PublishVersion'), 0);
    });

    it('publish failing after a successful deploy (503 on every PublishVersion attempt) yields DeployedNotPublishedError: "deployed … but not published"', async function () {
      this.timeout(60_000);
      await createFunction(moto.endpoint, REGION, 'orders-api');
      proxy.add({ operation: 'PublishVersion', fault: { kind: 'serverError', status: 503 } });

      let thrown: unknown;
      await runDeploy(workspace('publish-fails'), 'orders-api', true).catch((error: unknown) => (thrown = error));

      assert.ok(thrown instanceof DeployedNotPublishedError, `got ${String(thrown)}`);
      const deployedSha = thrown.codeSha256;
      assert.match(thrown.message, /^orders-api was deployed \(CodeSha256 [A-Za-z0-9+/=]+\) but not published: Could not publish a version of orders-api/);
      assert.match(thrown.hint ?? '', /Publish Version/, 'offers to publish from $LATEST');
      assert.equal(thrown.functionName, 'orders-api');
      // Ground truth: the code went out, no version came of it.
      assert.equal(await codeSha('orders-api'), deployedSha);
      assert.deepEqual(await publishedVersions('orders-api'), []);
      assert.equal(proxy.count('PublishVersion', 503), MAX_ATTEMPTS, 'the SDK retried the 503, then gave up');
      assert.equal(proxy.count('UpdateFunctionCode', 200), 1);
    });
  });

  describe('aliases', () => {
    it('an alias move under PreconditionFailedException changes nothing, is not retried, and re-reads the alias (RevisionId: moto does not enforce it, the proxy answers 412)', async () => {
      await createFunction(moto.endpoint, REGION, 'orders-api');
      await publishVersions(moto.endpoint, REGION, 'orders-api', ['r1', 'r2', 'r3']);
      await createAlias(moto.endpoint, REGION, 'orders-api', 'prod', '2');
      proxy.add({ operation: 'UpdateAlias', fault: { kind: 'precondition' } });
      const ops = new AliasOperations({ gateway: services.lambda(target), history: new AliasHistory(new MemoryStore()), protectedAliases: () => DEFAULT_PROTECTED_ALIASES });

      // Someone else moves prod to 1 while our confirmation modal is open (straight to moto).
      const confirm = async () => {
        await direct.send(new UpdateAliasCommand({ FunctionName: 'orders-api', Name: 'prod', FunctionVersion: '1' }));
        return true;
      };
      await assert.rejects(ops.repoint('orders-api', 'prod', '3', { confirm }), (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.equal(error.kind, 'precondition');
        assert.equal(error.message, 'orders-api:prod: alias changed since you looked, now → 1; review and try again. Nothing was changed.');
        assert.match(error.hint ?? '', /Refresh the view/);
        return true;
      });
      const alias = await direct.send(new GetAliasCommand({ FunctionName: 'orders-api', Name: 'prod' }));
      assert.equal(alias.FunctionVersion, '1', 'the other change stands; ours was not applied');
      assert.equal(proxy.count('UpdateAlias'), 1, 'no blind retry');
      const update = proxy.requests.find((r) => r.operation === 'UpdateAlias')?.seq ?? 0;
      assert.ok(proxy.requests.some((r) => r.operation === 'GetAlias' && r.seq > update), 'the alias was read again after the refusal');
    });
  });

  describe('slow endpoint', () => {
    it('a call whose AbortSignal fires mid-request returns a cancellation, and the HTTP request is closed (the proxy never answers)', async () => {
      await createFunction(moto.endpoint, REGION, 'orders-api');
      proxy.add({ operation: 'GetFunctionConfiguration', fault: { kind: 'hang' } });
      const controller = new AbortController();
      const call = services.lambda(target).getFunctionConfiguration('orders-api', undefined, { signal: controller.signal });
      const settled = call.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await until(() => proxy.count('GetFunctionConfiguration') === 1);
      controller.abort();

      // The proxy never answers: the call can only end because the abort ended it.
      const result = await settled;
      assert.ok(isCancellation(result), `expected a cancellation, got ${String(result)}`);
      await proxy.settled();
      const seen = proxy.requests.filter((r) => r.operation === 'GetFunctionConfiguration');
      assert.equal(seen.length, 1, 'no retry after the abort');
      assert.equal(seen[0].clientGaveUp, true, 'the client closed the connection');
      assert.equal(seen[0].status, undefined);
    });

    it('lambdaRelease.requestTimeoutSeconds bounds a hung call: it ends (after maxAttempts tries) with a message naming the setting', async function () {
      this.timeout(30_000);
      await useServices({ requestTimeoutMs: 300, maxAttempts: 2 });
      await createFunction(moto.endpoint, REGION, 'orders-api');
      proxy.add({ operation: 'GetFunctionConfiguration', fault: { kind: 'hang' } });

      // Without a working time-out this never settles and mocha's time-out fails the test.
      await assert.rejects(services.lambda(target).getFunctionConfiguration('orders-api'), (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.equal(error.kind, 'network');
        assert.match(error.message, /^Could not read the configuration of orders-api \(profile dev, us-east-1\): the endpoint stopped answering/);
        assert.match(error.hint ?? '', /lambdaRelease\.requestTimeoutSeconds/);
        return true;
      });
      await proxy.settled();
      const seen = proxy.requests.filter((r) => r.operation === 'GetFunctionConfiguration');
      assert.equal(seen.length, 2, 'retried once, then gave up');
      assert.ok(seen.every((r) => r.clientGaveUp));
    });
  });

  describe('log tail', () => {
    it('polling survives transient 500s and throttling without losing or duplicating events', async function () {
      this.timeout(60_000);
      const before = Array.from({ length: 5 }, (_, i) => `before ${i}`);
      const afterFaults = Array.from({ length: 5 }, (_, i) => `after ${i}`);
      const { logGroup } = await putLogEvents(moto.endpoint, REGION, 'orders-api', [{ version: '1', messages: before }]);
      // After the first read: three 500s (one SDK call's attempts), then three 429s (the next call's).
      // Both rules skip the first read; the 429 rule is consulted only once the 500 rule is spent.
      proxy.add({ operation: 'FilterLogEvents', skip: 1, times: MAX_ATTEMPTS, fault: { kind: 'serverError', status: 500 } });
      proxy.add({ operation: 'FilterLogEvents', skip: 1, times: MAX_ATTEMPTS, fault: { kind: 'throttle', retryAfterSeconds: 0 } });

      const events: TailEvent[] = [];
      const statuses: TailStatus[] = [];
      const controller = new AbortController();
      const done = services.logs(target).tail(logGroup, {
        signal: controller.signal,
        mode: 'polling',
        pollIntervalMs: 50,
        startTime: Date.now() - 60_000,
        onEvent: (event) => events.push(event),
        onStatus: (status) => statuses.push(status),
      });

      await until(() => statuses.some((s) => s.state === 'throttled') && proxy.count('FilterLogEvents', 200) >= 2);
      await putLogEvents(moto.endpoint, REGION, 'orders-api', [{ version: '1', messages: afterFaults }]);
      await until(() => events.length >= before.length + afterFaults.length);
      // A few more polls: a duplicate would show up now.
      const reads = proxy.count('FilterLogEvents', 200);
      await until(() => proxy.count('FilterLogEvents', 200) >= reads + 3);
      controller.abort();
      const summary = await done;

      const delivered = events.map((e) => e.message);
      assert.deepEqual(delivered, [...before, ...afterFaults], 'every event once, in order');
      assert.equal(summary.delivered, 10);
      assert.ok(summary.duplicatesDropped > 0, 'overlapping reads happened and were de-duplicated');
      assert.ok(statuses.some((s) => s.state === 'retrying' && /could not read log group/.test(s.message)), 'the 500s were reported as a retry');
      assert.ok(statuses.some((s) => s.state === 'throttled' && /throttled by CloudWatch Logs/.test(s.message)));
      assert.equal(statuses.at(-1)?.state, 'stopped');
      assert.equal(proxy.count('FilterLogEvents', 500), MAX_ATTEMPTS);
      assert.equal(proxy.count('FilterLogEvents', 429), MAX_ATTEMPTS);

      // Ground truth: exactly these events are in moto.
      const logs = new CloudWatchLogsClient({ endpoint: moto.endpoint, region: REGION, credentials });
      try {
        const stored = await logs.send(new FilterLogEventsCommand({ logGroupName: logGroup }));
        assert.deepEqual((stored.events ?? []).map((e) => e.message).sort(), delivered.slice().sort());
      } finally {
        logs.destroy();
      }
    });
  });
});
