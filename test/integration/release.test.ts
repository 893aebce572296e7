/**
 * Release… against moto_server with the real SDK, the real packager and the composition the
 * command uses (src/release/releaseSession.ts: readForRelease → planRelease → runRelease over the
 * real deploy path and AliasOperations); only the editor's prompts are replaced by the choice a
 * user would make. Requests go through test/support/faultProxy.ts with no faults, as a recorder.
 *
 * moto returns a RevisionId that never changes (found here: an UpdateAlias keeps it), so the
 * plan's guard compares target and weights too; a changed RevisionId is covered with a fake
 * gateway in test/unit/aliasOperations.test.ts.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { buildPackage } from '../../src/release/packaging';
import { planRelease, type ReleaseMove, type ReleasePlan } from '../../src/release/releasePlan';
import { describeRelease, runRelease } from '../../src/release/releaseRun';
import { readForRelease, releaseRunDeps, toReads, type ReleaseSnapshot } from '../../src/release/releaseSession';
import { TEST_KEYS } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { MemoryStore } from '../support/memoryStore';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, publishVersions } from '../support/seed';

const REGION = 'us-east-1';
const FN = 'orders-api';

describe('Release… plans before it changes anything (against moto_server)', function () {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let client: LambdaClient;
  let gateway: LambdaGateway;
  let operations: AliasOperations;
  let dir: string;

  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
  });
  after(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    await createFunction(moto.endpoint, REGION, FN);
    // Versions 1–3; prod → 2 with a 10% canary to 3 (the demo's state); beta → 3.
    await publishVersions(moto.endpoint, REGION, FN, ['release 1', 'release 2', 'release 3']);
    await createAlias(moto.endpoint, REGION, FN, 'prod', '2', { '3': 0.1 });
    await createAlias(moto.endpoint, REGION, FN, 'beta', '3');
    client = new LambdaClient({ endpoint: proxy.url, region: REGION, credentials: TEST_KEYS, maxAttempts: 2 });
    gateway = new LambdaGateway(client, { profile: 'test', region: REGION });
    operations = new AliasOperations({ gateway, history: new AliasHistory(new MemoryStore()), protectedAliases: () => DEFAULT_PROTECTED_ALIASES });
    dir = mkdtempSync(join(tmpdir(), 'lrm-release-'));
    writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({ statusCode: 200, body: "walk" });\n');
    proxy.clearLog();
  });
  afterEach(() => {
    client.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the user sees first: package + reads → plan. */
  async function plan(aliasName: string, move: ReleaseMove, resolve?: 'abort' | 'promote'): Promise<{ snapshot: ReleaseSnapshot; plan: ReleasePlan }> {
    const snapshot = await readForRelease(gateway, FN, aliasName, (signal) => buildPackage(dir, { signal }));
    const reads = toReads(FN, snapshot, operations.isProtected(aliasName));
    return { snapshot, plan: planRelease({ ...reads, move, resolve }) };
  }

  async function release(aliasName: string, snapshot: ReleaseSnapshot, ready: ReleasePlan, description?: string) {
    assert.equal(ready.kind, 'ready', JSON.stringify(ready));
    if (ready.kind !== 'ready') throw new Error('unreachable');
    return runRelease(
      { plan: ready, alias: snapshot.alias, packageSha256: snapshot.pkg.sha256, description },
      releaseRunDeps({ functionName: FN, aliasName, gateway, pkg: snapshot.pkg, codeSourceFor: async (pkg) => ({ zipFile: pkg.zip }), aliases: operations }),
    );
  }

  /** moto read back through the SDK directly (not our gateway). */
  async function motoState() {
    const versions = (await client.send(new ListVersionsByFunctionCommand({ FunctionName: FN }))).Versions ?? [];
    const latest = await client.send(new GetFunctionConfigurationCommand({ FunctionName: FN }));
    const alias = async (name: string) => {
      const a = await client.send(new GetAliasCommand({ FunctionName: FN, Name: name }));
      return { version: a.FunctionVersion, weights: a.RoutingConfig?.AdditionalVersionWeights ?? {} };
    };
    return {
      versions: versions.map((v) => [v.Version, v.CodeSha256, v.Description ?? '']),
      codeSha256: latest.CodeSha256,
      prod: await alias('prod'),
      beta: await alias('beta'),
    };
  }

  it('a canary while another canary runs is refused at the plan: moto is exactly as it was, and only reads reached it', async () => {
    const before = await motoState();
    proxy.clearLog();
    const { plan: refused } = await plan('prod', { kind: 'canary', weight: 0.1 });

    assert.equal(refused.kind, 'refused');
    assert.ok(refused.kind === 'refused');
    assert.match(refused.reason, /^prod already sends 10% to version 3 \(canary running\)/);
    assert.deepEqual(refused.waysForward.map((w) => w.label), ['Abort Canary and Continue', 'Promote 3 First', 'Cancel']);
    const methods = [...new Set(proxy.requests.map((r) => r.method))];
    assert.deepEqual(methods, ['GET'], `only reads before the plan: ${proxy.requests.map((r) => r.operation).join(', ')}`);
    assert.deepEqual(await motoState(), before, 'ListVersionsByFunction, CodeSha256 and the aliases read back unchanged');
  });

  it('"Abort Canary and Continue" ends in the canary to the new version, published with the description', async () => {
    const first = await plan('prod', { kind: 'canary', weight: 0.1 });
    assert.equal(first.plan.kind, 'refused');
    const { snapshot, plan: ready } = await plan('prod', { kind: 'canary', weight: 0.1 }, 'abort');
    assert.ok(ready.kind === 'ready' && ready.asksDescription);

    const state = await release('prod', snapshot, ready, 'walk: one-line change');
    const after = await motoState();
    assert.equal(state.version?.number, '4');
    assert.equal(state.version?.published, true);
    assert.deepEqual(after.prod, { version: '2', weights: { '4': 0.1 } }, 'prod → 2 with 10% → the new version');
    assert.deepEqual(after.versions.at(-1), ['4', snapshot.pkg.sha256, 'walk: one-line change'], 'version 4 holds the package, with the description');
    assert.equal(after.codeSha256, snapshot.pkg.sha256, '$LATEST runs the package');
    assert.equal(describeRelease(FN, 'prod', state, { kind: 'canary', weight: 0.1 }), 'Released orders-api: aborted the running canary; deployed 1 file; published version 4 "walk: one-line change"; prod → 2 · 10% → 4, was 2.');
  });

  it('unchanged code reuses the version that holds it and keeps its description (nothing asked, nothing published)', async () => {
    const { snapshot: s1, plan: p1 } = await plan('beta', { kind: 'full' });
    await release('beta', s1, p1, 'walk: one-line change');
    const before = await motoState();

    const { snapshot, plan: again } = await plan('prod', { kind: 'full' });
    assert.ok(again.kind === 'ready');
    assert.equal(again.asksDescription, false);
    assert.deepEqual(again.steps.map((s) => s.kind), ['reuse', 'move']);
    assert.match(again.summary, /^Code unchanged: version 4 already holds it, its description stays "walk: one-line change" → move all of prod to 4/);
    const state = await release('prod', snapshot, again);

    const after = await motoState();
    assert.deepEqual(after.versions, before.versions, 'no new version; version 4 keeps its description');
    assert.equal(after.codeSha256, before.codeSha256, 'no deploy');
    assert.deepEqual(after.prod, { version: '4', weights: {} });
    assert.match(describeRelease(FN, 'prod', state, { kind: 'full' }), /reused version 4, description kept: "walk: one-line change"; prod → 4, was 2 · 10% → 3\.$/);
  });

  it('releasing again with nothing changed is "nothing to do" before any prompt', async () => {
    const { snapshot, plan: p1 } = await plan('beta', { kind: 'full' });
    await release('beta', snapshot, p1, 'x');
    const { plan: again } = await plan('beta', { kind: 'full' });
    assert.deepEqual(again, { kind: 'nothingToDo', message: 'Nothing to do: beta already runs this code (version 4).', version: '4' });
  });

  it('a move made by someone else after the plan stops the release after the publish and says so (moto keeps one RevisionId forever: the guard compares target and weights too)', async () => {
    const { snapshot, plan: ready } = await plan('beta', { kind: 'full' });
    await operations.repoint(FN, 'beta', '1', { confirm: async () => true });
    await assert.rejects(release('beta', snapshot, ready, 'x'), (error: Error) => {
      assert.match(error.message, /^Moving the alias failed: orders-api:beta: alias changed since the plan, now → 1; it was not moved\. Now: orders-api \(\$LATEST\) was deployed; version 4 was published; beta was not moved \(still → 3\)\.$/);
      return true;
    });
    assert.deepEqual((await motoState()).beta, { version: '1', weights: {} }, 'the other move stands');
  });
});
