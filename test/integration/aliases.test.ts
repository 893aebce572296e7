/**
 * Alias moves against moto_server through the real SDK and LambdaGateway: create → repoint →
 * roll back → canary 10% → promote, reading the alias back with GetAlias after each step.
 *
 * moto differs from Lambda in ways these tests cannot see, covered in test/unit/aliasOperations:
 * it never enforces RevisionId (a stale one is accepted; the conflict path uses a fake gateway)
 * and it does not validate alias names or routing weights — so the tests here check that our
 * validation refuses bad input BEFORE any request, by reading the state back unchanged.
 */
import * as assert from 'node:assert/strict';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations, type Confirm } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { TEST_KEYS } from '../support/awsConfig';
import { startMoto, type MotoServer } from '../support/moto';
import { createFunction, publishVersions } from '../support/seed';
import { MemoryStore } from '../support/memoryStore';

const REGION = 'us-east-1';
const FN = 'orders-api';

function confirmer(...answers: boolean[]): Confirm & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(
    async (message: string) => {
      asked.push(message);
      return answers.shift() ?? false;
    },
    { asked },
  );
}

describe('aliases against moto', function () {
  let moto: MotoServer;
  let client: LambdaClient;
  let gateway: LambdaGateway;
  let ops: AliasOperations;
  let store: MemoryStore;

  /** GetAlias straight through the SDK (not our gateway), so the check does not trust our own mapping. */
  async function readAlias(name: string): Promise<{ version?: string; weights: Record<string, number> }> {
    const alias = await client.send(new GetAliasCommand({ FunctionName: FN, Name: name }));
    return { version: alias.FunctionVersion, weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  }

  before(async function () {
    moto = await startMoto();
  });

  after(async () => {
    client?.destroy();
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    await createFunction(moto.endpoint, REGION, FN);
    await publishVersions(moto.endpoint, REGION, FN, ['release 1', 'release 2', 'release 3']);
    client?.destroy();
    client = new LambdaClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey },
      maxAttempts: 2,
    });
    gateway = new LambdaGateway(client, { profile: 'test', region: REGION });
    store = new MemoryStore();
    ops = new AliasOperations({ gateway, history: new AliasHistory(store), protectedAliases: () => DEFAULT_PROTECTED_ALIASES });
  });

  it('create → repoint → roll back → canary 10% → promote, checked with GetAlias after each step', async () => {
    const created = await ops.createAlias(FN, 'prod', '1', { description: 'production traffic' });
    assert.equal(created.alias.arn, `arn:aws:lambda:${REGION}:123456789012:function:${FN}:prod`);
    assert.deepEqual(await readAlias('prod'), { version: '1', weights: {} });

    const repointConfirm = confirmer(true);
    await ops.repoint(FN, 'prod', '3', { confirm: repointConfirm });
    assert.deepEqual(repointConfirm.asked, ['Move alias "prod" of orders-api from 1 to 3?']);
    assert.deepEqual(await readAlias('prod'), { version: '3', weights: {} });

    const rollbackConfirm = confirmer(true);
    const rolledBack = await ops.rollBack(FN, 'prod', { confirm: rollbackConfirm });
    assert.deepEqual(rollbackConfirm.asked, ['Roll back alias "prod" of orders-api from 3 to 1 (its previous target)?']);
    assert.equal(rolledBack.alias.functionVersion, '1');
    assert.deepEqual(await readAlias('prod'), { version: '1', weights: {} });

    const shifted = await ops.shiftTraffic(FN, 'prod', '2', '10', { confirm: confirmer(true) });
    assert.equal(shifted.summary, 'orders-api: prod → 1 (10% → 2), was 1');
    assert.deepEqual(await readAlias('prod'), { version: '1', weights: { '2': 0.1 } });

    const promoted = await ops.promote(FN, 'prod', { confirm: confirmer(true) });
    assert.deepEqual(promoted.alias.routing, []);
    assert.deepEqual(await readAlias('prod'), { version: '2', weights: {} });

    const history = new AliasHistory(store).list({ account: '123456789012', region: REGION, functionName: FN, aliasName: 'prod' });
    assert.deepEqual(
      history.map((m) => `${m.action} ${m.from ?? '-'}→${m.to}`),
      ['create -→1', 'repoint 1→3', 'rollback 3→1', 'shift 1→1', 'promote 1→2'],
    );
  });

  it('RoutingConfig round trip: a weight written through the gateway reads back through GetAlias and listAliases', async () => {
    await gateway.createAlias(FN, 'beta', { version: '2', routing: [{ version: '3', weight: 0.125 }] });
    assert.deepEqual(await readAlias('beta'), { version: '2', weights: { '3': 0.125 } });
    const viaGateway = await gateway.getAlias(FN, 'beta');
    assert.deepEqual(viaGateway.routing, [{ version: '3', weight: 0.125 }]);
    const listed = (await gateway.listAliases(FN)).find((a) => a.name === 'beta');
    assert.deepEqual(listed?.routing, [{ version: '3', weight: 0.125 }]);

    await gateway.updateAlias(FN, 'beta', { version: '2', routing: [{ version: '3', weight: 0.5 }], revisionId: viaGateway.revisionId });
    assert.deepEqual(await readAlias('beta'), { version: '2', weights: { '3': 0.5 } });
  });

  it('abort canary clears the weights and keeps the primary', async () => {
    await gateway.createAlias(FN, 'beta', { version: '2', routing: [{ version: '3', weight: 0.1 }] });
    const result = await ops.abortCanary(FN, 'beta', { confirm: confirmer() });
    assert.deepEqual(result.alias.routing, []);
    assert.deepEqual(await readAlias('beta'), { version: '2', weights: {} });
  });

  it('roll back without history goes to the highest published version below the current one', async () => {
    await gateway.createAlias(FN, 'beta', { version: '3' });
    const preview = await ops.previewRollback(FN, 'beta');
    assert.deepEqual(preview.choice, { version: '2', basis: 'lowerVersion' });
    await ops.rollBack(FN, 'beta', { confirm: confirmer(true) });
    assert.deepEqual(await readAlias('beta'), { version: '2', weights: {} });
  });

  it('a declined protected alias stays where it was', async () => {
    await ops.createAlias(FN, 'live', '1');
    await assert.rejects(ops.repoint(FN, 'live', '3', { confirm: confirmer(false) }), CancelledError);
    assert.deepEqual(await readAlias('live'), { version: '1', weights: {} });
  });

  it('moto accepts bad names and weights, so validation refuses them before any request (state read back unchanged)', async () => {
    await ops.createAlias(FN, 'beta', '1');
    const refused: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['name with a space', () => ops.createAlias(FN, 'my alias', '1'), /only letters, digits/],
      ['all-digit name', () => ops.createAlias(FN, '123', '1'), /cannot be all digits/],
      ['$LATEST as name', () => ops.createAlias(FN, '$LATEST', '1'), /reserved/],
      ['weight 0', () => ops.shiftTraffic(FN, 'beta', '2', '0', { confirm: confirmer(true) }), /0% would send no traffic/],
      ['weight 100', () => ops.shiftTraffic(FN, 'beta', '2', '100', { confirm: confirmer(true) }), /100% would send all traffic/],
      ['negative weight', () => ops.shiftTraffic(FN, 'beta', '2', '-10', { confirm: confirmer(true) }), /cannot be negative/],
      ['weight not a number', () => ops.shiftTraffic(FN, 'beta', '2', 'lots', { confirm: confirmer(true) }), /not a number/],
      ['canary to the same version', () => ops.shiftTraffic(FN, 'beta', '1', '10', { confirm: confirmer(true) }), /already points at 1/],
    ];
    for (const [what, run, message] of refused) {
      await assert.rejects(run(), (error: unknown) => error instanceof ReleaseError && error.kind === 'validation' && message.test(error.message), what);
    }
    assert.deepEqual((await gateway.listAliases(FN)).map((a) => a.name), ['beta']);
    assert.deepEqual(await readAlias('beta'), { version: '1', weights: {} });
  });

  it('creating an alias that exists says so; repointing to a missing version reports notFound and changes nothing', async () => {
    await ops.createAlias(FN, 'beta', '1');
    await assert.rejects(ops.createAlias(FN, 'beta', '2'), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /alias beta of orders-api already exists/i);
      return true;
    });
    await assert.rejects(ops.repoint(FN, 'beta', '99', { confirm: confirmer() }), (error: unknown) => error instanceof ReleaseError && error.kind === 'notFound');
    assert.deepEqual(await readAlias('beta'), { version: '1', weights: {} });
  });

  it('delete asks, then the alias is gone', async () => {
    await ops.createAlias(FN, 'beta', '1');
    await ops.deleteAlias(FN, 'beta', { confirm: confirmer(true) });
    await assert.rejects(gateway.getAlias(FN, 'beta'), (error: unknown) => error instanceof ReleaseError && error.kind === 'notFound');
  });
});
