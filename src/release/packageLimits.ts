/**
 * Lambda's deployment-package limits as pure decisions: what to do with a package of a given size.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
import { ReleaseError } from './errors';
import { qualified, SettingKeys } from '../settingKeys';

/** Largest zip UpdateFunctionCode accepts inline (ZipFile): 50 MB. */
export const DIRECT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
/** Largest unzipped function code, layers included: 250 MB. */
export const UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024;

export type UploadPlan = { method: 'direct' } | { method: 's3'; bucket: string };

/** Before zipping: refuse what can never deploy, without spending time on the zip. */
export function checkSelection(fileCount: number, unzippedBytes: number): void {
  if (fileCount === 0) {
    throw new ReleaseError('validation', 'Nothing to deploy: every file in the source folder is excluded.', {
      hint: `Check the source folder, .lambdaignore and the ${qualified(SettingKeys.excludePatterns)} setting.`,
    });
  }
  if (unzippedBytes > UNZIPPED_LIMIT_BYTES) {
    throw new ReleaseError(
      'limit',
      `The package is ${formatMegabytes(unzippedBytes)} unzipped; Lambda allows at most ${formatMegabytes(UNZIPPED_LIMIT_BYTES)} unzipped.`,
      { hint: 'Exclude files with .lambdaignore (tests, docs, dev dependencies) or move large dependencies into a layer or a container image.' },
    );
  }
}

/** After zipping: upload inline when small enough, else through the deployment bucket if one is set. */
export function planUpload(zippedBytes: number, deploymentBucket: string | undefined): UploadPlan {
  if (zippedBytes <= DIRECT_UPLOAD_LIMIT_BYTES) return { method: 'direct' };
  const bucket = deploymentBucket?.trim();
  if (bucket) return { method: 's3', bucket };
  throw new ReleaseError(
    'limit',
    `The zip is ${formatMegabytes(zippedBytes)}; Lambda accepts at most ${formatMegabytes(DIRECT_UPLOAD_LIMIT_BYTES)} in a direct upload.`,
    { hint: `Set ${qualified(SettingKeys.deploymentBucket)} to an S3 bucket in the function's region to upload larger packages through S3.` },
  );
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
