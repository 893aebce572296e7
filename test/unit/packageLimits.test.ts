import * as assert from 'node:assert/strict';
import { ReleaseError } from '../../src/release/errors';
import { checkSelection, DIRECT_UPLOAD_LIMIT_BYTES, planUpload, UNZIPPED_LIMIT_BYTES } from '../../src/release/packageLimits';

const MB = 1024 * 1024;

function releaseError(run: () => unknown): ReleaseError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ReleaseError, String(error));
    return error;
  }
  assert.fail('expected a ReleaseError');
}

describe('packageLimits', () => {
  it('uses the limits Lambda documents: 50 MB zipped direct, 250 MB unzipped', () => {
    assert.equal(DIRECT_UPLOAD_LIMIT_BYTES, 50 * MB);
    assert.equal(UNZIPPED_LIMIT_BYTES, 250 * MB);
  });

  it('refuses an empty selection, pointing at the ignore rules', () => {
    const error = releaseError(() => checkSelection(0, 0));
    assert.equal(error.kind, 'validation');
    assert.match(error.message, /Nothing to deploy/);
    assert.match(error.hint ?? '', /\.lambdaignore/);
  });

  it('refuses more than 250 MB unzipped, and accepts exactly 250 MB', () => {
    assert.doesNotThrow(() => checkSelection(10, UNZIPPED_LIMIT_BYTES));
    const error = releaseError(() => checkSelection(10, UNZIPPED_LIMIT_BYTES + 1));
    assert.equal(error.kind, 'limit');
    assert.match(error.message, /250\.0 MB unzipped/);
  });

  it('uploads directly up to 50 MB, bucket or not', () => {
    assert.deepEqual(planUpload(1, undefined), { method: 'direct' });
    assert.deepEqual(planUpload(DIRECT_UPLOAD_LIMIT_BYTES, 'my-bucket'), { method: 'direct' });
  });

  it('goes through S3 above 50 MB when a deployment bucket is set', () => {
    assert.deepEqual(planUpload(DIRECT_UPLOAD_LIMIT_BYTES + 1, ' my-bucket '), { method: 's3', bucket: 'my-bucket' });
  });

  it('above 50 MB without a bucket, stops naming the limit and the setting', () => {
    for (const bucket of [undefined, '', '   ']) {
      const error = releaseError(() => planUpload(60 * MB, bucket));
      assert.equal(error.kind, 'limit');
      assert.match(error.message, /60\.0 MB.*at most 50\.0 MB/);
      assert.match(error.hint ?? '', /lambdaRelease\.deploymentBucket/);
    }
  });
});
