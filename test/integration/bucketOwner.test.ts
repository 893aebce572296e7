/**
 * Issue 16: code goes only to the user's own buckets. `lambdaRelease.deploymentBucket` may come from
 * a cloned repository, so every S3 call of the upload carries ExpectedBucketOwner = the caller's
 * account (STS GetCallerIdentity, served by moto: 123456789012, cached per profile).
 * moto does NOT enforce ExpectedBucketOwner (it stores the object whatever the owner), so the
 * refusal is played by the FAULT PROXY in front of moto, answering 403 AccessDenied in S3's XML,
 * exactly when the header names an account other than the bucket's owner.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import { deploy } from '../../src/release/deploy';
import { ReleaseError } from '../../src/release/errors';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startMoto, type MotoServer } from '../support/moto';
import { createFunction, handlerZip, MOTO_ACCOUNT } from '../support/seed';

const REGION = 'us-east-1';
const target = { profile: 'dev', region: REGION };
const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 1, maxConcurrentRequests: 4 };
/** The account that owns the other team's bucket in this test. */
const OTHER_ACCOUNT = '999999999999';
const OTHER_BUCKET = 'someone-elses-deployments';
const OWN_BUCKET = 'my-deployments';

const accessDeniedXml =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>FAULTPROXY</RequestId></Error>';

describe('deployment bucket owner (ExpectedBucketOwner; moto does not enforce it, so the fault proxy answers 403 AccessDenied like S3)', function () {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let dir: string;
  let restoreEnv: () => void;
  let services: AwsServices;
  let s3: S3Client;

  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    s3 = new S3Client({ endpoint: moto.endpoint, region: REGION, credentials: TEST_KEYS, forcePathStyle: true });
  });
  after(async () => {
    s3?.destroy();
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    proxy.clearRules();
    proxy.clearLog();
    for (const bucket of [OWN_BUCKET, OTHER_BUCKET]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // S3's rule, played by the proxy: a request to OTHER_BUCKET naming another expected owner is refused.
    proxy.add({
      route: new RegExp(`^PUT /${OTHER_BUCKET}/`),
      when: (r) => r.headers['x-amz-expected-bucket-owner'] !== OTHER_ACCOUNT,
      fault: { kind: 'raw', status: 403, headers: { 'content-type': 'application/xml' }, body: accessDeniedXml },
    });
    dir = mkdtempSync(join(tmpdir(), 'lrm-bucket-owner-'));
    restoreEnv = applyEnv(writeAwsConfig(dir, [{ name: target.profile, region: REGION, endpointUrl: proxy.url }]).env);
    services = new AwsServices(settings);
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  const keysIn = async (bucket: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);
  const puts = () => proxy.requests.filter((r) => r.method === 'PUT' && !r.path.startsWith('/2015-03-31/'));
  const stsCalls = () => proxy.requests.filter((r) => r.route === 'POST /' && /\/sts\/aws4_request/.test(String(r.headers.authorization ?? ''))).length;

  it('a bucket owned by another account is refused ("bucket not owned by your account …"), nothing is uploaded, the function is not updated', async () => {
    await createFunction(moto.endpoint, REGION, 'orders-api');
    const body = await handlerZip('orders-api', 7);
    const error = await deploy(
      { functionName: 'orders-api', publish: true },
      {
        gateway: services.lambda(target),
        buildPackage: async () => ({ zip: body, sha256: 'unused', fileCount: 1 }) as never,
        codeSourceFor: async (pkg, signal) => {
          await services.uploadPackage(target, { bucket: OTHER_BUCKET, key: 'lambda-release/orders-api/x.zip', body: pkg.zip, sha256: '' }, { signal });
          return { s3Bucket: OTHER_BUCKET, s3Key: 'lambda-release/orders-api/x.zip' };
        },
      },
    ).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ReleaseError, String(error));
    assert.match(error.message, new RegExp(`^S3 refused the upload to bucket ${OTHER_BUCKET}: bucket not owned by your account ${MOTO_ACCOUNT} \\(profile dev, us-east-1\\).*Nothing was uploaded\\.$`));
    assert.match(error.hint ?? '', /lambdaRelease\.deploymentBucket/);
    assert.deepEqual(await keysIn(OTHER_BUCKET), [], 'nothing reached the other account’s bucket');
    assert.equal(proxy.count('UpdateFunctionCode'), 0, 'the function was not updated');
    assert.deepEqual(
      puts().map((r) => r.headers['x-amz-expected-bucket-owner']),
      [MOTO_ACCOUNT],
      'the one PutObject named the caller’s account as expected owner',
    );
  });

  it('the user’s own bucket takes the upload, with ExpectedBucketOwner on every S3 call; the account id is read once per profile', async () => {
    const body = new TextEncoder().encode('zip bytes');
    await services.uploadPackage(target, { bucket: OWN_BUCKET, key: 'a.zip', body, sha256: '' });
    await services.uploadPackage(target, { bucket: OWN_BUCKET, key: 'b.zip', body, sha256: '' });
    assert.deepEqual(await keysIn(OWN_BUCKET), ['a.zip', 'b.zip']);
    const s3Calls = puts();
    assert.equal(s3Calls.length, 2);
    for (const call of s3Calls) assert.equal(call.headers['x-amz-expected-bucket-owner'], MOTO_ACCOUNT);
    assert.equal(stsCalls(), 1, 'GetCallerIdentity once for the profile');
    assert.equal(await services.accountId(target), MOTO_ACCOUNT);
    services.forgetProfile('dev');
    await services.accountId(target);
    assert.equal(stsCalls(), 2, 'asked again after the profile was forgotten (Refresh, new credentials)');
  });
});
