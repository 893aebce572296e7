import * as assert from 'node:assert/strict';
import { toReleaseError } from '../../src/aws/errors';
import type { AliasChange } from '../../src/aws/lambdaGateway';
import type { AliasSummary, RoutingWeight, Target, VersionSummary } from '../../src/aws/types';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations, type AliasGateway, type Confirm } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { MemoryStore } from '../support/memoryStore';

const FN = 'orders-api';
const ACCOUNT = '123456789012';

/**
 * A fake at the gateway seam that behaves like Lambda where moto does not: every change gets a new
 * RevisionId and an UpdateAlias carrying a stale one is refused with PreconditionFailedException
 * (translated by the real toReleaseError, as LambdaGateway does).
 */
class FakeAliasGateway implements AliasGateway {
  readonly target: Target = { profile: 'dev', region: 'us-east-1' };
  readonly aliases = new Map<string, AliasSummary>();
  readonly calls: string[] = [];
  readonly updates: AliasChange[] = [];
  versions = ['1', '2', '3', '41', '42'];
  /** Runs inside UpdateAlias before the check: someone else acting between our read and our write. */
  beforeUpdate?: () => void;
  /** Makes GetAlias fail from the Nth call on (1-based). */
  failGetFrom?: number;
  private revision = 0;
  private gets = 0;

  seed(name: string, functionVersion: string, routing: RoutingWeight[] = []): void {
    this.aliases.set(name, { name, arn: arn(name), functionVersion, routing, revisionId: this.nextRevision() });
  }

  /** A change made outside the extension (console, colleague): new target, new RevisionId. */
  moveElsewhere(name: string, functionVersion: string, routing: RoutingWeight[] = []): void {
    const alias = this.mustGet(name);
    this.aliases.set(name, { ...alias, functionVersion, routing, revisionId: this.nextRevision() });
  }

  async getAlias(functionName: string, aliasName: string): Promise<AliasSummary> {
    this.calls.push(`getAlias ${aliasName}`);
    this.gets++;
    if (this.failGetFrom !== undefined && this.gets >= this.failGetFrom) throw new ReleaseError('network', 'endpoint unreachable');
    return structuredClone(this.mustGet(aliasName, functionName));
  }

  async updateAlias(functionName: string, aliasName: string, change: AliasChange): Promise<AliasSummary> {
    this.calls.push(`updateAlias ${aliasName}`);
    this.updates.push(structuredClone(change));
    this.beforeUpdate?.();
    const alias = this.mustGet(aliasName, functionName);
    if (change.revisionId !== undefined && change.revisionId !== alias.revisionId) {
      throw toReleaseError(
        { name: 'PreconditionFailedException', message: 'The Revision Id provided does not match the latest Revision Id.', $metadata: { httpStatusCode: 412 } },
        { action: `update alias ${aliasName} of ${functionName}`, profile: 'dev', region: 'us-east-1' },
      );
    }
    const updated = { ...alias, functionVersion: change.version, routing: change.routing ?? [], revisionId: this.nextRevision() };
    this.aliases.set(aliasName, updated);
    return structuredClone(updated);
  }

  async createAlias(functionName: string, aliasName: string, change: AliasChange): Promise<AliasSummary> {
    this.calls.push(`createAlias ${aliasName}`);
    if (this.aliases.has(aliasName)) throw new ReleaseError('conflict', `Alias ${aliasName} of ${functionName} already exists.`);
    this.seed(aliasName, change.version, change.routing ?? []);
    return structuredClone(this.mustGet(aliasName));
  }

  async deleteAlias(_functionName: string, aliasName: string): Promise<void> {
    this.calls.push(`deleteAlias ${aliasName}`);
    this.aliases.delete(aliasName);
  }

  async listVersions(): Promise<VersionSummary[]> {
    this.calls.push('listVersions');
    return ['$LATEST', ...this.versions].map((version) => ({ version, arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}:${version}` }));
  }

  private mustGet(name: string, functionName = FN): AliasSummary {
    const alias = functionName === FN ? this.aliases.get(name) : undefined;
    if (!alias) throw new ReleaseError('notFound', `Alias ${name} of ${functionName} not found.`);
    return alias;
  }

  private nextRevision(): string {
    return `rev-${++this.revision}`;
  }
}

function arn(alias: string): string {
  return `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}:${alias}`;
}

/** A confirm callback that records the questions and answers from a script. */
function confirmer(...answers: boolean[]): Confirm & { asked: string[] } {
  const asked: string[] = [];
  const confirm = async (message: string) => {
    asked.push(message);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected confirmation: ${message}`);
    return answer;
  };
  return Object.assign(confirm, { asked });
}

async function rejection(promise: Promise<unknown>): Promise<ReleaseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReleaseError, `expected a ReleaseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the operation to fail');
}

describe('aliasOperations (fake gateway at the seam)', () => {
  let gateway: FakeAliasGateway;
  let store: MemoryStore;
  let history: AliasHistory;
  let ops: AliasOperations;
  const key = { account: ACCOUNT, region: 'us-east-1', functionName: FN, aliasName: 'prod' };

  beforeEach(() => {
    gateway = new FakeAliasGateway();
    store = new MemoryStore();
    history = new AliasHistory(store);
    ops = new AliasOperations({ gateway, history, protectedAliases: () => DEFAULT_PROTECTED_ALIASES, now: () => new Date('2026-11-23T10:00:00Z') });
  });

  describe('unchangedSince (a release plan\'s read)', () => {
    it('moves when the alias is as the plan read it, and refuses without any update when someone moved it since', async () => {
      gateway.seed('beta', '41');
      const planned = structuredClone(gateway.aliases.get('beta')) as AliasSummary;
      gateway.moveElsewhere('beta', '40');
      const error = await rejection(ops.repoint(FN, 'beta', '42', { confirm: confirmer(), unchangedSince: planned }));
      assert.equal(error.kind, 'precondition');
      assert.equal(error.message, 'orders-api:beta: alias changed since the plan, now → 40; it was not moved.');
      assert.deepEqual(gateway.calls, ['getAlias beta']);

      const fresh = structuredClone(gateway.aliases.get('beta')) as AliasSummary;
      await ops.repoint(FN, 'beta', '42', { confirm: confirmer(), unchangedSince: fresh });
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '42');
    });

    it('compares target and weights too (moto returns a RevisionId that never changes; here none at all)', async () => {
      gateway.seed('beta', '41', [{ version: '42', weight: 0.1 }]);
      const planned = { ...(structuredClone(gateway.aliases.get('beta')) as AliasSummary), revisionId: undefined };
      gateway.moveElsewhere('beta', '41', [{ version: '42', weight: 0.2 }]);
      assert.equal((await rejection(ops.abortCanary(FN, 'beta', { confirm: confirmer(), unchangedSince: planned }))).kind, 'precondition');
      assert.ok(!gateway.calls.includes('updateAlias beta'));
    });
  });

  describe('repoint', () => {
    it('reads the alias, updates with the RevisionId it read, and records the move', async () => {
      gateway.seed('beta', '41');
      const readRevision = gateway.aliases.get('beta')?.revisionId;
      const confirm = confirmer();
      const result = await ops.repoint(FN, 'beta', '42', { confirm });
      assert.deepEqual(gateway.calls, ['getAlias beta', 'updateAlias beta']);
      assert.deepEqual(gateway.updates, [{ version: '42', routing: [], revisionId: readRevision }]);
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '42');
      assert.equal(result.summary, 'orders-api: beta → 42, was 41');
      assert.deepEqual(confirm.asked, [], 'an unprotected alias moves without asking');
      assert.deepEqual(history.list({ ...key, aliasName: 'beta' }), [
        { at: '2026-11-23T10:00:00.000Z', action: 'repoint', from: '41', fromRouting: [], to: '42', routing: [] },
      ]);
    });

    it('a stale RevisionId (fake gateway: moto does not enforce RevisionId) re-reads and says where the alias points now; nothing changed, no retry', async () => {
      gateway.seed('beta', '41');
      gateway.beforeUpdate = () => gateway.moveElsewhere('beta', '43', [{ version: '44', weight: 0.2 }]);
      const error = await rejection(ops.repoint(FN, 'beta', '42', { confirm: confirmer() }));
      assert.equal(error.kind, 'precondition');
      assert.equal(error.message, 'orders-api:beta: alias changed since you looked, now → 43 with 20% → 44; review and try again. Nothing was changed.');
      assert.ok(error.cause instanceof ReleaseError && error.cause.kind === 'precondition');
      assert.deepEqual(gateway.calls, ['getAlias beta', 'updateAlias beta', 'getAlias beta'], 'one update, then a re-read, never a second update');
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '43', 'the other change stands');
      assert.deepEqual(history.list({ ...key, aliasName: 'beta' }), []);
    });

    it('a stale RevisionId whose re-read fails still reports the conflict (fake gateway: moto does not enforce RevisionId)', async () => {
      gateway.seed('beta', '41');
      gateway.beforeUpdate = () => gateway.moveElsewhere('beta', '43');
      gateway.failGetFrom = 2;
      const error = await rejection(ops.repoint(FN, 'beta', '42', { confirm: confirmer() }));
      assert.equal(error.kind, 'precondition');
      assert.match(error.message, /alias changed since you looked, could not read it again: endpoint unreachable; review and try again/);
      assert.deepEqual(gateway.calls, ['getAlias beta', 'updateAlias beta', 'getAlias beta']);
    });

    it('a protected alias asks first, naming function, alias, current and new version', async () => {
      gateway.seed('prod', '41');
      const confirm = confirmer(true);
      await ops.repoint(FN, 'prod', '42', { confirm });
      assert.deepEqual(confirm.asked, ['Move alias "prod" of orders-api from 41 to 42?']);
      assert.equal(gateway.aliases.get('prod')?.functionVersion, '42');
    });

    it('a protected alias declined changes nothing and throws CancelledError', async () => {
      gateway.seed('Production', '41');
      const before = structuredClone(gateway.aliases.get('Production'));
      const error = await rejection(ops.repoint(FN, 'Production', '42', { confirm: confirmer(false) }));
      assert.ok(error instanceof CancelledError);
      assert.deepEqual(gateway.calls, ['getAlias Production']);
      assert.deepEqual(gateway.aliases.get('Production'), before);
      assert.equal(store.data.size, 0);
    });

    it('protected patterns are read on every call (a settings change applies at once)', async () => {
      let patterns: string[] = [];
      ops = new AliasOperations({ gateway, history, protectedAliases: () => patterns });
      gateway.seed('beta', '41');
      await ops.repoint(FN, 'beta', '42', { confirm: confirmer() });
      patterns = ['BETA'];
      await rejection(ops.repoint(FN, 'beta', '41', { confirm: confirmer(false) }));
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '42');
    });

    it('validates name and version before any call', async () => {
      for (const [name, version, message] of [
        ['bad name', '42', /only letters, digits/],
        ['42', '42', /cannot be all digits/],
        ['beta', 'v42', /"v42" is not a version/],
      ] as const) {
        const error = await rejection(ops.repoint(FN, name, version, { confirm: confirmer() }));
        assert.equal(error.kind, 'validation');
        assert.match(error.message, message);
      }
      assert.deepEqual(gateway.calls, []);
    });

    it('a repoint to the current target changes nothing', async () => {
      gateway.seed('beta', '41');
      const error = await rejection(ops.repoint(FN, 'beta', '41', { confirm: confirmer() }));
      assert.match(error.message, /already points at 41; nothing to change/);
      assert.deepEqual(gateway.calls, ['getAlias beta']);
    });

    it('a move that succeeded but could not be recorded says so without failing', async () => {
      gateway.seed('beta', '41');
      store.failWrites = true;
      const result = await ops.repoint(FN, 'beta', '42', { confirm: confirmer() });
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '42');
      assert.match(result.historyWarning ?? '', /history could not be saved.*storage full/);
    });
  });

  describe('canary', () => {
    it('shift → promote: weights set, then the canary becomes the primary and weights clear', async () => {
      gateway.seed('beta', '41');
      const shifted = await ops.shiftTraffic(FN, 'beta', '42', '10', { confirm: confirmer() });
      assert.deepEqual(shifted.alias.routing, [{ version: '42', weight: 0.1 }]);
      assert.equal(shifted.alias.functionVersion, '41');
      assert.equal(shifted.summary, 'orders-api: beta → 41 (10% → 42), was 41');
      const promoted = await ops.promote(FN, 'beta', { confirm: confirmer() });
      assert.equal(promoted.alias.functionVersion, '42');
      assert.deepEqual(promoted.alias.routing, []);
      assert.deepEqual(
        history.list({ ...key, aliasName: 'beta' }).map((m) => [m.action, m.from, m.to]),
        [
          ['shift', '41', '41'],
          ['promote', '41', '42'],
        ],
      );
    });

    it('abort clears the weights and keeps the primary', async () => {
      gateway.seed('beta', '41', [{ version: '42', weight: 0.25 }]);
      const result = await ops.abortCanary(FN, 'beta', { confirm: confirmer() });
      assert.equal(result.alias.functionVersion, '41');
      assert.deepEqual(result.alias.routing, []);
      assert.deepEqual(gateway.updates[0]?.routing, []);
    });

    it('a canary on a protected alias asks with the weight, the current and the new routing', async () => {
      gateway.seed('prod', '41');
      const confirm = confirmer(true);
      await ops.shiftTraffic(FN, 'prod', '42', 12.5, { confirm });
      assert.deepEqual(confirm.asked, ['Send 12.5% of alias "prod" of orders-api to version 42? It now points at 41; it will point at 41 (12.5% → 42).']);
      assert.deepEqual(gateway.aliases.get('prod')?.routing, [{ version: '42', weight: 0.125 }]);
    });

    it('bad weights and versions are refused before any call', async () => {
      gateway.seed('beta', '41');
      for (const [version, percent, message] of [
        ['42', '0', /0% would send no traffic/],
        ['42', '100', /100% would send all traffic/],
        ['42', '-5', /cannot be negative/],
        ['42', 'ten', /"ten" is not a number/],
        ['42', '', /Enter the share of traffic/],
        ['$LATEST', '10', /needs a published version number/],
      ] as const) {
        const error = await rejection(ops.shiftTraffic(FN, 'beta', version, percent, { confirm: confirmer() }));
        assert.equal(error.kind, 'validation');
        assert.match(error.message, message);
      }
      assert.deepEqual(gateway.calls, []);
    });

    it('a canary to the primary version is refused after the read, before any change', async () => {
      gateway.seed('beta', '41');
      const error = await rejection(ops.shiftTraffic(FN, 'beta', '41', '10', { confirm: confirmer() }));
      assert.match(error.message, /already points at 41: pick a different version/);
      assert.deepEqual(gateway.calls, ['getAlias beta']);
    });

    it('promote or abort without a canary is refused', async () => {
      gateway.seed('beta', '41');
      assert.match((await rejection(ops.promote(FN, 'beta', { confirm: confirmer() }))).message, /no canary to promote/);
      assert.match((await rejection(ops.abortCanary(FN, 'beta', { confirm: confirmer() }))).message, /no canary to abort/);
      assert.ok(!gateway.calls.some((c) => c.startsWith('updateAlias')));
    });

    it('promote under a stale RevisionId (fake gateway: moto does not enforce RevisionId) changes nothing', async () => {
      gateway.seed('beta', '41', [{ version: '42', weight: 0.1 }]);
      gateway.beforeUpdate = () => gateway.moveElsewhere('beta', '41', [{ version: '42', weight: 0.5 }]);
      const error = await rejection(ops.promote(FN, 'beta', { confirm: confirmer() }));
      assert.match(error.message, /alias changed since you looked, now → 41 with 50% → 42;/);
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '41');
    });
  });

  describe('roll back', () => {
    it('goes to the previous target from history, showing it first', async () => {
      gateway.seed('beta', '1');
      await ops.repoint(FN, 'beta', '2', { confirm: confirmer() });
      await ops.repoint(FN, 'beta', '3', { confirm: confirmer() });
      const preview = await ops.previewRollback(FN, 'beta');
      assert.deepEqual(preview.choice, { version: '2', basis: 'history' });
      const confirm = confirmer(true);
      const result = await ops.rollBack(FN, 'beta', { confirm });
      assert.deepEqual(confirm.asked, ['Roll back alias "beta" of orders-api from 3 to 2 (its previous target)?']);
      assert.equal(result.alias.functionVersion, '2');
      const again = await ops.rollBack(FN, 'beta', { confirm: confirmer(true) });
      assert.equal(again.alias.functionVersion, '1', 'a second roll back keeps going back');
    });

    it('without history falls back to the highest published version below', async () => {
      gateway.seed('beta', '41');
      const confirm = confirmer(true);
      await ops.rollBack(FN, 'beta', { confirm });
      assert.match(confirm.asked[0] ?? '', /from 41 to 3 \(no earlier target is remembered: the highest published version below 41\)\?/);
      assert.equal(gateway.aliases.get('beta')?.functionVersion, '3');
    });

    it('with nowhere to go says why and changes nothing', async () => {
      gateway.seed('beta', '1');
      const error = await rejection(ops.rollBack(FN, 'beta', { confirm: confirmer() }));
      assert.equal(error.kind, 'validation');
      assert.match(error.message, /nowhere to roll back to: it points at 1, the oldest published version/);
      assert.ok(!gateway.calls.some((c) => c.startsWith('updateAlias')));
    });

    it('declined changes nothing', async () => {
      gateway.seed('prod', '42');
      const error = await rejection(ops.rollBack(FN, 'prod', { confirm: confirmer(false) }));
      assert.ok(error instanceof CancelledError);
      assert.equal(gateway.aliases.get('prod')?.functionVersion, '42');
      assert.ok(!gateway.calls.some((c) => c.startsWith('updateAlias')));
    });
  });

  describe('create and delete', () => {
    it('creates an alias after validating the name, and starts its history', async () => {
      const result = await ops.createAlias(FN, 'beta', '41', { description: 'testers' });
      assert.equal(result.summary, 'orders-api: created beta → 41');
      assert.deepEqual(history.list({ ...key, aliasName: 'beta' }).map((m) => [m.action, m.to]), [['create', '41']]);
      for (const name of ['', '$LATEST', '123', 'a b']) {
        assert.equal((await rejection(ops.createAlias(FN, name, '41'))).kind, 'validation');
      }
      assert.deepEqual(gateway.calls, ['createAlias beta']);
    });

    it('delete asks once for an ordinary alias and forgets its history', async () => {
      await ops.createAlias(FN, 'beta', '41');
      const confirm = confirmer(true);
      const result = await ops.deleteAlias(FN, 'beta', { confirm });
      assert.equal(confirm.asked.length, 1);
      assert.match(confirm.asked[0] ?? '', /Delete alias "beta" of orders-api\? It points at 41/);
      assert.equal(result.summary, 'orders-api: deleted alias beta, which pointed at 41');
      assert.equal(gateway.aliases.has('beta'), false);
      assert.deepEqual(history.list({ ...key, aliasName: 'beta' }), []);
    });

    it('delete of a protected alias asks twice; declining the second keeps it', async () => {
      gateway.seed('live', '41');
      const confirm = confirmer(true, false);
      assert.ok((await rejection(ops.deleteAlias(FN, 'live', { confirm }))) instanceof CancelledError);
      assert.equal(confirm.asked.length, 2);
      assert.match(confirm.asked[1] ?? '', /"live" is a protected alias/);
      assert.equal(gateway.aliases.has('live'), true);
      assert.ok(!gateway.calls.includes('deleteAlias live'));
    });
  });
});

describe('aliasOperations pre-flight (fake gateway and fake checks at the seam)', () => {
  let gateway: FakeAliasGateway;
  const warn = { check: 'layers' as const, severity: 'warn' as const, message: 'Layers differ: shared 3 → 4.' };
  const notChecked = { check: 'provisioned' as const, severity: 'unknown' as const, message: 'Provisioned concurrency of beta not checked: endpoint.' };
  const refuse = { check: 'weighted' as const, severity: 'refuse' as const, message: 'Lambda refuses weighted routing between versions with different execution roles.' };

  function opsWith(findings: { check: 'layers' | 'provisioned' | 'weighted'; severity: 'warn' | 'unknown' | 'refuse'; message: string }[], seen: string[] = []) {
    return new AliasOperations({
      gateway,
      history: new AliasHistory(new MemoryStore()),
      protectedAliases: () => DEFAULT_PROTECTED_ALIASES,
      preflight: async (_fn, move) => {
        seen.push(`${move.action} ${move.from.version}→${move.to.version}${move.to.routing.map((r) => `+${r.version}`).join('')}`);
        return findings;
      },
    });
  }

  beforeEach(() => {
    gateway = new FakeAliasGateway();
    gateway.seed('beta', '41');
    gateway.seed('prod', '41');
  });

  it('a warning on an unprotected alias asks in a modal that carries the finding; declining changes nothing', async () => {
    const asked: unknown[] = [];
    const confirm: Confirm = async (message, findings) => {
      asked.push({ message, findings });
      return false;
    };
    await assert.rejects(opsWith([warn]).repoint(FN, 'beta', '42', { confirm }), CancelledError);
    assert.deepEqual(asked, [{ message: 'Move alias "beta" of orders-api from 41 to 42?', findings: [warn] }]);
    assert.ok(!gateway.calls.includes('updateAlias beta'));
  });

  it('only unknowns on an unprotected alias: no modal, the move goes ahead and reports them', async () => {
    const result = await opsWith([notChecked]).repoint(FN, 'beta', '42', { confirm: confirmer() });
    assert.equal(result.alias.functionVersion, '42');
    assert.deepEqual(result.preflight, [notChecked]);
  });

  it('a refusal stops the move before any change, with the reason', async () => {
    const seen: string[] = [];
    const error = await rejection(opsWith([refuse], seen).shiftTraffic(FN, 'prod', '42', '10', { confirm: confirmer() }));
    assert.equal(error.kind, 'validation');
    assert.match(error.message, /different execution roles/);
    assert.deepEqual(seen, ['shift 41→41+42']);
    assert.ok(!gateway.calls.some((c) => c.startsWith('updateAlias')));
  });

  it('a protected alias shows its findings in the one modal it always asks', async () => {
    const confirm = Object.assign(
      async (message: string, findings?: readonly unknown[]) => {
        confirm.asked.push(`${message} [${findings?.length ?? 0} findings]`);
        return true;
      },
      { asked: [] as string[] },
    );
    await opsWith([warn, notChecked]).repoint(FN, 'prod', '42', { confirm });
    assert.deepEqual(confirm.asked, ['Move alias "prod" of orders-api from 41 to 42? [2 findings]']);
  });
});
