/**
 * The workspace → deployment package step: select files (of one or several folders merged at the
 * zip root), check Lambda's limits, build the deterministic zip in memory (direct uploads are at
 * most 50 MB; larger ones go to S3 from it).
 */
import { basename } from 'node:path';
import type { BuiltPackage } from './deploy';
import { selectFiles, type FileSelection } from './fileSelection';
import { checkSelection } from './packageLimits';
import { mergeSelections } from './sourceFolders';
import { createZip, MAX_ENTRIES } from './zipPackage';

export interface PackageOptions {
  extraExcludes?: readonly string[];
  /** Secret-looking files to deploy anyway (explicit opt-in, gitignore patterns). */
  includeSecretFiles?: readonly string[];
  signal?: AbortSignal;
}

/** A folder to merge at the zip root, with the name messages use for it. */
export interface SourceFolder {
  path: string;
  label?: string;
}

export interface PackageWithSelection extends BuiltPackage {
  selection: FileSelection;
}

export async function buildPackage(source: string | readonly (string | SourceFolder)[], options: PackageOptions = {}): Promise<PackageWithSelection> {
  const folders = (typeof source === 'string' ? [source] : source).map((f) => (typeof f === 'string' ? { path: f } : f));
  const parts = [];
  for (const folder of folders) {
    const selection = await selectFiles(folder.path, {
      extraExcludes: options.extraExcludes,
      reincludeSecrets: options.includeSecretFiles,
      // What a zip can never hold is refused while walking, not after holding the whole tree.
      maxFiles: MAX_ENTRIES,
      signal: options.signal,
    });
    parts.push({ label: folder.label ?? (basename(folder.path) || folder.path), selection });
  }
  const selection = mergeSelections(parts);
  checkSelection(selection.files.length, selection.totalSize);
  const zip = await createZip(selection.files, { signal: options.signal });
  if (!zip.bytes) throw new Error('createZip returned no bytes for an in-memory zip');
  return { zip: zip.bytes, sha256: zip.sha256, fileCount: zip.fileCount, unzippedBytes: zip.unzippedSize, selection };
}
