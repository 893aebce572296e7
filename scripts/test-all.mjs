// `npm test`: every layer in order (static checks, unit, integration against moto_server, e2e in a
// real VS Code host), then one line summing them: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOOR_HOST, HOSTS } from './vscode-host/hosts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-output');
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`; `e2e` runs every e2e@<version> layer
const selected = (name) => !only.length || only.includes(name) || only.includes(name.split('@')[0]);

const totals = { passed: 0, failed: 0 };
const lines = [];

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return { status: result.status ?? 1, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

/** A check without its own test count (type-check, lint): one pass or one failure. */
function check(name, command, args) {
  if (!selected(name)) return;
  console.log(`\n=== ${name} ===`);
  const { status, seconds } = run(command, args);
  record(name, status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }, seconds);
}

/** A test layer: counts come from the stats file its runner writes. */
function layer(name, command, args, statsFile) {
  if (!selected(name)) return;
  console.log(`\n=== ${name} ===`);
  rmSync(statsFile, { force: true });
  const { status, seconds } = run(command, args, { MOCHA_STATS_FILE: statsFile });
  let stats = { passed: 0, failed: 0 };
  if (existsSync(statsFile)) stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  // A runner that crashed before reporting (or reported no failures but exited non-zero) is a failure.
  if (status !== 0 && stats.failed === 0) stats = { ...stats, failed: stats.failed + 1 };
  if (!existsSync(statsFile) && status === 0) stats = { passed: 0, failed: 1 };
  record(name, stats, seconds);
}

function record(name, stats, seconds) {
  totals.passed += stats.passed;
  totals.failed += stats.failed;
  lines.push(`${name.padEnd(13)} ${String(stats.passed).padStart(4)} passed, ${String(stats.failed).padStart(3)} failed  (${seconds} s)`);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const mochaReporter = ['--reporter', join(root, 'scripts/mocha-stats-reporter.cjs')];

check('typecheck', npx, ['tsc', '--noEmit', '-p', '.']);
check('lint', npx, ['eslint', '.']);
check('build', 'node', ['esbuild.mjs']);
layer('unit', npx, ['mocha', '--config', 'test/unit/.mocharc.json', ...mochaReporter], join(outDir, 'unit.json'));
layer('integration', npx, ['mocha', '--config', 'test/integration/.mocharc.json', ...mochaReporter], join(outDir, 'integration.json'));
// The e2e suite once per VS Code host (the manifest's floor and the current release), one layer each.
for (const host of HOSTS) {
  const results = join(outDir, host === FLOOR_HOST ? 'e2e' : `e2e@${host.version}`, 'results.json');
  layer(`e2e@${host.version}`, 'node', ['scripts/run-e2e.mjs', '--host', host.version], results);
}

console.log('\n=== summary ===');
for (const line of lines) console.log(line);
const summary = `${totals.passed} passed, ${totals.failed} failed`;
writeFileSync(join(outDir, 'summary.txt'), `${lines.join('\n')}\n${summary}\n`);
console.log(summary);
process.exitCode = totals.failed > 0 ? 1 : 0;
