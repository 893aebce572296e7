/**
 * The deploy path (src/release/deploy.ts) and the gateway behaviour it relies on, without a
 * server. Two seams, both fakes and named so:
 *  - a fake gateway (the narrow Pick that deploy() takes) for orchestration: step order, the
 *    "already deployed" stop, a mid-update function (moto never reports InProgress), cancels;
 *  - a fake Lambda client under the real LambdaGateway (answers commands by constructor name) for
 *    what moto does not produce: ResourceConflictException, a Failed update, PublishVersion's
 *    PreconditionFailedException (moto does not enforce CodeSha256 / RevisionId).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  PreconditionFailedException,
  ResourceConflictException,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LambdaGateway, type CodeSource, type PublishResult } from '../../src/aws/lambdaGateway';
import type { FunctionSummary } from '../../src/aws/types';
import { deploy, DeployedNotPublishedError, type BuiltPackage, type DeployDeps, type DeployOptions, type DeployStep } from '../../src/release/deploy';
import { CancelledError, ReleaseError } from '../../src/release/errors';

const FUNCTION = 'orders-api';
const OLD_SHA = 'b2xkIGNvZGUgb2xkIGNvZGUgb2xkIGNvZGUgb2xkIGM=';

function builtPackage(content = 'exports.handler = async () => 42;\n'): BuiltPackage {
  const zip = Buffer.from(`PK-fake-zip:${content}`);
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), fileCount: 1, unzippedBytes: content.length };
}

function summary(over: Partial<FunctionSummary> = {}): FunctionSummary {
  return { name: FUNCTION, arn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`, lastUpdateStatus: 'Successful', ...over };
}

type Call = { method: string; signal?: AbortSignal; args?: unknown[] };

/**
 * A fake gateway at deploy()'s seam, plus fake buildPackage / codeSourceFor, recording every call
 * in order. Each hook can be replaced per test.
 */
function fakeSeam(pkg: BuiltPackage, hooks: Partial<{
  current: FunctionSummary;
  buildPackage: () => void;
  waitUntilUpdated: (n: number) => FunctionSummary;
  publishVersion: () => PublishResult;
}> = {}) {
  const calls: Call[] = [];
  let waits = 0;
  const current = hooks.current ?? summary({ codeSha256: OLD_SHA, revisionId: 'rev-before' });
  const deps: DeployDeps = {
    gateway: {
      async getFunction(_name, options) {
        calls.push({ method: 'getFunction', signal: options?.signal });
        return current;
      },
      async waitUntilUpdated(_name, options) {
        calls.push({ method: 'waitUntilUpdated', signal: options?.signal });
        waits += 1;
        return hooks.waitUntilUpdated?.(waits) ?? summary({ codeSha256: pkg.sha256, revisionId: 'rev-settled' });
      },
      async updateFunctionCode(_name, code, options) {
        calls.push({ method: 'updateFunctionCode', signal: options?.signal, args: [code, options?.revisionId] });
        return summary({ codeSha256: pkg.sha256, lastUpdateStatus: 'InProgress', revisionId: 'rev-updated' });
      },
      async publishVersion(_name, guard, options) {
        calls.push({ method: 'publishVersion', signal: options?.signal, args: [guard] });
        return hooks.publishVersion?.() ?? { version: '7', codeSha256: guard.codeSha256, description: guard.description, existing: false };
      },
    },
    async buildPackage(signal) {
      calls.push({ method: 'buildPackage', signal });
      hooks.buildPackage?.();
      return pkg;
    },
    async codeSourceFor(p, signal): Promise<CodeSource> {
      calls.push({ method: 'codeSourceFor', signal });
      return { zipFile: p.zip };
    },
  };
  return { deps, calls, methods: () => calls.map((c) => c.method) };
}

function options(over: Partial<DeployOptions> = {}) {
  const steps: [DeployStep, number, number][] = [];
  let descriptionAsked = 0;
  const opts: DeployOptions = {
    functionName: FUNCTION,
    publish: true,
    description: async () => {
      descriptionAsked += 1;
      return 'a1b2c3d Fix the retry loop';
    },
    onStep: (step, index, total) => steps.push([step, index, total]),
    ...over,
  };
  return { opts, steps, descriptionAsked: () => descriptionAsked };
}

describe('deploy() orchestration (fake gateway at the seam)', () => {
  it('already deployed (zip sha equals CodeSha256): stops after packaging — no upload, no wait, no publish', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg, { current: summary({ codeSha256: pkg.sha256 }) });
    const { opts, steps, descriptionAsked } = options();
    const outcome = await deploy(opts, seam.deps);
    assert.equal(outcome.status, 'alreadyDeployed');
    assert.equal(outcome.codeSha256, pkg.sha256);
    assert.equal(outcome.published, undefined);
    assert.deepEqual(seam.methods().sort(), ['buildPackage', 'getFunction']);
    assert.deepEqual(steps, [['package', 1, 4]]);
    assert.equal(descriptionAsked(), 0);
  });

  it('runs package → upload → wait → publish in order, reporting steps 1/4 … 4/4', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg);
    const controller = new AbortController();
    const { opts, steps, descriptionAsked } = options({ signal: controller.signal });
    const outcome = await deploy(opts, seam.deps);

    assert.deepEqual(steps, [
      ['package', 1, 4],
      ['upload', 2, 4],
      ['wait', 3, 4],
      ['publish', 4, 4],
    ]);
    // Not mid-update: no wait before the upload; the only wait follows it.
    assert.deepEqual(seam.methods().slice(2), ['codeSourceFor', 'updateFunctionCode', 'waitUntilUpdated', 'publishVersion']);
    // Each call gets the deploy's own signal, chained to the caller's: it fires when the caller cancels.
    assert.ok(seam.calls.every((c) => c.signal instanceof AbortSignal), 'every call gets a signal');
    assert.ok(seam.calls.every((c) => c.signal?.aborted), 'and the deploy ends them all once it is over (the caller\'s stays live)');
    assert.equal(controller.signal.aborted, false);

    const [code, revisionId] = seam.calls.find((c) => c.method === 'updateFunctionCode')?.args ?? [];
    assert.deepEqual(code, { zipFile: pkg.zip });
    assert.equal(revisionId, 'rev-before', 'UpdateFunctionCode carries the RevisionId read before');
    const [guard] = seam.calls.find((c) => c.method === 'publishVersion')?.args ?? [];
    assert.deepEqual(guard, { codeSha256: pkg.sha256, revisionId: 'rev-settled', description: 'a1b2c3d Fix the retry loop' });
    assert.equal(descriptionAsked(), 1);

    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.codeSha256, pkg.sha256);
    assert.deepEqual(outcome.published, { version: '7', codeSha256: pkg.sha256, description: 'a1b2c3d Fix the retry loop', existing: false });
  });

  it('with publish off: three steps (1/3 … 3/3), no PublishVersion, no description asked', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg);
    const { opts, steps, descriptionAsked } = options({ publish: false });
    const outcome = await deploy(opts, seam.deps);
    assert.deepEqual(steps, [
      ['package', 1, 3],
      ['upload', 2, 3],
      ['wait', 3, 3],
    ]);
    assert.ok(!seam.methods().includes('publishVersion'));
    assert.equal(descriptionAsked(), 0);
    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.published, undefined);
  });

  it('a function mid-update (LastUpdateStatus InProgress) is waited for before the upload (fake: moto never reports InProgress)', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg, {
      current: summary({ codeSha256: OLD_SHA, lastUpdateStatus: 'InProgress', revisionId: 'rev-in-progress' }),
      // The first wait settles the other update (old code, new RevisionId); the second, ours.
      waitUntilUpdated: (n) => (n === 1 ? summary({ codeSha256: OLD_SHA, revisionId: 'rev-after-their-update' }) : summary({ codeSha256: pkg.sha256, revisionId: 'rev-settled' })),
    });
    await deploy(options().opts, seam.deps);
    assert.deepEqual(seam.methods().slice(2), ['waitUntilUpdated', 'codeSourceFor', 'updateFunctionCode', 'waitUntilUpdated', 'publishVersion']);
    const update = seam.calls.find((c) => c.method === 'updateFunctionCode');
    assert.equal(update?.args?.[1], 'rev-after-their-update', 'the upload is guarded by the RevisionId read after the wait, not the stale one');
  });

  it('a function mid-update that settles with this very code (someone deployed it meanwhile): "already deployed", no upload (fake)', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg, { current: summary({ codeSha256: OLD_SHA, lastUpdateStatus: 'InProgress' }) });
    const outcome = await deploy(options().opts, seam.deps);
    assert.equal(outcome.status, 'alreadyDeployed');
    assert.ok(!seam.methods().includes('updateFunctionCode'));
  });

  it("someone else's code after the wait (CodeSha256 differs): precondition error, nothing published", async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg, { waitUntilUpdated: () => summary({ codeSha256: 'c29tZW9uZSBlbHNlJ3MgY29kZSBzb21lb25lIGVsc2U=' }) });
    await assert.rejects(deploy(options().opts, seam.deps), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'precondition');
      assert.match(error.message, /someone else deployed meanwhile/);
      assert.ok(error.message.includes(pkg.sha256), 'names the code this deploy uploaded');
      return true;
    });
    assert.ok(!seam.methods().includes('publishVersion'));
  });

  describe('a failing step ends the rest of the deploy (its signal)', () => {
    it('the function lookup fails (missing function): nothing is built, asked, uploaded or reported after the error', async () => {
      const pkg = builtPackage();
      const prompts: BuiltPackage[] = [];
      const steps: DeployStep[] = [];
      const seam = fakeSeam(pkg);
      seam.deps.gateway.getFunction = async () => {
        throw new ReleaseError('notFound', 'Could not read the configuration of orders-api: Function not found');
      };
      const deps: DeployDeps = { ...seam.deps, confirmPackage: async (p) => void prompts.push(p) };
      await assert.rejects(deploy(options({ onStep: (step) => steps.push(step) }).opts, deps), (error: unknown) => error instanceof ReleaseError && error.kind === 'notFound');
      assert.deepEqual(seam.methods(), [], 'no package build was started for a deploy that cannot happen');
      assert.deepEqual(prompts, [], 'so the package prompt never appears after the error');
      assert.deepEqual(steps, ['package'], 'no progress step after the failure');
    });

    it('a container-image function (PackageType Image) is refused before packaging, saying what to do instead', async () => {
      const pkg = builtPackage();
      const seam = fakeSeam(pkg, { current: summary({ packageType: 'Image', codeSha256: OLD_SHA }) });
      await assert.rejects(deploy(options().opts, seam.deps), (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.equal(error.kind, 'validation');
        assert.match(error.message, /^orders-api is a container-image function \(PackageType Image\): a zip of this workspace cannot be deployed to it\. Nothing was packaged or changed\.$/);
        assert.match(error.hint ?? '', /Deploy a new image with "Deploy Image…".*or with your container tooling/);
        return true;
      });
      assert.deepEqual(seam.methods(), ['getFunction'], 'the lookup only: no build, no upload');
    });

    it('a zip function (PackageType Zip, or none reported) deploys as before', async () => {
      for (const packageType of ['Zip', undefined]) {
        const pkg = builtPackage(`exports.handler = () => ${String(packageType)};\n`);
        const seam = fakeSeam(pkg, { current: summary({ packageType, codeSha256: OLD_SHA }) });
        assert.equal((await deploy(options().opts, seam.deps)).status, 'deployed');
      }
    });

    it('a step that fails after the upload ends the work the deploy started beside it (the read of the newest version)', async () => {
      const pkg = builtPackage();
      const seam = fakeSeam(pkg, {
        waitUntilUpdated: () => {
          throw new ReleaseError('aws', 'The update of orders-api failed.');
        },
      });
      let latestSignal: AbortSignal | undefined;
      seam.deps.gateway.latestPublishedVersion = (_name, opts) =>
        new Promise((_resolve, reject) => {
          latestSignal = opts?.signal;
          opts?.signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
        });
      const caller = new AbortController();
      await assert.rejects(deploy(options({ signal: caller.signal }).opts, seam.deps), /The update of orders-api failed/);
      assert.ok(latestSignal?.aborted, 'the background read was aborted with the deploy');
      assert.equal(caller.signal.aborted, false, "the caller's own signal is left alone");
    });

    it('the package prompt comes after a successful lookup and build, before the upload; declining uploads nothing', async () => {
      const pkg = builtPackage();
      const seam = fakeSeam(pkg);
      const order: string[] = [];
      const deps: DeployDeps = {
        ...seam.deps,
        confirmPackage: async () => {
          order.push(...seam.methods(), 'confirm');
          throw new CancelledError('Cancelled before upload: nothing was changed.', true);
        },
      };
      await assert.rejects(deploy(options().opts, deps), CancelledError);
      assert.deepEqual(order.sort(), ['buildPackage', 'confirm', 'getFunction']);
      assert.ok(!seam.methods().includes('updateFunctionCode'));
    });

    it('an already deployed package asks nothing (nothing would be sent)', async () => {
      const pkg = builtPackage();
      const seam = fakeSeam(pkg, { current: summary({ codeSha256: pkg.sha256 }) });
      let asked = 0;
      const outcome = await deploy(options().opts, { ...seam.deps, confirmPackage: async () => void asked++ });
      assert.equal(outcome.status, 'alreadyDeployed');
      assert.equal(asked, 0);
    });
  });

  it('cancel before upload (during packaging): CancelledError without a state report, nothing changed', async () => {
    const pkg = builtPackage();
    const controller = new AbortController();
    const seam = fakeSeam(pkg, { buildPackage: () => controller.abort() });
    await assert.rejects(deploy(options({ signal: controller.signal }).opts, seam.deps), (error: unknown) => {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.stateReport, false);
      assert.match(error.message, /before upload: nothing was changed/);
      return true;
    });
    assert.ok(!seam.methods().some((m) => m === 'codeSourceFor' || m === 'updateFunctionCode' || m === 'publishVersion'));
  });

  it('cancel while waiting after the upload: CancelledError with stateReport naming the state ($LATEST runs the new code, nothing published)', async () => {
    const pkg = builtPackage();
    const controller = new AbortController();
    const seam = fakeSeam(pkg, {
      waitUntilUpdated: () => {
        controller.abort();
        throw new CancelledError();
      },
    });
    await assert.rejects(deploy(options({ signal: controller.signal }).opts, seam.deps), (error: unknown) => {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.stateReport, true);
      assert.match(error.message, /after upload/);
      assert.ok(error.message.includes(`${FUNCTION} ($LATEST) already runs the new code`));
      assert.ok(error.message.includes(pkg.sha256));
      assert.match(error.message, /no version was published/);
      return true;
    });
    assert.ok(seam.methods().includes('updateFunctionCode'));
    assert.ok(!seam.methods().includes('publishVersion'));
  });

  it('cancel between the wait and the publish: same state report, PublishVersion never sent', async () => {
    const pkg = builtPackage();
    const controller = new AbortController();
    const seam = fakeSeam(pkg, {
      waitUntilUpdated: () => {
        controller.abort();
        return summary({ codeSha256: pkg.sha256 });
      },
    });
    await assert.rejects(deploy(options({ signal: controller.signal }).opts, seam.deps), (error: unknown) => {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.stateReport, true);
      assert.match(error.message, /already runs the new code .*no version was published/);
      return true;
    });
    assert.ok(!seam.methods().includes('publishVersion'));
  });

  it('PublishVersion returning an existing version is reported as such (existing: true)', async () => {
    const pkg = builtPackage();
    const seam = fakeSeam(pkg, { publishVersion: () => ({ version: '6', codeSha256: pkg.sha256, existing: true }) });
    const outcome = await deploy(options().opts, seam.deps);
    assert.equal(outcome.status, 'deployed');
    assert.deepEqual(outcome.published, { version: '6', codeSha256: pkg.sha256, existing: true });
  });
});

// ---------------------------------------------------------------------------------------------

type SendOptions = { abortSignal?: AbortSignal };
type Handler = (input: Record<string, unknown>, n: number) => unknown;

/**
 * A fake Lambda client under the real LambdaGateway: answers each command by its constructor name
 * (as test/integration/listing.test.ts does), throwing when the handler returns an Error.
 */
function fakeLambdaClient(handlers: Record<string, Handler>) {
  const sent: { command: string; input: Record<string, unknown>; signal?: AbortSignal }[] = [];
  const counts = new Map<string, number>();
  const client = {
    async send(command: object, options?: SendOptions): Promise<unknown> {
      const name = command.constructor.name.replace(/Command$/, '');
      const input = (command as { input: Record<string, unknown> }).input;
      sent.push({ command: name, input, signal: options?.abortSignal });
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      const handler = handlers[name];
      if (!handler) throw new Error(`fake client: unexpected ${name}`);
      const answer = handler(input, n);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const gateway = new LambdaGateway(client as unknown as Pick<LambdaClient, 'send'>, { profile: 'dev', region: 'us-east-1' });
  return { gateway, sent, commands: () => sent.map((s) => s.command) };
}

const configuration = (over: FunctionConfiguration = {}): FunctionConfiguration => ({
  FunctionName: FUNCTION,
  FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`,
  State: 'Active',
  LastUpdateStatus: 'Successful',
  ...over,
});

const conflict = () =>
  new ResourceConflictException({ message: 'The operation cannot be performed at this time. An update is in progress for resource: orders-api', $metadata: { httpStatusCode: 409 } });

const versions = (...numbers: string[]) => ({ Versions: ['$LATEST', ...numbers].map((Version) => configuration({ Version })) });

/** deploy() over the real LambdaGateway on a fake client, wired as src/commands/deploy/deployFlow.ts wires it. */
function deployOver(gateway: LambdaGateway, pkg: BuiltPackage, signal?: AbortSignal) {
  return deploy(
    { functionName: FUNCTION, publish: true, description: async () => 'release', signal },
    { gateway, buildPackage: async () => pkg, codeSourceFor: async (p) => ({ zipFile: p.zip }) },
  );
}

describe('LambdaGateway under deploy (fake Lambda client: moto never conflicts, fails an update or enforces guards)', () => {
  it('ResourceConflictException on UpdateFunctionCode is waited out (waiter, then retry) and the upload succeeds', async () => {
    const pkg = builtPackage();
    const fake = fakeLambdaClient({
      UpdateFunctionCode: (_input, n) => (n <= 2 ? conflict() : configuration({ CodeSha256: pkg.sha256, LastUpdateStatus: 'InProgress' })),
      GetFunction: () => ({ Configuration: configuration({ CodeSha256: OLD_SHA }) }),
      GetFunctionConfiguration: () => configuration({ CodeSha256: OLD_SHA }),
    });
    const updated = await fake.gateway.updateFunctionCode(FUNCTION, { zipFile: pkg.zip });
    assert.equal(updated.codeSha256, pkg.sha256);
    assert.deepEqual(fake.commands(), [
      'UpdateFunctionCode',
      'GetFunction', // the waiter (its answer is the settled configuration: no extra read)
      'UpdateFunctionCode',
      'GetFunction',
      'UpdateFunctionCode',
    ]);
  });

  it('ResourceConflictException that outlasts the bound: a clear conflict error, not the raw SDK error (small bound via conflictWaitMs)', async () => {
    const pkg = builtPackage();
    const fake = fakeLambdaClient({
      UpdateFunctionCode: () => conflict(),
      GetFunction: () => ({ Configuration: configuration({ CodeSha256: OLD_SHA }) }),
      GetFunctionConfiguration: () => configuration({ CodeSha256: OLD_SHA }),
    });
    await assert.rejects(fake.gateway.updateFunctionCode(FUNCTION, { zipFile: pkg.zip }, { conflictWaitMs: 50 }), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /orders-api/);
      assert.match(error.message, /being updated/);
      assert.ok(error.hint, 'says what to do next');
      assert.ok(error.cause instanceof ResourceConflictException, 'the SDK error is kept as the cause, for the log');
      return true;
    });
    assert.ok(fake.commands().filter((c) => c === 'UpdateFunctionCode').length >= 2, 'retried after waiting, within the bound');
  });

  it('a Failed update: deploy stops with LastUpdateStatusReason and publishes nothing', async () => {
    const pkg = builtPackage();
    const reason = 'Unzipped size must be smaller than 262144000 bytes';
    const fake = fakeLambdaClient({
      GetFunctionConfiguration: () => configuration({ CodeSha256: OLD_SHA }),
      UpdateFunctionCode: () => configuration({ CodeSha256: pkg.sha256, LastUpdateStatus: 'InProgress' }),
      GetFunction: () => ({ Configuration: configuration({ CodeSha256: OLD_SHA, LastUpdateStatus: 'Failed', LastUpdateStatusReason: reason }) }),
    });
    await assert.rejects(deployOver(fake.gateway, pkg), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.ok(error.message.includes(reason), error.message);
      assert.match(error.message, /update of orders-api failed/);
      return true;
    });
    assert.ok(!fake.commands().includes('PublishVersion'));
  });

  it('PublishVersion PreconditionFailed: DeployedNotPublishedError saying deployed but not published, "changed since your deploy"', async () => {
    const pkg = builtPackage();
    const controller = new AbortController();
    const fake = fakeLambdaClient({
      GetFunctionConfiguration: (_input, n) => configuration({ CodeSha256: n === 1 ? OLD_SHA : pkg.sha256, RevisionId: n === 1 ? 'rev-1' : 'rev-3' }),
      UpdateFunctionCode: () => configuration({ CodeSha256: pkg.sha256, LastUpdateStatus: 'InProgress', RevisionId: 'rev-2' }),
      GetFunction: () => ({ Configuration: configuration({ CodeSha256: pkg.sha256, RevisionId: 'rev-3' }) }),
      ListVersionsByFunction: () => versions('1', '2'),
      PublishVersion: () => new PreconditionFailedException({ message: 'The RevisionId provided does not match the latest RevisionId.', $metadata: { httpStatusCode: 412 } }),
    });
    await assert.rejects(deployOver(fake.gateway, pkg, controller.signal), (error: unknown) => {
      assert.ok(error instanceof DeployedNotPublishedError, String(error));
      assert.equal(error.kind, 'precondition');
      assert.equal(error.codeSha256, pkg.sha256);
      assert.match(error.message, /orders-api was deployed \(CodeSha256 .+\) but not published/);
      assert.match(error.message, /changed since your deploy/);
      assert.match(error.hint ?? '', /Publish/);
      return true;
    });
    const publish = fake.sent.find((s) => s.command === 'PublishVersion');
    assert.equal(publish?.input.CodeSha256, pkg.sha256, 'guarded by the CodeSha256 this deploy uploaded');
    assert.equal(publish?.input.RevisionId, 'rev-3', 'and the RevisionId read after the wait');
    assert.equal(fake.commands().filter((c) => c === 'PublishVersion').length, 1, 'never retried blindly');
    // The waiter's GetFunction polls carry the gateway's own signal, chained to this one (lambdaGatewayWait.test.ts).
    const others = fake.sent.filter((s) => s.command !== 'GetFunction');
    assert.ok(others.length > 0 && others.every((s) => s.signal), 'every other request carries an AbortSignal');
    controller.abort();
    assert.ok(others.every((s) => s.signal?.aborted), 'chained to the caller\'s: it fires when the caller cancels');
  });

  it('cancel while the SDK waiter polls a function that stays InProgress: returns at once with the after-upload state report', async () => {
    const pkg = builtPackage();
    const controller = new AbortController();
    const fake = fakeLambdaClient({
      GetFunctionConfiguration: () => configuration({ CodeSha256: OLD_SHA }),
      UpdateFunctionCode: () => configuration({ CodeSha256: pkg.sha256, LastUpdateStatus: 'InProgress' }),
      GetFunction: () => {
        // First poll answered: the waiter now sleeps (at least 1 s) before the next one; cancel then.
        setTimeout(() => controller.abort(), 20);
        return { Configuration: configuration({ CodeSha256: pkg.sha256, LastUpdateStatus: 'InProgress' }) };
      },
    });
    await assert.rejects(deployOver(fake.gateway, pkg, controller.signal), (error: unknown) => {
      assert.ok(error instanceof CancelledError, String(error));
      assert.equal(error.stateReport, true);
      assert.match(error.message, /orders-api \(\$LATEST\) already runs the new code/);
      return true;
    });
    assert.equal(fake.commands().filter((c) => c === 'GetFunction').length, 1, 'no poll after the cancel');
    assert.ok(!fake.commands().includes('PublishVersion'));
  });

  it('a function that stays InProgress past maxWaitSeconds: a conflict error "still updating", not a network error', async () => {
    const fake = fakeLambdaClient({
      GetFunction: () => ({ Configuration: configuration({ LastUpdateStatus: 'InProgress' }) }),
    });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION, { maxWaitSeconds: 2 }), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /orders-api is still updating after 2 s/);
      return true;
    });
  });

  it('PublishVersion answering an already published version: existing is true; a new number: existing is false', async () => {
    const pkg = builtPackage();
    const answers = ['3', '4'];
    const fake = fakeLambdaClient({
      ListVersionsByFunction: () => versions('1', '2', '3'),
      PublishVersion: (input, n) => configuration({ Version: answers[n - 1], CodeSha256: input.CodeSha256 as string }),
    });
    const same = await fake.gateway.publishVersion(FUNCTION, { codeSha256: pkg.sha256 });
    assert.deepEqual([same.version, same.existing], ['3', true]);
    const fresh = await fake.gateway.publishVersion(FUNCTION, { codeSha256: pkg.sha256 });
    assert.deepEqual([fresh.version, fresh.existing], ['4', false]);
  });
});
