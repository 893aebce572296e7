import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toReleaseError } from './errors';
import type { CallOptions, Target } from './types';

/** Uploads a package too large for a direct UpdateFunctionCode (over 50 MB) to the deployment bucket. */
export async function uploadPackage(
  client: Pick<S3Client, 'send'>,
  target: Target,
  upload: { bucket: string; key: string; body: Uint8Array; sha256: string },
  options: CallOptions = {},
): Promise<void> {
  try {
    await client.send(
      new PutObjectCommand({ Bucket: upload.bucket, Key: upload.key, Body: upload.body, ChecksumSHA256: upload.sha256, ContentType: 'application/zip' }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    throw toReleaseError(error, { action: `upload the package to s3://${upload.bucket}/${upload.key}`, profile: target.profile, region: target.region });
  }
}
