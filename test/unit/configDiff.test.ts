/**
 * Compare versions, pure part: normalised configuration documents (golden files in ./golden),
 * masking of environment values, volatile fields, titles and "previous version".
 * Regenerate the golden files after an intended format change with UPDATE_GOLDEN=1 and review the diff.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import {
  diffTitle,
  maskValue,
  normaliseConfiguration,
  previousVersion,
  unqualifiedArn,
  versionOfArn,
  type FunctionConfigurationLike,
} from '../../src/release/configDiff';

const GOLDEN = join(__dirname, 'golden');
const SALT = 'golden-salt';

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 to create it)`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `differs from golden/${name}`);
}

/** A GetFunctionConfiguration answer as Lambda returns it for version 41, volatile fields included. */
function version41(): FunctionConfiguration & { $metadata?: unknown } {
  return {
    $metadata: { httpStatusCode: 200, requestId: 'req-1' },
    FunctionName: 'orders-api',
    FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api:41',
    Runtime: 'nodejs20.x',
    Role: 'arn:aws:iam::123456789012:role/orders-api-role',
    Handler: 'dist/index.handler',
    CodeSize: 48213,
    Description: 'release 1.3.2',
    Timeout: 30,
    MemorySize: 512,
    LastModified: '2026-11-20T10:11:12.000+0000',
    CodeSha256: 'n3Bq6cGm0nE4YxR0pX1Q5tq0V0xk3m0yBv0mYcB2F1c=',
    Version: '41',
    VpcConfig: { SubnetIds: ['subnet-b', 'subnet-a'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-123', Ipv6AllowedForDualStack: false },
    DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq' },
    Environment: { Variables: { TABLE_NAME: 'orders', API_KEY: 's3cr3t-value', LOG_LEVEL: 'info', EMPTY: '' } },
    TracingConfig: { Mode: 'Active' },
    MasterArn: 'arn:aws:lambda:eu-west-1:123456789012:function:edge-master',
    RevisionId: '7c8b2f1e-0000-4000-8000-000000000041',
    Layers: [
      { Arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:7', CodeSize: 1024 },
      { Arn: 'arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:53', CodeSize: 2048 },
    ],
    State: 'Active',
    StateReason: 'The function is ready',
    StateReasonCode: 'Idle',
    LastUpdateStatus: 'Successful',
    LastUpdateStatusReason: 'done',
    LastUpdateStatusReasonCode: 'EniLimitExceeded',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 1024 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: 'arn:aws:lambda:eu-west-1::runtime:abc123' },
    LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: '/aws/lambda/orders-api' },
  };
}

const EXTRAS = {
  reservedConcurrency: 25,
  eventInvokeConfig: {
    MaximumRetryAttempts: 1,
    MaximumEventAgeInSeconds: 3600,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:eu-west-1:123456789012:orders-failed' } },
  },
};

describe('configDiff: normaliseConfiguration', () => {
  it('renders a full configuration with masked environment values (golden)', () => {
    const doc = normaliseConfiguration(version41(), { ...EXTRAS, maskSalt: SALT });
    golden('orders-api-41.masked.yaml', doc);
    assert.ok(!doc.includes('s3cr3t-value'), 'a secret value leaked into the masked document');
    assert.ok(!doc.includes('orders\n'), 'TABLE_NAME value leaked');
  });

  it('shows values when asked to reveal them (golden)', () => {
    golden('orders-api-41.revealed.yaml', normaliseConfiguration(version41(), { ...EXTRAS, maskSalt: SALT, revealValues: true }));
  });

  it('renders a minimal configuration ($LATEST, no extras) without empty sections (golden)', () => {
    golden(
      'minimal-latest.yaml',
      normaliseConfiguration({ FunctionName: 'tiny', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:tiny', Runtime: 'python3.12', Handler: 'app.handler', CodeSha256: 'abc=', CodeSize: 12, MemorySize: 128, Timeout: 3 }),
    );
  });

  it('drops every volatile field: two reads that differ only in them give the same document', () => {
    const a = version41();
    const b = {
      ...version41(),
      LastModified: '2026-11-23T00:00:00.000+0000',
      RevisionId: 'another-revision',
      State: 'Inactive' as const,
      StateReason: 'idle',
      LastUpdateStatus: 'InProgress' as const,
      LastUpdateStatusReason: 'updating',
      MasterArn: undefined,
      SnapStart: { ApplyOn: 'None' as const, OptimizationStatus: 'On' as const },
      $metadata: { httpStatusCode: 200, requestId: 'req-2' },
    };
    const docA = normaliseConfiguration(a, { maskSalt: SALT });
    assert.equal(normaliseConfiguration(b, { maskSalt: SALT }), docA);
    for (const dropped of ['2026-11-20', '7c8b2f1e', 'Successful', 'edge-master', 'req-1', 'OptimizationStatus', 'The function is ready']) {
      assert.ok(!docA.includes(dropped), `volatile "${dropped}" is in the document`);
    }
  });

  it('two versions differing only in one environment value differ in exactly that line, still masked', () => {
    const left = normaliseConfiguration(version41(), { maskSalt: SALT }).split('\n');
    const changed = version41();
    changed.Environment = { Variables: { ...changed.Environment!.Variables, API_KEY: 's3cr3t-value-2' } };
    const right = normaliseConfiguration(changed, { maskSalt: SALT }).split('\n');
    assert.equal(left.length, right.length);
    const differing = left.map((line, i) => [line, right[i]]).filter(([l, r]) => l !== r);
    assert.equal(differing.length, 1, JSON.stringify(differing));
    assert.match(differing[0][0], /^ {2}API_KEY: ••• sha256:[0-9a-f]{8}$/);
    assert.match(differing[0][1], /^ {2}API_KEY: ••• sha256:[0-9a-f]{8}$/);
    assert.ok(!right.join('\n').includes('s3cr3t'));
  });

  it('does not depend on the order of keys in the input', () => {
    const config = version41();
    const reversed = Object.fromEntries(Object.entries(config).reverse()) as FunctionConfigurationLike;
    reversed.Environment = { Variables: Object.fromEntries(Object.entries(config.Environment!.Variables!).reverse()) };
    assert.equal(normaliseConfiguration(reversed, { maskSalt: SALT }), normaliseConfiguration(config, { maskSalt: SALT }));
  });

  it('masks with a per-process salt by default: equal values hash alike, the value never shows', () => {
    const doc1 = normaliseConfiguration(version41());
    const doc2 = normaliseConfiguration(version41());
    assert.equal(doc1, doc2);
    assert.ok(!doc1.includes('s3cr3t-value'));
    // The default salt is not the empty salt, so a hash cannot be looked up against unsalted hashes of common values.
    const line = doc1.split('\n').find((l) => l.includes('API_KEY'))!;
    assert.ok(!line.endsWith(maskValue('s3cr3t-value', '').slice(-8)));
  });

  it('keeps fields it does not know under "other", with sorted keys', () => {
    const doc = normaliseConfiguration({ ...version41(), TenancyConfig: { TenancyIsolationMode: 'PER_TENANT' }, DurableConfig: undefined } as FunctionConfigurationLike, { maskSalt: SALT });
    assert.match(doc, /\nother:\n {2}TenancyConfig: \{"TenancyIsolationMode": "PER_TENANT"\}\n/);
    assert.ok(!doc.includes('DurableConfig'));
  });

  it('writes reserved concurrency "unreserved" for null and leaves it out when unknown', () => {
    assert.match(normaliseConfiguration(version41(), { maskSalt: SALT, reservedConcurrency: null }), /\nconcurrency:\n {2}reserved: unreserved\n/);
    assert.ok(!normaliseConfiguration(version41(), { maskSalt: SALT }).includes('concurrency:'));
  });

  it('quotes values that would read back differently', () => {
    const doc = normaliseConfiguration(
      { FunctionName: 'f', Environment: { Variables: { A: 'true', B: '42', C: ' padded', D: 'x: y', E: 'line\nbreak', 'odd key': 'v' } } },
      { revealValues: true },
    );
    assert.match(doc, /\n {2}A: "true"\n {2}B: "42"\n {2}C: " padded"\n {2}D: "x: y"\n {2}E: "line\\nbreak"\n {2}"odd key": v\n/);
  });
});

describe('configDiff: titles and versions', () => {
  it('titles a diff "function left ↔ right"', () => {
    assert.equal(diffTitle('orders-api', '41', '42'), 'orders-api 41 ↔ 42');
    assert.equal(diffTitle('orders-api', 'prod (41)', '$LATEST'), 'orders-api prod (41) ↔ $LATEST');
  });

  it('finds the previous published version, skipping deleted ones', () => {
    const versions = ['$LATEST', '1', '2', '5', '10', '11'].map((version) => ({ version }));
    assert.equal(previousVersion(versions, '11'), '10');
    assert.equal(previousVersion(versions, '10'), '5', 'numeric, not lexical, order');
    assert.equal(previousVersion(versions, '5'), '2', 'versions 3 and 4 were deleted');
    assert.equal(previousVersion(versions, '1'), undefined);
    assert.equal(previousVersion(versions, '$LATEST'), '11');
    assert.equal(previousVersion(['$LATEST'], '$LATEST'), undefined);
    assert.equal(previousVersion(['1', '2'], 'prod'), undefined);
  });

  it('reads and strips the version of a qualified function ARN', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api';
    assert.equal(versionOfArn(`${arn}:42`), '42');
    assert.equal(versionOfArn(`${arn}:$LATEST`), '$LATEST');
    assert.equal(versionOfArn(arn), undefined);
    assert.equal(unqualifiedArn(`${arn}:42`), arn);
    assert.equal(unqualifiedArn('not-an-arn'), 'not-an-arn');
  });
});
