#!/usr/bin/env node
/**
 * Builds the extension into a throw-away folder (never the shared dist/): the manifest, media and
 * docs are copied, `src` is linked, and the project's own esbuild.mjs runs there, so the bundles
 * are exactly what `npm run package` ships.
 *
 * API: const staged = await stageExtension({ production: true }); staged.dir, staged.dist, await staged.cleanup()
 * CLI: node bench/support/stage.mjs [--production] → prints the folder (the caller removes it)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const COPIED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media'];

/** @param {{ production?: boolean }} options */
export async function stageExtension(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lrm-stage-'));
  const cleanup = async () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const name of COPIED) if (existsSync(join(repoRoot, name))) cpSync(join(repoRoot, name), join(dir, name), { recursive: true });
    // esbuild follows the link to the real sources, so imports resolve against the repo's node_modules.
    symlinkSync(join(repoRoot, 'src'), join(dir, 'src'), 'dir');
    const args = [join(repoRoot, 'esbuild.mjs'), ...(options.production ? ['--production'] : [])];
    const built = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    unlinkSync(join(dir, 'src'));
    if (built.status !== 0) throw new Error(`esbuild.mjs failed:\n${built.stdout}${built.stderr}`);
    return { dir, dist: join(dir, 'dist'), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const staged = await stageExtension({ production: process.argv.includes('--production') });
  console.log(staged.dir);
}
