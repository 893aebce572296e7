#!/usr/bin/env node
/**
 * Runs every benchmark in turn (one at a time: they compare timings, so they must not compete
 * for the CPU) and ends with each one's figure line. Each script prints its figure last.
 *
 *   npm run bench [-- --only listing,release] [-- --skip hostActivation]
 * Sizes come from each script's defaults or its environment variables (e.g. LISTING_BENCH_FUNCTIONS,
 * ZIP_BENCH_MEGABYTES, LOG_BENCH_EVENTS, RELEASE_BENCH_ROUNDS, ACTIVATION_BENCH_RUNS, INVOKE_BENCH_ROUNDS, INVOKE_BENCH_RELEASES, PACKAGING_MEMORY_BENCH_SIZES,
 * FILTER_BENCH_FUNCTIONS, ENDPOINT_BENCH_FUNCTIONS, ENDPOINT_BENCH_UPLOADS).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ts = (file) => [process.execPath, '--import', 'tsx', join('bench', file)];
const mjs = (file) => [process.execPath, join('bench', file)];

const BENCHMARKS = [
  { name: 'size', command: mjs('size.mjs') },
  { name: 'activation', command: ts('activation.ts') },
  { name: 'listing', command: ts('listing.ts') },
  { name: 'release', command: ts('release.ts') },
  { name: 'changedFunctions', command: ts('changedFunctions.ts') },
  { name: 'zip', command: ts('zip.ts') },
  { name: 'packagingMemory', command: ts('packagingMemory.ts') },
  { name: 'logTail', command: ts('logTail.ts') },
  { name: 'rolloutAbort', command: ts('rolloutAbort.ts') },
  { name: 'invoke', command: ts('invoke.ts') },
  { name: 'versionFacts', command: ts('versionFacts.ts') },
  { name: 'filterRequests', command: ts('filterRequests.ts') },
  { name: 'workspaceEndpoint', command: ts('workspaceEndpoint.ts') },
  {
    name: 'hostActivation',
    command: mjs('hostActivation.mjs'),
    skipReason: () => (existsSync(join(root, '.vscode-host', 'node_modules', 'code-server')) ? undefined : 'no VS Code host: run scripts/vscode-host/setup.sh'),
  },
];

function listArg(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? new Set(process.argv[index + 1].split(',')) : undefined;
}

function run(command) {
  return new Promise((resolvePromise) => {
    // NODE_NO_WARNINGS: the SDK's Node-version notice would otherwise interleave with the figures.
    const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = chunk.toString().split('\n').filter((line) => line.trim());
      if (lines.length) last = lines.at(-1);
    });
    child.on('exit', (code) => resolvePromise({ code: code ?? 1, last }));
  });
}

const only = listArg('only');
const skip = listArg('skip') ?? new Set();
const results = [];
for (const bench of BENCHMARKS) {
  if ((only && !only.has(bench.name)) || skip.has(bench.name)) continue;
  const reason = bench.skipReason?.();
  if (reason) {
    results.push({ name: bench.name, line: `skipped: ${reason}`, code: 0 });
    continue;
  }
  console.log(`\n=== ${bench.name}: ${bench.command.slice(1).join(' ')}`);
  const started = Date.now();
  const { code, last } = await run(bench.command);
  results.push({ name: bench.name, line: code === 0 ? last : `FAILED (exit ${code})`, code, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== figures');
for (const r of results) console.log(`${r.name.padEnd(15)} ${r.line}${r.seconds ? `  [${r.seconds.toFixed(0)} s]` : ''}`);
if (results.some((r) => r.code !== 0)) process.exitCode = 1;
