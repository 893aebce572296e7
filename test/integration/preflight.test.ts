/**
 * Pre-flight checks of alias moves against moto_server: for each check, one move that trips it and
 * one that does not, through the real AliasOperations, LambdaGateway and VersionFactsGateway.
 *
 * moto serves layers, memory/timeout/environment, runtime and role changes. It answers 404 HTML for
 * provisioned concurrency and never reports RuntimeVersionConfig, SnapStart optimization, the
 * dead-letter config or a non-Active state: those cases run through LambdaStandIn (a stand-in at the
 * client seam answering like Lambda) and say so in their names.
 */
import * as assert from 'node:assert/strict';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { VersionFactsGateway } from '../../src/aws/versionFactsGateway';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations, type Confirm } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import type { PreflightFinding } from '../../src/release/preflight';
import { preflightAliasMove } from '../../src/release/preflightMove';
import { TEST_KEYS } from '../support/awsConfig';
import { LambdaStandIn } from '../support/lambdaStandIn';
import { MemoryStore } from '../support/memoryStore';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, createRole, publishLayer, publishVersions, updateConfiguration } from '../support/seed';

const REGION = 'us-east-1';
const FN = 'orders-api';
const RUNTIME_A = 'arn:aws:lambda:us-east-1::runtime:aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const RUNTIME_B = 'arn:aws:lambda:us-east-1::runtime:bbbbbbbbbbbbbbbbbbbbbbbbbbbb';

/** Records each modal (message and findings) and answers from a script; an unexpected modal fails. */
function modals(...answers: boolean[]): Confirm & { seen: { message: string; findings: readonly PreflightFinding[] }[] } {
  const seen: { message: string; findings: readonly PreflightFinding[] }[] = [];
  const confirm = async (message: string, findings: readonly PreflightFinding[] = []) => {
    seen.push({ message, findings });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected modal: ${message}\n${findings.map((f) => f.message).join('\n')}`);
    return answer;
  };
  return Object.assign(confirm, { seen });
}

describe('pre-flight checks against moto', function () {
  let moto: MotoServer;
  let client: LambdaClient;
  let standIn: LambdaStandIn;
  let ops: AliasOperations;

  before(async () => {
    moto = await startMoto();
  });

  after(async () => {
    client?.destroy();
    await moto?.stop();
  });

  /** Version 1 as created; version 2 after `change` (new code as well, so a version is published). */
  async function seed(change: Parameters<typeof updateConfiguration>[3] = {}, before: Parameters<typeof updateConfiguration>[3] = {}): Promise<void> {
    await createFunction(moto.endpoint, REGION, FN);
    if (Object.keys(before).length) await updateConfiguration(moto.endpoint, REGION, FN, before);
    await publishVersions(moto.endpoint, REGION, FN, ['one']);
    if (Object.keys(change).length) await updateConfiguration(moto.endpoint, REGION, FN, change);
    await publishVersions(moto.endpoint, REGION, FN, ['two']);
    await createAlias(moto.endpoint, REGION, FN, 'beta', '1');
  }

  async function aliasNow(name: string): Promise<{ version?: string; weights: Record<string, number> }> {
    const alias = await client.send(new GetAliasCommand({ FunctionName: FN, Name: name }));
    return { version: alias.FunctionVersion, weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  }

  beforeEach(async () => {
    await moto.reset();
    client?.destroy();
    client = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey }, maxAttempts: 2 });
    standIn = new LambdaStandIn(client);
    // Lambda reports the runtime version of every version; moto does not: the same one by default.
    for (const version of ['$LATEST', '1', '2', '3']) standIn.patches.set(`${FN}:${version}`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A } });
    const facts = new VersionFactsGateway(standIn, { profile: 'test', region: REGION });
    ops = new AliasOperations({
      gateway: new LambdaGateway(client, { profile: 'test', region: REGION }),
      history: new AliasHistory(new MemoryStore()),
      protectedAliases: () => DEFAULT_PROTECTED_ALIASES,
      preflight: (functionName, move, options) => preflightAliasMove(facts, functionName, move, options),
    });
  });

  describe('served by moto', () => {
    it('layers: another layer version trips it (named in the modal); declining leaves the alias', async () => {
      const v1 = await publishLayer(moto.endpoint, REGION, 'shared-utils', 1);
      const v2 = await publishLayer(moto.endpoint, REGION, 'shared-utils', 2);
      await seed({ layers: [v2.arn] }, { layers: [v1.arn] });
      const confirm = modals(false);
      await assert.rejects(ops.repoint(FN, 'beta', '2', { confirm }), CancelledError);
      assert.deepEqual(confirm.seen[0].findings.map((f) => f.message), ['Layers differ: shared-utils 1 → 2.']);
      assert.deepEqual(await aliasNow('beta'), { version: '1', weights: {} });
    });

    it('layers: the same layer on both versions does not trip it (no modal for an unprotected alias)', async () => {
      const layer = await publishLayer(moto.endpoint, REGION, 'shared-utils', 1);
      await seed({}, { layers: [layer.arn] });
      const result = await ops.repoint(FN, 'beta', '2', { confirm: modals() });
      assert.deepEqual(result.preflight, []);
      assert.deepEqual(await aliasNow('beta'), { version: '2', weights: {} });
    });

    it('settings: memory, timeout and environment keys differ (counts, with Compare); equal settings pass', async () => {
      await seed({ memoryMb: 512, timeoutSeconds: 30, environment: { A: '1', B: '2' } });
      const confirm = modals(true);
      await ops.repoint(FN, 'beta', '2', { confirm });
      const [finding] = confirm.seen[0].findings;
      assert.equal(finding.message, 'Settings differ: memory 128 → 512 MB, timeout 10 → 30 s, environment keys +2.');
      assert.deepEqual(finding.compare, { left: '1', right: '2' });
      assert.deepEqual(await aliasNow('beta'), { version: '2', weights: {} });
      // Back to 1: the same settings difference the other way round; a move between equals passes.
      await publishVersions(moto.endpoint, REGION, FN, ['three']);
      const quiet = await ops.repoint(FN, 'beta', '3', { confirm: modals() });
      assert.deepEqual(quiet.preflight, []);
    });

    it('runtime: another runtime trips it (the same runtime passes: see the layers case, which finds nothing)', async () => {
      await seed({ runtime: 'nodejs22.x' });
      const confirm = modals(false);
      await assert.rejects(ops.repoint(FN, 'beta', '2', { confirm }), CancelledError);
      assert.match(confirm.seen[0].findings[0].message, /nodejs20\.x on 1 → nodejs22\.x on 2/);
    });

    it('weighted routing: another execution role is refused before the call, with the reason', async () => {
      const other = await createRole(moto.endpoint, REGION, 'other-role');
      await seed({ roleArn: other });
      await assert.rejects(ops.shiftTraffic(FN, 'beta', '2', '10', { confirm: modals() }), (e: unknown) => {
        assert.ok(e instanceof ReleaseError && e.kind === 'validation');
        assert.match(e.message, /different execution roles \(role\/lambda-release-seed-role on 1, role\/other-role on 2\)/);
        return true;
      });
      assert.deepEqual(await aliasNow('beta'), { version: '1', weights: {} });
    });

    it('weighted routing: the same role and dead-letter config pass, and the canary is set', async () => {
      await seed();
      const result = await ops.shiftTraffic(FN, 'beta', '2', '10', { confirm: modals() });
      assert.deepEqual(result.preflight, []);
      assert.deepEqual(await aliasNow('beta'), { version: '1', weights: { '2': 0.1 } });
    });

    it('without the stand-in, provisioned concurrency is "not checked" (moto answers 404 HTML), never "fine"', async () => {
      await seed();
      const raw = new VersionFactsGateway(client, { profile: 'test', region: REGION });
      const findings = await preflightAliasMove(raw, FN, { aliasName: 'beta', action: 'repoint', from: { version: '1', routing: [] }, to: { version: '2', routing: [] } });
      const provisioned = findings.find((f) => f.check === 'provisioned');
      assert.equal(provisioned?.severity, 'unknown');
      assert.match(provisioned?.message ?? '', /does not serve that API/);
    });
  });

  describe('stand-in at the client seam answering like Lambda (moto lacks these)', () => {
    it('provisioned concurrency (stand-in: moto answers 404 HTML): alias has 5 READY, target none → cold-start warning', async () => {
      await seed();
      standIn.seedProvisioned(FN, 'beta', 5);
      const confirm = modals(true);
      await ops.repoint(FN, 'beta', '2', { confirm });
      assert.match(confirm.seen[0].findings[0].message, /beta has 5 provisioned concurrency; version 2 has none READY/);
    });

    it('provisioned concurrency (stand-in: moto answers 404 HTML): target READY as well → nothing found', async () => {
      await seed();
      standIn.seedProvisioned(FN, 'beta', 5);
      standIn.seedProvisioned(FN, '2', 5);
      const result = await ops.repoint(FN, 'beta', '2', { confirm: modals() });
      assert.deepEqual(result.preflight, []);
    });

    it('state (stand-in: moto is always Active): an Inactive target warns; Active passes', async () => {
      await seed();
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A }, State: 'Inactive', StateReason: 'idle for 14 days' });
      const confirm = modals(false);
      await assert.rejects(ops.repoint(FN, 'beta', '2', { confirm }), CancelledError);
      assert.equal(confirm.seen[0].findings[0].message, 'Version 2 is Inactive, not Active (idle for 14 days).');
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A } });
      assert.deepEqual((await ops.repoint(FN, 'beta', '2', { confirm: modals() })).preflight, []);
    });

    it('runtime version (stand-in: moto never reports RuntimeVersionConfig): another runtime version is named', async () => {
      await seed();
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_B } });
      const confirm = modals(true);
      await ops.repoint(FN, 'beta', '2', { confirm });
      assert.match(confirm.seen[0].findings[0].message, /Runtime version differs: aaaaaaaaaaaa… on 1 → bbbbbbbbbbbb… on 2/);
    });

    it('SnapStart (stand-in: moto ignores SnapStart): on but not optimized warns; optimized passes', async () => {
      await seed();
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A }, SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' } });
      const confirm = modals(false);
      await assert.rejects(ops.repoint(FN, 'beta', '2', { confirm }), CancelledError);
      assert.match(confirm.seen[0].findings[0].message, /SnapStart is on, but version 2 is not optimized/);
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A }, SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' } });
      assert.deepEqual((await ops.repoint(FN, 'beta', '2', { confirm: modals() })).preflight, []);
    });

    it('weighted routing (stand-in: moto drops DeadLetterConfig): another dead-letter queue is refused before the call', async () => {
      await seed();
      standIn.patches.set(`${FN}:2`, { RuntimeVersionConfig: { RuntimeVersionArn: RUNTIME_A }, DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } });
      await assert.rejects(ops.shiftTraffic(FN, 'beta', '2', '10', { confirm: modals() }), /different dead-letter queues \(none on 1, orders-dlq on 2\)/);
      assert.deepEqual(await aliasNow('beta'), { version: '1', weights: {} });
    });
  });
});
