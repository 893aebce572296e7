/**
 * Runs a piece of the project's code in a child process as the unprivileged user `nobody`: the
 * only way to show a real permission error when the tests run as root (root reads any file).
 *
 * `nobody` may not be able to enter the repository at all (a clone in a 0700 home or `mktemp -d`
 * folder), so the child must not load anything from it. The script is bundled by esbuild, with
 * every module it imports, into ONE self-contained file in a fresh temp folder (0755, file 0644)
 * and run by plain Node: the child needs only the Node binary and that file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export const NOBODY = 65534;

export interface BundledScript {
  /** The bundle's path (in its own 0755 folder, outside the repository). */
  file: string;
  /** The bundle's code: node built-ins are its only imports. */
  code: string;
  remove(): void;
}

/**
 * Bundles `source` (TypeScript; relative imports resolve from `resolveDir`) into a self-contained
 * CommonJS file that any user can read.
 */
export function bundleForAnyUser(source: string, resolveDir: string): BundledScript {
  const dir = mkdtempSync(join(tmpdir(), 'as-nobody-'));
  const file = join(dir, 'script.cjs');
  const result = buildSync({
    stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'as-nobody-script.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  writeFileSync(file, code, { mode: 0o644 });
  chmodSync(dir, 0o755);
  return { file, code, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `source` as `nobody` with `args` (in `process.argv.slice(2)`), from a folder `nobody` can
 * enter, and returns its stdout. The bundle is removed afterwards.
 */
export function runAsNobody(source: string, resolveDir: string, args: readonly string[]): string {
  const script = bundleForAnyUser(source, resolveDir);
  try {
    return execFileSync(process.execPath, [script.file, ...args], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), HOME: tmpdir() },
      encoding: 'utf8',
    });
  } finally {
    script.remove();
  }
}
