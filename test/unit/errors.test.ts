import * as assert from 'node:assert/strict';
import { toReleaseError, type ErrorContext } from '../../src/aws/errors';
import { CancelledError, ReleaseError, type ReleaseErrorKind } from '../../src/release/errors';

/** An error shaped like the SDK's service exceptions: name, message, $metadata. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { $metadata: { httpStatusCode: 400 } }, extra);
}

/** Node's socket error as the SDK's HTTP handler surfaces it. */
function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
}

const context: ErrorContext = { profile: 'dev', region: 'us-east-1', action: 'list functions' };

describe('toReleaseError (SDK error → ReleaseError)', () => {
  const table: { error: unknown; kind: ReleaseErrorKind; message: RegExp; hint?: RegExp; context?: Partial<ErrorContext> }[] = [
    {
      error: sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      kind: 'credentials',
      message: /Could not list functions \(profile dev, us-east-1\): credentials missing or invalid/,
      hint: /aws configure --profile dev/,
    },
    {
      error: sdkError('CredentialsProviderError', 'Could not resolve credentials using profile: [base] in configuration/credentials file(s).'),
      kind: 'credentials',
      message: /using profile: \[base\]/,
      hint: /^Profile base \(the source_profile of dev\) is missing from the AWS config files\.$/,
    },
    {
      error: sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      kind: 'credentials',
      message: /credentials missing or invalid\. The security token included in the request is invalid/,
      hint: /Check the keys of profile dev/,
    },
    {
      error: sdkError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'),
      kind: 'credentials',
      message: /credentials missing or invalid/,
      hint: /Check the keys of profile dev/,
    },
    {
      error: sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
      kind: 'credentials',
      message: /credentials expired/,
      hint: /^Run `aws sso login --profile dev`, then refresh\.$/,
      context: { usesSso: true },
    },
    {
      error: sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
      kind: 'credentials',
      message: /credentials expired/,
      hint: /Refresh the credentials of this profile/,
    },
    {
      error: sdkError('AccessDeniedException', 'User is not authorized to perform: lambda:ListFunctions'),
      kind: 'credentials',
      message: /access denied/,
      hint: /lambda:List\*/,
    },
    {
      error: sdkError('ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:gone'),
      kind: 'notFound',
      message: /Function not found: .*function:gone/,
      hint: /Refresh the view/,
    },
    {
      error: sdkError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id.'),
      kind: 'precondition',
      message: /changed since you looked/,
    },
    {
      error: sdkError('ResourceConflictException', 'The operation cannot be performed at this time. An update is in progress.'),
      kind: 'conflict',
      message: /being updated/,
      hint: /Wait for the current update/,
    },
    {
      error: sdkError('TooManyRequestsException', 'Rate exceeded', { $metadata: { httpStatusCode: 429 } }),
      kind: 'throttled',
      message: /throttling/,
      hint: /maxConcurrentRequests/,
    },
    {
      error: nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      kind: 'network',
      message: /could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:1\)/,
      hint: /endpoint_url/,
    },
    {
      error: sdkError('TimeoutError', 'Connection timed out after 5000 ms'),
      kind: 'network',
      message: /could not be reached/,
    },
    {
      error: sdkError('InvalidParameterValueException', 'Alias name must match the pattern'),
      kind: 'validation',
      message: /Alias name must match/,
    },
    {
      error: sdkError('CodeStorageExceededException', 'Code storage limit exceeded.'),
      kind: 'limit',
      message: /Code storage limit exceeded/,
    },
    {
      error: sdkError('ServiceException', 'Lambda was unable to process the request.'),
      kind: 'aws',
      message: /^Could not list functions \(profile dev, us-east-1\): ServiceException: Lambda was unable/,
    },
    {
      error: 'a thrown string',
      kind: 'aws',
      message: /a thrown string/,
    },
  ];

  for (const row of table) {
    const name = typeof row.error === 'string' ? 'a non-Error value' : ((row.error as { code?: string }).code ?? (row.error as Error).name);
    it(`${name}${row.context?.usesSso ? ' (SSO profile)' : ''} → ${row.kind}`, () => {
      const result = toReleaseError(row.error, { ...context, ...row.context });
      assert.ok(result instanceof ReleaseError);
      assert.equal(result.kind, row.kind);
      assert.match(result.message, row.message);
      if (row.hint) assert.match(result.hint ?? '', row.hint);
      assert.equal(result.cause, row.error, 'the original error stays as cause, for the log');
    });
  }

  it('an SSO expiry hint names the profile that failed', () => {
    const result = toReleaseError(sdkError('ExpiredTokenException', 'The SSO session associated with this profile has expired'), {
      profile: 'team-prod',
      region: 'eu-west-1',
      action: 'list functions',
    });
    assert.equal(result.kind, 'credentials');
    assert.equal(result.hint, 'Run `aws sso login --profile team-prod`, then refresh.');
    assert.match(result.message, /profile team-prod, eu-west-1/);
  });

  it('AbortError becomes a silent CancelledError', () => {
    const abort = sdkError('AbortError', 'Request aborted');
    const result = toReleaseError(abort, context);
    assert.ok(result instanceof CancelledError);
    assert.equal(result.kind, 'cancelled');
  });

  it('a ReleaseError passes through unchanged', () => {
    const original = new ReleaseError('validation', 'bad weight');
    assert.equal(toReleaseError(original, context), original);
  });

  it('without a profile the message says only what failed', () => {
    const result = toReleaseError(sdkError('ServiceException', 'boom'), { action: 'publish a version of orders-api' });
    assert.equal(result.message, 'Could not publish a version of orders-api: ServiceException: boom');
  });

  it('keeps only the first line of a long multi-line message', () => {
    const result = toReleaseError(sdkError('ServiceException', `${'x'.repeat(400)}\nsecond line`), context);
    assert.ok(!result.message.includes('second line'));
    assert.ok(result.message.endsWith('…'));
  });

  describe('never leaks a secret', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789';

    it('held in the error cause', () => {
      const error = sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.', {
        cause: { credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: secret, sessionToken: token } },
        $response: { body: `secretAccessKey=${secret}` },
      });
      const result = toReleaseError(error, context);
      for (const text of [result.message, result.hint ?? '']) {
        assert.ok(!text.includes(secret), text);
        assert.ok(!text.includes(token), text);
      }
    });

    for (const [label, message] of [
      ['an ini line echoed in the message', `Profile dev: invalid line aws_secret_access_key = ${secret}`],
      ['credential_process JSON echoed in the message', `credential_process returned {"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"${secret}","SessionToken":"${token}"}`],
      ['a presigned query string', `request to https://x/?X-Amz-Security-Token=${token}&aws_secret_access_key=${secret} failed`],
    ] as const) {
      it(label, () => {
        for (const name of ['CredentialsProviderError', 'ServiceException', 'InvalidParameterValueException']) {
          const result = toReleaseError(sdkError(name, message), context);
          assert.ok(!result.message.includes(secret), `${name}: ${result.message}`);
          assert.ok(!result.message.includes(token), `${name}: ${result.message}`);
          assert.match(result.message, /\*\*\*/, 'the value is masked, the key name stays for the reader');
        }
      });
    }
  });
});
