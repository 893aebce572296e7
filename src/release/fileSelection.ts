/**
 * Chooses which files of a source folder go into a deployment zip.
 *
 * Order of the rules:
 *  1. Built-in excludes that nothing in the workspace can undo (`.git/`, `.vscode/`, OS junk…).
 *  2. Built-in secret excludes (`.env*`, keys, `.aws/`): only the caller's explicit
 *     `reincludeSecrets` patterns bring one back, never a `.lambdaignore` negation, because a file
 *     checked into the repository must not be able to smuggle secrets into a deploy.
 *  3. `.lambdaignore` (gitignore syntax, `!` negation included) plus patterns from a setting.
 *
 * Symlinks: a link whose target lies outside the folder is refused (it would ship files the user
 * never saw in the workspace); a link inside is followed and stored as the regular file it points
 * to, the way `zip -r` does by default, because Lambda runtimes only need the bytes. A directory
 * link that loops back onto its own path is refused. Every rule is applied to the link's own path
 * AND to its target's real path (and, through a linked directory, to each file's real path): a
 * harmless name like `app/settings.txt -> ../.env` must not carry a secret or `.git/` past the rules.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ReleaseError, throwIfAborted } from './errors';
import { checkNameCharacters, findNameCollisions, type NameCollision } from './nameChecks';

export const IGNORE_FILE_NAME = '.lambdaignore';

/** Never deployed; directories end with `/`. */
export const ALWAYS_EXCLUDED: readonly string[] = [
  '.git/',
  '.hg/',
  '.svn/',
  '.vscode/',
  'node_modules/.cache/',
  // Saved test events and smoke expectations (issue 10): workspace data, never function code.
  '.lambda/events/',
  '.DS_Store',
  '._*',
  'Thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  IGNORE_FILE_NAME,
];

/** Secrets: left out unless the caller explicitly re-includes them. */
export const SECRET_EXCLUDED: readonly string[] = [
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.aws/',
];

export interface SelectedFile {
  /** Path inside the folder, `/`-separated: the zip entry name. */
  relativePath: string;
  absolutePath: string;
  size: number;
  /** Any execute bit set: the zip stores 0755 instead of 0644. */
  executable: boolean;
}

export interface SuspectedSecret {
  relativePath: string;
  reason: string;
}

export interface FileSelection {
  root: string;
  /** Sorted by relativePath. */
  files: SelectedFile[];
  totalSize: number;
  /** Selected files that look like secrets (name or content): warn before deploying. */
  suspectedSecrets: SuspectedSecret[];
  /**
   * Files and folders left out by the secret rules, so the UI can say what was withheld; a link left
   * out because its target is a secret or built-in exclusion appears as `link → target`.
   */
  withheldSecrets: string[];
  /** Sockets, FIFOs and devices: cannot be zipped, skipped. */
  skippedSpecialFiles: string[];
  /** Selected files whose names differ only in case or Unicode normalisation: warn, Lambda keeps both. */
  nameCollisions: NameCollision[];
}

export interface SelectFilesOptions {
  /** Extra gitignore-style patterns, e.g. from the `lambdaRelease.deploy.excludePatterns` setting. */
  extraExcludes?: readonly string[];
  /** Gitignore-style patterns of secret files to deploy anyway (explicit opt-in only). */
  reincludeSecrets?: readonly string[];
  /**
   * Stop (a `limit` error) as soon as more files than this are selected: what can never be zipped
   * is refused without walking, and holding, the rest of a huge tree.
   */
  maxFiles?: number;
  /** Read the head of small files to spot private keys (default true). */
  inspectContents?: boolean;
  signal?: AbortSignal;
}

/** Files up to this size have their head checked for private-key markers; keys are a few KB. */
const INSPECT_MAX_FILE_SIZE = 64 * 1024;
const INSPECT_HEAD_BYTES = 4096;
const PRIVATE_KEY_MARKER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File-|aws_secret_access_key\s*=/;
const SECRET_LOOKING_NAME = /(?:^|\/)(?:\.env(?:\..*)?|[^/]*\.(?:pem|key|p12|pfx)|id_(?:rsa|dsa|ecdsa|ed25519)[^/]*|credentials|\.npmrc|\.pypirc|\.netrc)$/;

export async function selectFiles(sourceFolder: string, options: SelectFilesOptions = {}): Promise<FileSelection> {
  const { signal } = options;
  throwIfAborted(signal);
  const rootReal = realpathOrThrow(sourceFolder);
  if (!statOrThrow(rootReal, sourceFolder).isDirectory()) {
    throw new ReleaseError('validation', `The source folder ${sourceFolder} is not a folder.`);
  }

  const rules = new RuleSet(buildRules(rootReal, options));
  const files: SelectedFile[] = [];
  const suspectedSecrets: SuspectedSecret[] = [];
  const withheldSecrets = new Set<string>();
  const skippedSpecialFiles: string[] = [];
  const inspect = options.inspectContents ?? true;

  /** `relativePath` ends with `/` for folders, as gitignore matching needs. */
  const excluded = (relativePath: string): boolean => {
    const hit = rules.hit(relativePath);
    if (hit === 'secret') withheldSecrets.add(relativePath);
    return hit !== undefined;
  };

  /**
   * Rules applied to the real path a link leads to. A built-in or secret hit is reported as
   * withheld under the link's name: the user sees the link, not the `.env` or `.git/` behind it.
   */
  const targetExcluded = (linkPath: string, realPath: string): boolean => {
    const hit = rules.hit(realPath);
    if (hit === 'builtin' || hit === 'secret') withheldSecrets.add(`${linkPath} → ${realPath}`);
    return hit !== undefined;
  };

  const addFile = (relativePath: string, absolutePath: string, stats: Stats, realRelativePath: string): void => {
    files.push({ relativePath, absolutePath, size: stats.size, executable: (stats.mode & 0o111) !== 0 });
    if (options.maxFiles !== undefined && files.length > options.maxFiles) throw tooManyFiles(options.maxFiles);
    if (SECRET_LOOKING_NAME.test(relativePath)) {
      suspectedSecrets.push({ relativePath, reason: 'its name looks like a secret or key file' });
    } else if (realRelativePath !== relativePath && SECRET_LOOKING_NAME.test(realRelativePath)) {
      // Only reachable when the target's secret rule was explicitly re-included.
      suspectedSecrets.push({ relativePath, reason: `it links to ${realRelativePath}, whose name looks like a secret or key file` });
    } else if (inspect && stats.size > 0 && stats.size <= INSPECT_MAX_FILE_SIZE) {
      if (PRIVATE_KEY_MARKER.test(readHead(absolutePath, relativePath))) {
        suspectedSecrets.push({ relativePath, reason: 'it contains a private key or secret key' });
      }
    }
  };

  /**
   * `realChain`: real paths of the folders on the way here, to refuse symlink loops.
   * `realRelativePath`: where the folder really is, relative to the root; it differs from
   * `relativePath` only inside a linked directory.
   */
  interface Folder {
    absolutePath: string;
    relativePath: string;
    realRelativePath: string;
    realChain: readonly string[];
  }
  const pending: Folder[] = [{ absolutePath: rootReal, relativePath: '', realRelativePath: '', realChain: [rootReal] }];

  const visit = (entry: Dirent, folder: Folder): void => {
    const relativePath = folder.relativePath ? `${folder.relativePath}/${entry.name}` : entry.name;
    const absolutePath = join(folder.absolutePath, entry.name);
    const throughLink = folder.realRelativePath !== folder.relativePath;
    const realRelativePath = throughLink ? (folder.realRelativePath ? `${folder.realRelativePath}/${entry.name}` : entry.name) : relativePath;
    if (entry.isDirectory()) {
      if (excluded(`${relativePath}/`)) return;
      if (throughLink && targetExcluded(`${relativePath}/`, `${realRelativePath}/`)) return;
      checkNameCharacters(relativePath, IGNORE_FILE_NAME);
      const realDir = join(folder.realChain[folder.realChain.length - 1], entry.name);
      pending.push({ absolutePath, relativePath, realRelativePath, realChain: [...folder.realChain, realDir] });
    } else if (entry.isFile()) {
      if (excluded(relativePath)) return;
      if (throughLink && targetExcluded(relativePath, realRelativePath)) return;
      checkNameCharacters(relativePath, IGNORE_FILE_NAME);
      addFile(relativePath, absolutePath, statOrThrow(absolutePath, relativePath), realRelativePath);
    } else if (entry.isSymbolicLink()) {
      // The link's own path first, so an excluded link is never resolved (it may point anywhere).
      if (excluded(relativePath) || excluded(`${relativePath}/`)) return;
      checkNameCharacters(relativePath, IGNORE_FILE_NAME);
      const target = resolveLinkInside(absolutePath, relativePath, rootReal);
      const targetRelativePath = relative(rootReal, target).split(sep).join('/');
      const targetStats = statOrThrow(target, relativePath);
      if (targetStats.isDirectory()) {
        if (folder.realChain.some((ancestor) => isInsideOrEqual(target, ancestor))) {
          throw new ReleaseError('validation', `The symlink ${relativePath} points back to its own parent folder, which would loop forever.`, {
            hint: `Remove the link or add it to ${IGNORE_FILE_NAME}.`,
          });
        }
        if (targetExcluded(`${relativePath}/`, `${targetRelativePath}/`)) return;
        pending.push({ absolutePath, relativePath, realRelativePath: targetRelativePath, realChain: [...folder.realChain, target] });
      } else if (targetStats.isFile()) {
        if (targetExcluded(relativePath, targetRelativePath)) return;
        addFile(relativePath, absolutePath, targetStats, targetRelativePath);
      } else {
        skippedSpecialFiles.push(relativePath);
      }
    } else if (!excluded(relativePath)) {
      skippedSpecialFiles.push(relativePath);
    }
  };

  // Synchronous calls in short slices: measured 5-8x faster than fs/promises on 20k files (each
  // async call pays a thread-pool round trip), while yielding keeps the host responsive.
  let sliceStart = Date.now();
  while (pending.length > 0) {
    const folder = pending.pop() as Folder;
    for (const entry of readDirectory(folder.absolutePath, folder.relativePath)) visit(entry, folder);
    if (Date.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      throwIfAborted(signal);
      sliceStart = Date.now();
    }
  }
  throwIfAborted(signal);

  files.sort((a, b) => compareNames(a.relativePath, b.relativePath));
  suspectedSecrets.sort((a, b) => compareNames(a.relativePath, b.relativePath));
  skippedSpecialFiles.sort(compareNames);
  const totalSize = files.reduce((sum, file) => sum + file.size, 0);
  return {
    root: rootReal,
    files,
    totalSize,
    suspectedSecrets,
    withheldSecrets: [...withheldSecrets].sort(compareNames),
    skippedSpecialFiles,
    nameCollisions: findNameCollisions(files.map((file) => file.relativePath)),
  };
}

const SLICE_MS = 10;

function tooManyFiles(maxFiles: number): ReleaseError {
  return new ReleaseError('limit', `The source folder holds more than ${maxFiles.toLocaleString('en-US')} files to deploy; a deployment zip holds at most ${maxFiles.toLocaleString('en-US')}.`, {
    hint: `Exclude files with ${IGNORE_FILE_NAME} (tests, docs, dev dependencies) or move dependencies into a layer.`,
  });
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Code-unit order: stable on every platform and locale, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Rules {
  always: Ignore;
  secret: Ignore;
  reinclude: Ignore;
  user: Ignore;
}

/**
 * The rules, asked which one leaves a path out. `ignore` caches the answer for every path it is
 * asked about (and its parent folders) for the life of the instance: four instances over 100,000
 * files held ~40 MB of answers that are never asked again. So the instances are renewed every
 * RULE_CACHE_PATHS questions, sharing the compiled rules of the originals (`add(instance)`):
 * answers stay the same, and a renewed cache soon holds the folders being walked again.
 */
export class RuleSet {
  private current: Rules;
  private asked = 0;

  constructor(private readonly compiled: Rules) {
    this.current = compiled;
  }

  /** Which rule leaves `relativePath` out (`ignore` also checks its parent folders), if any. */
  hit(relativePath: string): 'builtin' | 'secret' | 'user' | undefined {
    if (++this.asked > RULE_CACHE_PATHS) {
      this.asked = 1;
      const { always, secret, reinclude, user } = this.compiled;
      this.current = { always: ignore().add(always), secret: ignore().add(secret), reinclude: ignore().add(reinclude), user: ignore().add(user) };
    }
    const rules = this.current;
    if (rules.always.ignores(relativePath)) return 'builtin';
    if (rules.secret.ignores(relativePath) && !rules.reinclude.ignores(relativePath)) return 'secret';
    return rules.user.ignores(relativePath) ? 'user' : undefined;
  }
}

const RULE_CACHE_PATHS = 4096;

function buildRules(rootReal: string, options: SelectFilesOptions): Rules {
  const user = ignore();
  const ignoreFileText = readIgnoreFile(join(rootReal, IGNORE_FILE_NAME));
  if (ignoreFileText !== undefined) user.add(checkedPatterns(ignoreFileText.split(/\r?\n/), IGNORE_FILE_NAME));
  user.add(checkedPatterns(options.extraExcludes ?? [], 'the exclude-patterns setting'));
  return {
    always: ignore().add([...ALWAYS_EXCLUDED]),
    secret: ignore().add([...SECRET_EXCLUDED]),
    reinclude: ignore().add(checkedPatterns(options.reincludeSecrets ?? [], 'the secret re-include list')),
    user,
  };
}

/**
 * The `ignore` package silently drops or mis-reads malformed lines, so a typo would quietly deploy
 * (or leave out) files. Refuse the lines git itself would never match, naming the line.
 */
export function checkedPatterns(lines: readonly string[], source: string): string[] {
  const patterns: string[] = [];
  lines.forEach((line, index) => {
    const problem = patternProblem(line);
    if (problem) {
      throw new ReleaseError('validation', `Invalid pattern in ${source}, line ${index + 1}: "${line}" (${problem}).`, {
        hint: 'Patterns use gitignore syntax: https://git-scm.com/docs/gitignore#_pattern_format',
      });
    }
    patterns.push(line);
  });
  return patterns;
}

function patternProblem(line: string): string | undefined {
  const trimmed = line.replace(/(?<!\\)\s+$/, '');
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const body = trimmed.startsWith('!') ? trimmed.slice(1) : trimmed;
  if (body === '' || body === '/') return 'a negation needs a pattern after "!"';
  if (/(^|\/)\.\.(\/|$)/.test(body)) return 'patterns cannot reach outside the folder with ".."';
  let inClass = false;
  let classStart = -1;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') {
      if (i === body.length - 1) return 'it ends with a lone backslash';
      i++;
    } else if (!inClass && char === '[') {
      inClass = true;
      classStart = i;
      if (body[i + 1] === '!' || body[i + 1] === '^') i++;
      if (body[i + 1] === ']') i++; // a leading `]` is a literal member
    } else if (inClass && char === ']') {
      inClass = false;
    } else if (inClass && char === '-' && body[i - 1] !== '[' && body[i + 1] !== ']' && i - 1 > classStart) {
      const from = body[i - 1];
      const to = body[i + 1];
      if (to !== undefined && from > to) return `the range ${from}-${to} is reversed`;
    }
  }
  if (inClass) return 'a "[" character class is never closed';
  return undefined;
}

function readIgnoreFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fileError(error, IGNORE_FILE_NAME);
  }
}

function readDirectory(absoluteDir: string, relativeDir: string): Dirent[] {
  try {
    return readdirSync(absoluteDir, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, relativeDir || '.');
  }
}

function statOrThrow(path: string, relativePath: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw fileError(error, relativePath);
  }
}

function realpathOrThrow(path: string): string {
  try {
    return realpathSync.native(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new ReleaseError('validation', `The source folder ${path} does not exist.`, { cause: error });
    throw fileError(error, path);
  }
}

function resolveLinkInside(absolutePath: string, relativePath: string, rootReal: string): string {
  let target: string;
  try {
    target = realpathSync.native(absolutePath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ELOOP') {
      throw new ReleaseError('validation', `The symlink ${relativePath} is broken (its target does not exist).`, {
        cause: error,
        hint: `Remove it or add it to ${IGNORE_FILE_NAME}.`,
      });
    }
    throw fileError(error, relativePath);
  }
  if (!isInsideOrEqual(rootReal, target)) {
    throw new ReleaseError('validation', `The symlink ${relativePath} points outside the source folder (to ${target}); it is not deployed that way.`, {
      hint: `Copy the target into the folder, or add ${relativePath} to ${IGNORE_FILE_NAME}.`,
    });
  }
  return target;
}

/** One buffer for every head read (they are synchronous): a fresh 4 KB block per file was garbage V8 collected late. */
const headBuffer = Buffer.allocUnsafeSlow(INSPECT_HEAD_BYTES);

function readHead(absolutePath: string, relativePath: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, 'r');
    const buffer = headBuffer;
    const bytesRead = readSync(fd, buffer, 0, INSPECT_HEAD_BYTES, 0);
    return buffer.toString('latin1', 0, bytesRead);
  } catch (error) {
    throw fileError(error, relativePath);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isInsideOrEqual(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/** A file-system failure as a message that names the file and says what to do. */
export function fileError(error: unknown, relativePath: string): ReleaseError {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') {
    return new ReleaseError('validation', `Cannot read ${relativePath}: permission denied.`, {
      cause: error,
      hint: `Make it readable (chmod) or add it to ${IGNORE_FILE_NAME}.`,
    });
  }
  if (code === 'ENOENT') {
    return new ReleaseError('validation', `${relativePath} disappeared while the workspace was being read.`, { cause: error, hint: 'Try again.' });
  }
  return new ReleaseError('validation', `Cannot read ${relativePath}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
