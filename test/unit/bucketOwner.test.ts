/**
 * The deployment-bucket guard at the gateway seam (fake S3 / STS clients): ExpectedBucketOwner on
 * every PutObject, a 403 said as "bucket not owned by your account …", the account id cached per
 * profile and asked again after a failure.
 */
import * as assert from 'node:assert/strict';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AccountIds } from '../../src/aws/accountIds';
import { uploadPackage } from '../../src/aws/s3Upload';
import { ReleaseError } from '../../src/release/errors';

const target = { profile: 'dev', region: 'us-east-1' };
const upload = { bucket: 'team-bucket', key: 'k.zip', body: new Uint8Array(3), sha256: 'abc', expectedBucketOwner: '111122223333' };

describe('deployment bucket owner (fake S3 at the gateway seam)', () => {
  it('PutObject carries ExpectedBucketOwner = the caller’s account', async () => {
    const sent: unknown[] = [];
    await uploadPackage({ send: async (command: unknown) => void sent.push(command) } as never, target, upload);
    assert.equal(sent.length, 1);
    assert.ok(sent[0] instanceof PutObjectCommand);
    assert.equal(sent[0].input.ExpectedBucketOwner, '111122223333');
    assert.equal(sent[0].input.Bucket, 'team-bucket');
  });

  it('a 403 AccessDenied is "bucket not owned by your account …", naming bucket, account and profile', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await assert.rejects(
      uploadPackage({ send: async () => Promise.reject(denied) } as never, target, upload),
      (error: unknown) => {
        assert.ok(error instanceof ReleaseError);
        assert.match(error.message, /^S3 refused the upload to bucket team-bucket: bucket not owned by your account 111122223333 \(profile dev, us-east-1\)/);
        assert.match(error.message, /Nothing was uploaded\.$/);
        assert.equal(error.cause, denied);
        return true;
      },
    );
  });

  it('other failures keep their usual mapping (not called an ownership problem)', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    await assert.rejects(uploadPackage({ send: async () => Promise.reject(reset) } as never, target, upload), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.doesNotMatch(error.message, /not owned/);
      return true;
    });
  });
});

describe('account ids (fake STS at the gateway seam)', () => {
  it('asks once per profile, again after forget or a failure', async () => {
    const asked: string[] = [];
    let fail = false;
    const ids = new AccountIds((t) => ({
      send: async () => {
        asked.push(t.profile);
        if (fail) throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
        return { Account: t.profile === 'dev' ? '111122223333' : '444455556666' };
      },
    }) as never);
    assert.equal(await ids.of(target), '111122223333');
    assert.equal(await ids.of({ profile: 'dev', region: 'eu-west-1' }), '111122223333', 'per profile, not per region');
    assert.equal(await ids.of({ profile: 'prod', region: 'us-east-1' }), '444455556666');
    assert.deepEqual(asked, ['dev', 'prod']);
    ids.forget('dev');
    fail = true;
    await assert.rejects(ids.of(target), (e: unknown) => e instanceof ReleaseError && /account id/.test(e.message));
    fail = false;
    assert.equal(await ids.of(target), '111122223333', 'a failure is not cached');
    assert.deepEqual(asked, ['dev', 'prod', 'dev', 'dev']);
  });
});
