#!/usr/bin/env node
/**
 * Bundle and VSIX size: builds the production bundles into a throw-away folder (the project's
 * esbuild.mjs --production, see support/stage.mjs) and packages them with vsce exactly as
 * `npm run package` does. Goal: VSIX ≤ 2 MB. Prints the figure last, on one line.
 *
 *   node bench/size.mjs [--keep]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot, stageExtension } from './support/stage.mjs';

const GOAL_BYTES = 2 * 1024 * 1024;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const staged = await stageExtension({ production: true });
try {
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${new Date().toISOString()}`);
  const bundles = ['extension.js', 'aws.js', 'packaging.js'].map((name) => {
    const bytes = statSync(join(staged.dist, name)).size;
    const gzip = gzipSync(readFileSync(join(staged.dist, name))).length;
    console.log(`dist/${name}: ${bytes} bytes (${kib(bytes)}; gzip ${kib(gzip)})`);
    return { name, bytes };
  });
  const vsix = join(staged.dir, 'bench.vsix');
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const packaged = spawnSync(vsce, ['package', '--no-dependencies', '--out', vsix], { cwd: staged.dir, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`vsce package failed:\n${packaged.stdout}${packaged.stderr}`);
  const vsixBytes = statSync(vsix).size;
  const listed = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: staged.dir, encoding: 'utf8' });
  if (listed.status === 0) console.log(`vsix contents: ${listed.stdout.trim().split('\n').join(', ')}`);
  const [extension, aws, packaging] = bundles;
  console.log(
    `size: VSIX ${vsixBytes} bytes (${kib(vsixBytes)}) vs goal ${GOAL_BYTES} bytes (2 MiB) = ${(vsixBytes / GOAL_BYTES * 100).toFixed(1)}% of the budget, ` +
      `ratio (goal / VSIX) ${(GOAL_BYTES / vsixBytes).toFixed(2)}x; bundles extension.js ${extension.bytes} + aws.js ${aws.bytes} + packaging.js ${packaging.bytes} bytes (production)` +
      (vsixBytes <= GOAL_BYTES ? '' : ' — GOAL MISSED'),
  );
  if (vsixBytes > GOAL_BYTES) process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${staged.dir}`);
  else await staged.cleanup();
}
