/**
 * The workspace → deployment package step: select files, check Lambda's limits, build the
 * deterministic zip in memory (direct uploads are at most 50 MB; larger ones go to S3 from it).
 */
import type { BuiltPackage } from './deploy';
import { selectFiles, type FileSelection } from './fileSelection';
import { checkSelection } from './packageLimits';
import { createZip } from './zipPackage';

export interface PackageOptions {
  extraExcludes?: readonly string[];
  /** Secret-looking files to deploy anyway (explicit opt-in, gitignore patterns). */
  includeSecretFiles?: readonly string[];
  signal?: AbortSignal;
}

export interface PackageWithSelection extends BuiltPackage {
  selection: FileSelection;
}

export async function buildPackage(sourceFolder: string, options: PackageOptions = {}): Promise<PackageWithSelection> {
  const selection = await selectFiles(sourceFolder, { extraExcludes: options.extraExcludes, reincludeSecrets: options.includeSecretFiles, signal: options.signal });
  checkSelection(selection.files.length, selection.totalSize);
  const zip = await createZip(selection.files, { signal: options.signal });
  if (!zip.bytes) throw new Error('createZip returned no bytes for an in-memory zip');
  return { zip: zip.bytes, sha256: zip.sha256, fileCount: zip.fileCount, unzippedBytes: zip.unzippedSize, selection };
}
