import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReleaseError } from '../release/errors';
import { toReleaseError } from './errors';
import type { CallOptions, Target } from './types';

/**
 * Uploads a package too large for a direct UpdateFunctionCode (over 50 MB) to the deployment bucket.
 * `lambdaRelease.deploymentBucket` may come from a cloned repository's settings, so every S3 call
 * carries ExpectedBucketOwner = the caller's own account: S3 refuses (403) a bucket owned by anyone
 * else before it stores a byte, and the code never lands in someone else's bucket.
 */
export async function uploadPackage(
  client: Pick<S3Client, 'send'>,
  target: Target,
  upload: { bucket: string; key: string; body: Uint8Array; sha256: string; expectedBucketOwner: string },
  options: CallOptions = {},
): Promise<void> {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        Body: upload.body,
        ChecksumSHA256: upload.sha256,
        ContentType: 'application/zip',
        ExpectedBucketOwner: upload.expectedBucketOwner,
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    if (isAccessDenied(error)) {
      throw new ReleaseError(
        'validation',
        `S3 refused the upload to bucket ${upload.bucket}: bucket not owned by your account ${upload.expectedBucketOwner} (profile ${target.profile}, ${target.region}), or no permission to write there. Nothing was uploaded.`,
        { hint: 'Set lambdaRelease.deploymentBucket to a bucket of your own account in the function’s region.', cause: error },
      );
    }
    throw toReleaseError(error, { action: `upload the package to s3://${upload.bucket}/${upload.key}`, profile: target.profile, region: target.region });
  }
}

/** S3's answer to a wrong ExpectedBucketOwner (and to a missing permission): 403 AccessDenied. */
function isAccessDenied(error: unknown): boolean {
  const e = (error ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e.$metadata?.httpStatusCode === 403 || e.name === 'AccessDenied' || e.Code === 'AccessDenied';
}
