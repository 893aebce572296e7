/**
 * Version facts against moto_server through the real SDK and VersionFactsGateway: the reads, each
 * setter (state read back DIRECTLY from moto with the SDK, not through our gateway), and pruning.
 *
 * moto answers 404 HTML for provisioned concurrency, GetAccountSettings and runtime management:
 * those reads are checked to say "unknown (endpoint does not serve it)", and their setters run
 * against LambdaStandIn (a stand-in at the client seam answering like Lambda), named so. A failing
 * DeleteFunction comes from the fault proxy (moto never fails it).
 */
import * as assert from 'node:assert/strict';
import { GetFunctionConcurrencyCommand, GetFunctionUrlConfigCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { VersionFactsGateway } from '../../src/aws/versionFactsGateway';
import { CancelledError } from '../../src/release/errors';
import { loadFunctionFacts } from '../../src/release/functionFacts';
import { deleteVersions, PruneStoppedError, readAndPlanPrune, type PruneReader } from '../../src/release/pruneRun';
import { TEST_KEYS } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { LambdaStandIn } from '../support/lambdaStandIn';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createEventSourceMapping, createFunction, createFunctionUrl, publishLayer, publishVersions, updateConfiguration } from '../support/seed';

const REGION = 'us-east-1';
const FN = 'orders-api';
const target = { profile: 'test', region: REGION };

function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({ endpoint, region: REGION, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey }, maxAttempts: 2 });
}

function pruneReader(client: LambdaClient, facts: VersionFactsGateway): PruneReader {
  const lambda = new LambdaGateway(client, target);
  return {
    getFunctionDetails: (fn, o) => lambda.getFunctionDetails(fn, o),
    listProvisionedConcurrency: (fn, o) => facts.listProvisionedConcurrency(fn, o),
    functionUrl: (fn, q, o) => facts.functionUrl(fn, q, o),
    eventSourceMappings: (fn, o) => facts.eventSourceMappings(fn, o),
  };
}

async function versionsLeft(client: LambdaClient): Promise<string[]> {
  return ((await client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }))).Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

describe('version facts against moto', function () {
  let moto: MotoServer;
  let client: LambdaClient;
  let facts: VersionFactsGateway;

  before(async () => {
    moto = await startMoto();
  });

  after(async () => {
    client?.destroy();
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    client?.destroy();
    client = lambdaClient(moto.endpoint);
    facts = new VersionFactsGateway(client, target);
    await createFunction(moto.endpoint, REGION, FN);
  });

  describe('reads', () => {
    it('layers come with the version listing (name, version, size); no extra call', async () => {
      const layer = await publishLayer(moto.endpoint, REGION, 'shared-utils', 1);
      await updateConfiguration(moto.endpoint, REGION, FN, { layers: [layer.arn] });
      await publishVersions(moto.endpoint, REGION, FN, ['with layer']);
      const versions = await new LambdaGateway(client, target).listVersions(FN);
      assert.deepEqual(versions.find((v) => v.version === '1')?.facts?.layers, [{ arn: layer.arn, name: 'shared-utils', version: '1', codeSize: layer.codeSize }]);
    });

    it('function facts: reserved concurrency, URLs of $LATEST and an alias, code signing; unserved APIs say why', async () => {
      await publishVersions(moto.endpoint, REGION, FN, ['one']);
      await createAlias(moto.endpoint, REGION, FN, 'prod', '1');
      await createFunctionUrl(moto.endpoint, REGION, FN, 'prod', 'NONE');
      await facts.putReservedConcurrency(FN, 7);
      const loaded = await loadFunctionFacts(facts, FN, ['prod']);
      assert.deepEqual(loaded.reserved, { known: true, value: 7 });
      // moto keeps one URL config per function (Lambda keeps one per qualifier): $LATEST's read is not asserted here.
      const url = loaded.urls.get('prod');
      assert.ok(url?.known && url.value, JSON.stringify(url));
      assert.equal(url.value.authType, 'NONE');
      assert.match(url.value.url, /^https:\/\/.+\.lambda-url\.us-east-1\.on\.aws/);
      assert.deepEqual(loaded.codeSigning, { known: true, value: null });
      for (const fact of [loaded.provisioned, loaded.runtime, await facts.accountSettings()]) {
        assert.equal(fact.known, false);
        assert.ok(!fact.known && fact.unsupported, 'moto answers 404 HTML: the endpoint does not serve it');
      }
    });

    it('event source mappings name the qualifier they invoke', async () => {
      await publishVersions(moto.endpoint, REGION, FN, ['one']);
      await createEventSourceMapping(moto.endpoint, REGION, FN, '1');
      const mappings = await facts.eventSourceMappings(FN);
      assert.ok(mappings.known);
      assert.deepEqual(mappings.value.map((m) => m.qualifier), ['1']);
    });
  });

  describe('setters (read back from moto)', () => {
    it('Set / Remove Reserved Concurrency', async () => {
      assert.equal(await facts.putReservedConcurrency(FN, 25), 25);
      assert.equal((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }))).ReservedConcurrentExecutions, 25);
      await facts.putReservedConcurrency(FN, 0);
      assert.equal((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }))).ReservedConcurrentExecutions, 0);
      await facts.deleteReservedConcurrency(FN);
      assert.equal((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }))).ReservedConcurrentExecutions, undefined);
    });

    it('Create Function URL for an alias (auth type kept)', async () => {
      await publishVersions(moto.endpoint, REGION, FN, ['one']);
      await createAlias(moto.endpoint, REGION, FN, 'prod', '1');
      const created = await facts.createFunctionUrl(FN, 'prod', 'AWS_IAM');
      const read = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'prod' }));
      assert.equal(read.FunctionUrl, created.url);
      assert.equal(read.AuthType, 'AWS_IAM');
    });

    it('Set Provisioned Concurrency waits until READY, Remove drops it (stand-in: moto answers 404 HTML)', async () => {
      const standIn = new LambdaStandIn(client);
      const gateway = new VersionFactsGateway(standIn, target, undefined, async () => undefined);
      await gateway.putProvisionedConcurrency(FN, 'prod', 5);
      const statuses: string[] = [];
      const ready = await gateway.waitForProvisioned(FN, 'prod', { onStatus: (pc) => statuses.push(pc.status ?? '?') });
      assert.deepEqual(statuses, ['IN_PROGRESS', 'READY']);
      assert.equal(ready.allocated, 5);
      await gateway.deleteProvisionedConcurrency(FN, 'prod');
      assert.deepEqual(await gateway.provisionedConcurrency(FN, 'prod'), { known: true, value: null });
    });

    it('provisioned concurrency that FAILS says Lambda\'s reason; Cancel stops the wait only (stand-in: moto answers 404 HTML)', async () => {
      const standIn = new LambdaStandIn(client);
      standIn.failing.add(`${FN}:prod`);
      const gateway = new VersionFactsGateway(standIn, target, undefined, async () => undefined);
      await gateway.putProvisionedConcurrency(FN, 'prod', 5);
      await assert.rejects(gateway.waitForProvisioned(FN, 'prod'), /FAILED: FUNCTION_ERROR_INIT_FAILURE/);
      await gateway.putProvisionedConcurrency(FN, 'beta', 2);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(gateway.waitForProvisioned(FN, 'beta', { signal: controller.signal }), CancelledError);
      assert.equal(standIn.provisioned.get(`${FN}:beta`)?.requested, 2, 'still configured after the wait was cancelled');
    });

    it('runtime update mode and Pin Runtime of Version N (stand-in: moto answers 404 HTML)', async () => {
      const standIn = new LambdaStandIn(client);
      const arn = 'arn:aws:lambda:us-east-1::runtime:0123456789abcdef';
      standIn.patches.set(`${FN}:1`, { RuntimeVersionConfig: { RuntimeVersionArn: arn } });
      await publishVersions(moto.endpoint, REGION, FN, ['one']);
      const gateway = new VersionFactsGateway(standIn, target);
      const version = await gateway.versionConfig(FN, '1');
      assert.ok(version.known && version.value.runtimeVersionArn === arn);
      await gateway.putRuntimeManagement(FN, 'Manual', version.value.runtimeVersionArn);
      assert.deepEqual(await gateway.runtimeManagement(FN), { known: true, value: { updateRuntimeOn: 'Manual', runtimeVersionArn: arn } });
      await gateway.putRuntimeManagement(FN, 'FunctionUpdate');
      assert.deepEqual(standIn.runtime.get(FN), { UpdateRuntimeOn: 'FunctionUpdate', RuntimeVersionArn: undefined });
      await assert.rejects(gateway.putRuntimeManagement(FN, 'Manual'), /Manual mode needs the runtime version ARN/);
    });
  });

  describe('prune', () => {
    /** 15 versions; prod → 5 with 10% on 6, beta → 12, live → 4 with a function URL; a queue mapping on version 3. */
    async function seedFifteen(): Promise<void> {
      await publishVersions(moto.endpoint, REGION, FN, Array.from({ length: 15 }, (_, i) => `release ${i + 1}`));
      await createAlias(moto.endpoint, REGION, FN, 'prod', '5', { '6': 0.1 });
      await createAlias(moto.endpoint, REGION, FN, 'beta', '12');
      await createAlias(moto.endpoint, REGION, FN, 'live', '4');
      await createFunctionUrl(moto.endpoint, REGION, FN, 'live');
      await createEventSourceMapping(moto.endpoint, REGION, FN, '3');
    }

    it('keeps the newest 10 and everything referred to: only the unreferenced old versions go', async () => {
      await seedFifteen();
      const plan = await readAndPlanPrune(pruneReader(client, facts), FN, 10, (v) => (v === '2' ? 'unfinished rollout of prod (2 → 5)' : undefined));
      assert.equal(plan.refused, undefined);
      assert.deepEqual(plan.remove.map((v) => v.version), ['1']);
      const why = Object.fromEntries(plan.kept.map((k) => [k.version, k.reasons.join('; ')]));
      assert.equal(why['2'], 'unfinished rollout of prod (2 → 5)');
      assert.equal(why['3'], 'event source mapping');
      assert.equal(why['4'], 'alias live; function URL of live');
      assert.match(why['5'], /^alias prod\b/); // moto shows the live URL on every qualifier (one URL config per function)
      assert.match(plan.notes.join(' '), /Provisioned concurrency: this endpoint does not serve that API/);
      assert.ok(plan.freedBytes > 0);

      const deleted = await deleteVersions(facts, FN, plan.remove);
      assert.deepEqual(deleted.map((v) => v.version), ['1']);
      assert.deepEqual(await versionsLeft(client), ['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    });

    it('without the rollout predicate and with keep 3, versions 1, 2 and 7–11 go; referred ones stay', async () => {
      await seedFifteen();
      const plan = await readAndPlanPrune(pruneReader(client, facts), FN, 3);
      assert.deepEqual(plan.remove.map((v) => v.version), ['1', '2', '7', '8', '9', '10', '11']);
    });

    describe('a failure in the middle (fault proxy: moto never fails DeleteFunction)', () => {
      let proxy: FaultProxy;
      let proxied: LambdaClient;

      beforeEach(async () => {
        proxy = await startFaultProxy(moto.endpoint);
        proxied = lambdaClient(proxy.url);
      });

      afterEach(async () => {
        proxied.destroy();
        await proxy.close();
      });

      it('stops at the first failure and says what was deleted; the rest stays', async () => {
        await seedFifteen();
        const gateway = new VersionFactsGateway(proxied, target);
        const plan = await readAndPlanPrune(pruneReader(proxied, gateway), FN, 3);
        proxy.add({ operation: 'DeleteFunction', fault: { kind: 'error', status: 500, type: 'ServiceException', message: 'internal failure' }, skip: 2 });
        const error = await deleteVersions(gateway, FN, plan.remove).then(
          () => assert.fail('expected the prune to stop'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof PruneStoppedError);
        assert.deepEqual(error.deleted.map((v) => v.version), ['1', '2']);
        assert.equal(error.failedOn, '7');
        assert.match(error.message, /^Pruning orders-api stopped at version 7 \(.*\); deleted 1, 2\.$/);
        assert.deepEqual(await versionsLeft(client), ['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
      });
    });
  });
});
