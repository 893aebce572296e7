/**
 * LambdaGateway.waitUntilUpdated (the SDK waiter behind a client wrapper) and publishVersion's
 * listing, over a fake Lambda client at the gateway seam: moto never reports a Failed update,
 * never throttles, and cannot be told to deny access or expire credentials mid-wait.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ResourceNotFoundException, TooManyRequestsException, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { CancelledError, ReleaseError, describeForLog } from '../../src/release/errors';

const FUNCTION = 'orders-api';
// Recognisable values that must never reach an error, its causes or the log.
const ENV_SECRET = 'env-secret-value-7731-hunter2';
const PRESIGNED_URL = 'https://awslambda-code.example/snapshots/orders-api?X-Amz-Signature=presigned-sig-5519';

type Handler = (input: Record<string, unknown>, n: number) => unknown;

/** Answers each command by its constructor name; a handler returning an Error makes send throw it. */
function fakeLambdaClient(handlers: Record<string, Handler>) {
  const sent: { command: string; signal?: AbortSignal }[] = [];
  const counts = new Map<string, number>();
  const client = {
    async send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown> {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push({ command: name, signal: options?.abortSignal });
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      const handler = handlers[name];
      if (!handler) throw new Error(`fake client: unexpected ${name}`);
      const answer = handler((command as { input: Record<string, unknown> }).input, n);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const gateway = new LambdaGateway(client as unknown as Pick<LambdaClient, 'send'>, { profile: 'dev', region: 'us-east-1' });
  return { gateway, sent, count: (command: string) => sent.filter((s) => s.command === command).length };
}

/** A GetFunction answer as Lambda gives it: configuration with environment values, plus the presigned code URL. */
const getFunctionAnswer = (over: FunctionConfiguration = {}) => ({
  Configuration: {
    FunctionName: FUNCTION,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    Environment: { Variables: { DB_PASSWORD: ENV_SECRET } },
    ...over,
  },
  Code: { RepositoryType: 'S3', Location: PRESIGNED_URL },
});

const namedError = (name: string, message: string, httpStatusCode?: number) =>
  Object.assign(new Error(message), { name, ...(httpStatusCode ? { $metadata: { httpStatusCode } } : {}) });

/** Everything a log or a debugger could print of the error. */
function printed(error: unknown): string {
  return `${describeForLog(error)}\n${inspect(error, { depth: Infinity })}`;
}

function assertNoSecrets(error: unknown) {
  const text = printed(error);
  assert.ok(!text.includes(ENV_SECRET), `an environment value leaked:\n${text}`);
  assert.ok(!text.includes('presigned-sig-5519'), `the presigned URL leaked:\n${text}`);
}

describe('LambdaGateway.waitUntilUpdated — no secrets in errors (fake client at the gateway seam: moto never fails an update)', () => {
  it('the fake answer does carry the secrets (so the scans below can fail)', () => {
    const raw = JSON.stringify(getFunctionAnswer());
    assert.ok(raw.includes(ENV_SECRET) && raw.includes('presigned-sig-5519'));
  });

  it('a Failed update: message carries LastUpdateStatusReason and its code; the error and its cause chain hold no environment value or presigned URL', async () => {
    const reason = 'Unzipped size must be smaller than 262144000 bytes';
    const fake = fakeLambdaClient({
      GetFunction: () => getFunctionAnswer({ LastUpdateStatus: 'Failed', LastUpdateStatusReason: reason, LastUpdateStatusReasonCode: 'InvalidZipFileException' }),
    });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'aws');
      assert.ok(error.message.includes(reason), error.message);
      assert.match(error.message, /InvalidZipFileException/);
      // What is kept for the log: the state and the update status fields.
      assert.match(describeForLog(error), /caused by WaiterResult: .*state FAILURE.*LastUpdateStatus Failed/);
      assertNoSecrets(error);
      return true;
    });
    assert.equal(fake.count('GetFunction'), 1);
  });

  it('a wait that times out (stays InProgress past maxWaitSeconds): conflict "still updating", no secrets either', async () => {
    const fake = fakeLambdaClient({ GetFunction: () => getFunctionAnswer({ LastUpdateStatus: 'InProgress' }) });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION, { maxWaitSeconds: 2 }), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'conflict');
      assert.match(error.message, /still updating after 2 s/);
      assert.match(describeForLog(error), /state TIMEOUT.*LastUpdateStatus InProgress/);
      assertNoSecrets(error);
      return true;
    });
  });
});

describe('LambdaGateway.waitUntilUpdated — errors retrying cannot fix fail fast (fake client at the gateway seam)', () => {
  const cases: { title: string; error: () => Error; kind: string }[] = [
    { title: 'AccessDeniedException', error: () => namedError('AccessDeniedException', 'User is not authorized to perform: lambda:GetFunction', 403), kind: 'credentials' },
    { title: 'ResourceNotFoundException (function deleted)', error: () => new ResourceNotFoundException({ message: `Function not found: ${FUNCTION}`, $metadata: { httpStatusCode: 404 } }), kind: 'notFound' },
    { title: 'expired credentials (ExpiredTokenException)', error: () => namedError('ExpiredTokenException', 'The security token included in the request is expired', 403), kind: 'credentials' },
    { title: 'missing credentials (CredentialsProviderError)', error: () => namedError('CredentialsProviderError', 'Could not load credentials from any providers'), kind: 'credentials' },
  ];
  for (const { title, error, kind } of cases) {
    it(`${title} on the first GetFunction: a ${kind} error after 1 call, not "still updating"`, async () => {
      const fake = fakeLambdaClient({ GetFunction: () => error() });
      await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION), (thrown: unknown) => {
        assert.ok(thrown instanceof ReleaseError, String(thrown));
        assert.ok(!(thrown instanceof CancelledError), 'the recorded error, not a cancellation');
        assert.equal(thrown.kind, kind);
        assert.doesNotMatch(thrown.message, /still updating/);
        return true;
      });
      assert.equal(fake.count('GetFunction'), 1, 'no poll after the error');
    });
  }

  it('AccessDenied after a first InProgress poll: stops at the second poll', async () => {
    const fake = fakeLambdaClient({
      GetFunction: (_input, n) => (n === 1 ? getFunctionAnswer({ LastUpdateStatus: 'InProgress' }) : namedError('AccessDeniedException', 'access denied', 403)),
    });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION), (thrown: unknown) => thrown instanceof ReleaseError && thrown.kind === 'credentials');
    assert.equal(fake.count('GetFunction'), 2);
  });

  it('an endpoint unreachable poll after poll: a network error after 3 polls, not a 300 s hang', async () => {
    const fake = fakeLambdaClient({ GetFunction: () => Object.assign(namedError('Error', 'connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION), (thrown: unknown) => thrown instanceof ReleaseError && thrown.kind === 'network');
    assert.equal(fake.count('GetFunction'), 3);
  });
});

describe('LambdaGateway.waitUntilUpdated — transient errors are retried, cancel (fake client at the gateway seam: moto never throttles)', () => {
  it('throttling on a poll is retried and the wait then succeeds', async () => {
    const fake = fakeLambdaClient({
      GetFunction: (_input, n) =>
        n === 1 ? new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }) : getFunctionAnswer({ CodeSha256: 'settled-sha' }),
    });
    const fn = await fake.gateway.waitUntilUpdated(FUNCTION);
    assert.equal(fn.codeSha256, 'settled-sha');
    assert.equal(fn.lastUpdateStatus, 'Successful');
    assert.equal(fake.count('GetFunction'), 2);
  });

  it('a network blip (one ECONNRESET) is retried and the wait then succeeds', async () => {
    const fake = fakeLambdaClient({
      GetFunction: (_input, n) => (n === 1 ? Object.assign(namedError('Error', 'socket hang up'), { code: 'ECONNRESET' }) : getFunctionAnswer()),
    });
    const fn = await fake.gateway.waitUntilUpdated(FUNCTION);
    assert.equal(fn.name, FUNCTION);
    assert.equal(fake.count('GetFunction'), 2);
  });

  it('every GetFunction poll carries an AbortSignal (an in-flight poll stops on cancel)', async () => {
    const fake = fakeLambdaClient({ GetFunction: () => getFunctionAnswer() });
    await fake.gateway.waitUntilUpdated(FUNCTION, { signal: new AbortController().signal });
    assert.ok(fake.sent.length > 0 && fake.sent.every((s) => s.signal instanceof AbortSignal));
  });

  it('caller abort while the function stays InProgress: CancelledError, no poll after it', async () => {
    const controller = new AbortController();
    const fake = fakeLambdaClient({
      GetFunction: () => {
        setTimeout(() => controller.abort(), 20); // the waiter sleeps at least 1 s before the next poll
        return getFunctionAnswer({ LastUpdateStatus: 'InProgress' });
      },
    });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION, { signal: controller.signal }), (error: unknown) => error instanceof CancelledError);
    assert.equal(fake.count('GetFunction'), 1);
  });

  it('caller abort before the wait: CancelledError without any GetFunction', async () => {
    const controller = new AbortController();
    controller.abort();
    const fake = fakeLambdaClient({ GetFunction: () => getFunctionAnswer() });
    await assert.rejects(fake.gateway.waitUntilUpdated(FUNCTION, { signal: controller.signal }), (error: unknown) => error instanceof CancelledError);
    assert.equal(fake.count('GetFunction'), 0);
  });
});

describe('LambdaGateway.publishVersion — the version listing never blocks the publish (fake client at the gateway seam)', () => {
  it('ListVersionsByFunction fails: publishes anyway, existing is false', async () => {
    const fake = fakeLambdaClient({
      ListVersionsByFunction: () => namedError('ServiceException', 'Internal failure', 500),
      PublishVersion: (input) => ({ FunctionName: FUNCTION, Version: '8', CodeSha256: input.CodeSha256 }),
    });
    const published = await fake.gateway.publishVersion(FUNCTION, { codeSha256: 'sha-deployed' });
    assert.deepEqual([published.version, published.codeSha256, published.existing], ['8', 'sha-deployed', false]);
    assert.equal(fake.count('PublishVersion'), 1);
  });

  it('a rejected latestBefore from the caller: publishes anyway, and no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const fake = fakeLambdaClient({ PublishVersion: () => ({ FunctionName: FUNCTION, Version: '3' }) });
      const published = await fake.gateway.publishVersion(FUNCTION, { codeSha256: 'sha' }, { latestBefore: Promise.reject(new Error('listing failed')) });
      assert.deepEqual([published.version, published.existing], ['3', false]);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a cancel during the listing still cancels: nothing published', async () => {
    const controller = new AbortController();
    const fake = fakeLambdaClient({
      ListVersionsByFunction: () => {
        controller.abort();
        return namedError('AbortError', 'Request aborted');
      },
      PublishVersion: () => ({ FunctionName: FUNCTION, Version: '9' }),
    });
    await assert.rejects(fake.gateway.publishVersion(FUNCTION, { codeSha256: 'sha' }, { signal: controller.signal }), (error: unknown) => error instanceof CancelledError);
    assert.equal(fake.count('PublishVersion'), 0);
  });
});
