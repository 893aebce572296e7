/**
 * The release executor (src/release/releaseRun.ts) with fakes at its narrow seams (deploy path,
 * publish, alias operations, hooks): step order, what each outcome and each stop says is true.
 */
import * as assert from 'node:assert/strict';
import type { PublishResult } from '../../src/aws/lambdaGateway';
import type { AliasSummary, RoutingWeight } from '../../src/aws/types';
import type { AliasOperationResult, MoveOptions } from '../../src/release/aliasOperations';
import { DeployedNotPublishedError, ImageFunctionError, type DeployOutcome } from '../../src/release/deploy';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { planRelease, type PlanRequest } from '../../src/release/releasePlan';
import { describeRelease, ReleaseStoppedError, runRelease, type ReleaseHooks, type ReleaseRunDeps } from '../../src/release/releaseRun';
import { readForRelease } from '../../src/release/releaseSession';

const NEW = 'bmV3LWNvZGU=';
const OLD = 'b2xkLWNvZGU=';

function alias(version: string, routing: RoutingWeight[] = [], revisionId = 'rev-1'): AliasSummary {
  return { name: 'prod', arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api:prod', functionVersion: version, routing, revisionId };
}

function plan(over: Partial<PlanRequest>) {
  const result = planRelease({
    functionName: 'orders-api',
    alias: alias('2'),
    packageSha256: NEW,
    fileCount: 3,
    latestCodeSha256: OLD,
    versions: [
      { version: '2', arn: 'a', codeSha256: 'Mg==' },
      { version: '3', arn: 'a', codeSha256: OLD },
    ],
    protectedAlias: true,
    move: { kind: 'full' },
    ...over,
  });
  assert.equal(result.kind, 'ready', JSON.stringify(result));
  return result as Extract<typeof result, { kind: 'ready' }>;
}

/** Fakes recording every call; `publishedAs` is what Lambda numbers the new version (not always the expected one). */
function fakes(options: { publishedAs?: string; failMove?: Error; failDeploy?: Error; hooks?: ReleaseHooks } = {}) {
  const calls: string[] = [];
  const guards: (AliasSummary | undefined)[] = [];
  const result = (after: AliasSummary, summary: string): AliasOperationResult => ({ alias: after, summary });
  const published = (description?: string): PublishResult => ({ version: options.publishedAs ?? '4', codeSha256: NEW, description, existing: false });
  const deps: ReleaseRunDeps = {
    functionName: 'orders-api',
    aliasName: 'prod',
    async deploy({ publish, description }) {
      calls.push(`deploy publish=${publish} description=${description}`);
      if (options.failDeploy) throw options.failDeploy;
      return { status: 'deployed', codeSha256: NEW, pkg: { zip: Buffer.alloc(0), sha256: NEW, fileCount: 3, unzippedBytes: 0 }, function: { name: 'orders-api', arn: 'a' }, published: publish ? published(description) : undefined } as DeployOutcome;
    },
    async publish(guard) {
      calls.push(`publish ${guard.codeSha256} description=${guard.description}`);
      return published(guard.description);
    },
    aliases: {
      async repoint(_f: string, _a: string, version: string, o: MoveOptions) {
        calls.push(`repoint ${version}`);
        guards.push(o.unchangedSince);
        if (options.failMove) throw options.failMove;
        assert.equal(await o.confirm('?'), true, 'the plan modal already confirmed: no second modal');
        return result(alias(version, [], 'rev-9'), 'moved');
      },
      async shiftTraffic(_f: string, _a: string, version: string, percent: string | number, o: MoveOptions) {
        calls.push(`shift ${version} ${percent}%`);
        guards.push(o.unchangedSince);
        if (options.failMove) throw options.failMove;
        const primary = o.unchangedSince?.functionVersion ?? '?';
        return result(alias(primary, [{ version, weight: Number(percent) / 100 }], 'rev-9'), 'shifted');
      },
      async promote(_f: string, _a: string, o: MoveOptions) {
        calls.push('promote');
        guards.push(o.unchangedSince);
        return result(alias(o.unchangedSince?.routing[0]?.version ?? '?', [], 'rev-5'), 'promoted');
      },
      async abortCanary(_f: string, _a: string, o: MoveOptions) {
        calls.push('abort');
        guards.push(o.unchangedSince);
        return result(alias(o.unchangedSince?.functionVersion ?? '?', [], 'rev-5'), 'aborted');
      },
    },
    hooks: options.hooks,
  };
  return { deps, calls, guards };
}

async function stopped(promise: Promise<unknown>): Promise<ReleaseStoppedError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReleaseStoppedError, String(error));
    return error;
  }
  assert.fail('expected the release to stop');
}

describe('runRelease: runs the plan and says what is true', () => {
  it('changed code, canary: one deploy that publishes with the description, then the canary to the number Lambda gave', async () => {
    const { deps, calls } = fakes({ publishedAs: '7' });
    const steps: string[] = [];
    deps.onStep = (i, n, label) => steps.push(`(${i}/${n}) ${label}`);
    const p = plan({ move: { kind: 'canary', weight: 0.1 } });
    const state = await runRelease({ plan: p, alias: alias('2'), packageSha256: NEW, description: 'walk: one-line change' }, deps);
    assert.deepEqual(calls, ['deploy publish=true description=walk: one-line change', 'shift 7 10%']);
    assert.deepEqual(steps, ['(1/2) Deploying…', '(2/2) Moving the alias…']);
    assert.equal(
      describeRelease('orders-api', 'prod', state, p.steps.at(-1)?.kind === 'move' ? { kind: 'canary', weight: 0.1 } : { kind: 'full' }),
      'Released orders-api: deployed 3 files; published version 7 "walk: one-line change"; prod → 2 · 10% → 7, was 2.',
    );
  });

  it('unchanged code: reuses the version, never deploys or publishes, and says its description was kept', async () => {
    const { deps, calls } = fakes();
    const p = plan({ latestCodeSha256: NEW, versions: [{ version: '4', arn: 'a', codeSha256: NEW, description: 'walk: one-line change' }] });
    const state = await runRelease({ plan: p, alias: alias('2'), packageSha256: NEW }, deps);
    assert.deepEqual(calls, ['repoint 4']);
    assert.equal(describeRelease('orders-api', 'prod', state, { kind: 'full' }), 'Released orders-api: reused version 4, description kept: "walk: one-line change"; prod → 4, was 2.');
  });

  it('"Abort Canary and Continue": abort guarded by the alias the plan read, then the move guarded by the alias the abort left', async () => {
    const { deps, calls, guards } = fakes();
    const read = alias('2', [{ version: '3', weight: 0.1 }]);
    const p = plan({ alias: read, move: { kind: 'canary', weight: 0.1 }, resolve: 'abort' });
    const state = await runRelease({ plan: p, alias: read, packageSha256: NEW, description: 'd' }, deps);
    assert.deepEqual(calls, ['abort', 'deploy publish=true description=d', 'shift 4 10%']);
    assert.equal(guards[0], read);
    assert.equal(guards[1]?.revisionId, 'rev-5');
    assert.match(describeRelease('orders-api', 'prod', state, { kind: 'canary', weight: 0.1 }), /^Released orders-api: aborted the running canary; deployed 3 files; published version 4 "d"; prod → 2 · 10% → 4, was 2\.$/);
  });

  it('a publish without deploy ($LATEST has the code already) carries the package\'s CodeSha256', async () => {
    const { deps, calls } = fakes();
    await runRelease({ plan: plan({ latestCodeSha256: NEW }), alias: alias('2'), packageSha256: NEW, description: 'x' }, deps);
    assert.deepEqual(calls, [`publish ${NEW} description=x`, 'repoint 4']);
  });

  it('a failed verify stops BEFORE the alias moves, and says the version was published and prod not moved', async () => {
    const verified: string[] = [];
    const hooks: ReleaseHooks = { verify: { label: 'smoke-test the new version', run: async ({ version }) => (verified.push(version), { ok: false, summary: '1 of 2 smoke tests failed' }) } };
    const { deps, calls } = fakes({ hooks, publishedAs: '5' });
    const error = await stopped(runRelease({ plan: plan({ verify: { label: 'smoke-test the new version' } }), alias: alias('2'), packageSha256: NEW, description: 'd' }, deps));
    assert.deepEqual(verified, ['5'], 'the version is invoked by its number');
    assert.deepEqual(calls, ['deploy publish=true description=d']);
    assert.equal(error.message, 'Verification of version 5 failed: 1 of 2 smoke tests failed. Now: orders-api ($LATEST) was deployed; version 5 was published; verification: 1 of 2 smoke tests failed; prod was not moved (still → 2).');
  });

  it('a move refused after the publish names the published version and where the alias still points', async () => {
    const { deps } = fakes({ failMove: new ReleaseError('precondition', 'orders-api:prod: alias changed since the plan (now → 3); it was not moved.') });
    const error = await stopped(runRelease({ plan: plan({}), alias: alias('2'), packageSha256: NEW, description: 'd' }, deps));
    assert.equal(error.kind, 'precondition');
    assert.match(error.message, /^Moving the alias failed: orders-api:prod: alias changed since the plan .* Now: orders-api \(\$LATEST\) was deployed; version 4 was published; prod was not moved \(still → 2\)\.$/);
  });

  it('a cancel before the upload changed nothing (the UI stays silent)', async () => {
    const { deps } = fakes({ failDeploy: new CancelledError('Cancelled before upload: nothing was changed.') });
    const error = await stopped(runRelease({ plan: plan({}), alias: alias('2'), packageSha256: NEW, description: 'd' }, deps));
    assert.equal(error.cancelled, true);
    assert.equal(error.nothingChanged, true);
    assert.equal(error.message, 'Cancelled. Nothing was changed.');
  });

  it('a cancel after the abort step is reported with what the abort changed', async () => {
    const { deps } = fakes({ failDeploy: new CancelledError('Cancelled during upload: the function was not changed.', true) });
    const read = alias('2', [{ version: '3', weight: 0.1 }]);
    const error = await stopped(runRelease({ plan: plan({ alias: read, move: { kind: 'canary', weight: 0.1 }, resolve: 'abort' }), alias: read, packageSha256: NEW }, deps));
    assert.equal(error.nothingChanged, false);
    assert.equal(error.message, 'Cancelled during upload: the function was not changed. Now: the canary was aborted (prod → 2); prod was not moved (still → 2).');
  });

  it('deployed but not published: says so, and the alias was not moved', async () => {
    const { deps } = fakes({ failDeploy: new DeployedNotPublishedError('orders-api', NEW, 'r', new ReleaseError('throttled', 'Rate exceeded')) });
    const error = await stopped(runRelease({ plan: plan({}), alias: alias('2'), packageSha256: NEW, description: 'd' }, deps));
    assert.match(error.message, /Now: orders-api \(\$LATEST\) was deployed; no version was published; prod was not moved \(still → 2\)\.$/);
  });

  it('a gradual move is started by the rollout hook with the released version and the alias the plan saw', async () => {
    const started: string[] = [];
    const hooks: ReleaseHooks = {
      gradual: {
        pick: async () => assert.fail('picked before the plan, not by the executor'),
        start: async ({ version, move, alias: seen }) => {
          started.push(`${version} ${move.label} from ${seen.functionVersion}`);
          return { alias: alias(seen.functionVersion, [{ version, weight: move.firstWeight }]), summary: 'rollout started' };
        },
      },
    };
    const { deps } = fakes({ hooks });
    const move = { kind: 'gradual' as const, firstWeight: 0.1, label: 'Linear 10% every 5 minutes' };
    const state = await runRelease({ plan: plan({ move }), alias: alias('2'), packageSha256: NEW, description: 'd' }, deps);
    assert.deepEqual(started, ['4 Linear 10% every 5 minutes from 2']);
    assert.match(describeRelease('orders-api', 'prod', state, move), /prod → 2 · 10% → 4 \(Linear 10% every 5 minutes started\), was 2\.$/);
  });
});

describe('readForRelease (fake gateway at the seam)', () => {
  it('refuses a container-image function before any plan, whatever the package', async () => {
    const gateway = {
      getFunction: async () => ({ name: 'orders-api', arn: 'a', packageType: 'Image' }),
      listVersions: async () => [],
      getAlias: async () => alias('2'),
    };
    const build = async () => ({ zip: Buffer.alloc(0), sha256: NEW, fileCount: 1, unzippedBytes: 0 });
    await assert.rejects(readForRelease(gateway, 'orders-api', 'prod', build), (error: Error) => error instanceof ImageFunctionError);
  });
  it('a failing read (missing function) aborts the package build and is reported once the build stopped', async () => {
    const state = { sawAbort: false, settled: false };
    const gateway = {
      getFunction: async () => {
        throw new ReleaseError('notFound', 'Could not read the configuration of orders-api: Function not found');
      },
      listVersions: async () => [],
      getAlias: async () => alias('2'),
    };
    // A build that would run on (and finish) unless its signal fires, as selectFiles / createZip do.
    const build = (signal?: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          state.sawAbort = true;
          state.settled = true;
          reject(new CancelledError());
        }, { once: true });
      });
    const failure = await readForRelease(gateway, 'orders-api', 'prod', build).then(
      () => assert.fail('expected notFound'),
      (error: unknown) => ({ error, settled: state.settled }),
    );
    assert.ok(failure.error instanceof ReleaseError && failure.error.kind === 'notFound', String(failure.error));
    assert.ok(state.sawAbort && failure.settled, 'the build was aborted and had stopped when the error came back');
  });
});
