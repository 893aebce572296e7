// `npm run test:e2e`: the extension in a real VS Code extension host, then UI steps with screenshots.
//
// 1. bundles the extension (`node esbuild.mjs`), the in-host suite (test/e2e/suite: index.ts and
//    each *.test.ts on its own, `vscode` external) into out/test/e2e/suite/, and the UI steps
//    (test/e2e/ui/index.ts) into out/test/e2e/ui/;
// 2. starts moto_server (test/support/moto.ts); test/e2e/fixtures/environment.ts seeds it with the
//    shared sample, writes AWS config/credentials files whose profiles point at it and a fresh copy
//    of the fixture workspace (test-output/e2e/workspace) bound to the sample's orders-api; the
//    host gets only those AWS files (every other AWS_* variable is removed, so nothing can reach
//    a real AWS account);
// 3. calls @vscode/test-electron's runTests. VS Code cannot be downloaded on these machines, so by
//    default `vscodeExecutablePath` is scripts/vscode-host/code-test-host.mjs, which runs the suite
//    in VS Code 1.100.3's server built by scripts/vscode-host/setup.sh (run here when needed) and
//    then the UI steps. To use a real desktop VS Code instead: VSCODE_EXECUTABLE=/path/to/code
//    runs that binary; VSCODE_E2E_DOWNLOAD=1 lets test-electron download one. Either way the UI
//    steps (a feature of the wrapper) are skipped;
// 4. writes test-output/e2e/results.json: { passed, failed, pending, suite, ui } for scripts/test-all.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOOR_HOST, hostByVersion } from './vscode-host/hosts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--host 1.139.1`: which VS Code (scripts/vscode-host/hosts.mjs); the floor host by default. Its
// results go to test-output/e2e (floor) or test-output/e2e@<version>.
const hostArg = process.argv.indexOf('--host');
const host = hostArg >= 0 ? hostByVersion(process.argv[hostArg + 1]) : FLOOR_HOST;
const outDir = join(root, 'test-output', host === FLOOR_HOST ? 'e2e' : `e2e@${host.version}`);
const suiteOut = join(root, 'out', 'test', 'e2e', 'suite');
const uiOut = join(root, 'out', 'test', 'e2e', 'ui');
const workspaceTemplate = join(root, 'test', 'e2e', 'fixtures', 'workspace');
const wrapper = join(root, 'scripts', 'vscode-host', 'code-test-host.mjs');
const started = Date.now();

const realVsCode = process.env.VSCODE_EXECUTABLE || process.env.VSCODE_E2E_DOWNLOAD === '1';
const files = {
  results: join(outDir, 'results.json'),
  suite: join(outDir, 'suite-results.json'),
  ui: join(outDir, 'ui-results.json'),
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

let moto;
let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[run-e2e] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await moto?.stop().catch(() => undefined);
  exitCode = writeResults(exitCode);
  console.log(`[run-e2e] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(exitCode);

async function main() {
  step('bundling the extension', () => run('node', ['esbuild.mjs']));
  await step('bundling the e2e suite and UI steps', bundleTests);
  if (!realVsCode) step(`VS Code host ${host.version}`, () => run('bash', [join(root, 'scripts', 'vscode-host', 'setup.sh'), host.version]));

  const { tsImport } = await import('tsx/esm/api');
  const { startMoto } = await tsImport('../test/support/moto.ts', import.meta.url);
  const { prepareE2eEnvironment } = await tsImport('../test/e2e/fixtures/environment.ts', import.meta.url);
  moto = await startMoto();
  const prepared = await step('seeding moto and writing the AWS config and workspace', () => prepareE2eEnvironment(moto.endpoint, outDir, workspaceTemplate));
  console.log(`[run-e2e] moto_server ${moto.endpoint} (pid ${moto.pid}); workspace ${relative(root, prepared.workspace)} bound to ${prepared.target.name}`);

  const { runTests } = await import('@vscode/test-electron');
  const extensionTestsEnv = {
    ...withoutAwsVariables(),
    ...prepared.env,
    LAMBDA_RELEASE_E2E_RESULTS_FILE: files.suite,
    VSCODE_HOST_UI_TESTS: join(uiOut, 'index.js'),
    VSCODE_HOST_UI_RESULTS: files.ui,
    VSCODE_HOST_SCREENSHOT_DIR: join(outDir, 'screenshots'),
    VSCODE_HOST_LOG_DIR: join(outDir, 'logs'),
    VSCODE_HOST_DIR: join(root, host.dir),
    ...(host.node ? { VSCODE_HOST_NODE: join(root, host.node) } : {}),
    ...(host.smokeDriver ? { VSCODE_HOST_SMOKE_DRIVER: '1' } : {}),
    // moto's port would otherwise raise "Your application running on port … is available" toasts.
    VSCODE_HOST_USER_SETTINGS: JSON.stringify({ 'remote.autoForwardPorts': false }),
  };
  try {
    return await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
      ...(realVsCode ? {} : { vscodeExecutablePath: wrapper }),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(suiteOut, 'index'),
      launchArgs: [prepared.workspace],
      extensionTestsEnv,
    });
  } catch (error) {
    // TestRunFailedError: the failures were printed by the host; keep its code.
    return typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
  }
}

async function bundleTests() {
  const esbuild = await import('esbuild');
  rmSync(join(root, 'out', 'test', 'e2e'), { recursive: true, force: true });
  const suiteDir = join(root, 'test', 'e2e', 'suite');
  const testFiles = readdirSync(suiteDir, { recursive: true })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(suiteDir, name));
  const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'inline', logLevel: 'warning', mainFields: ['module', 'main'] };
  await esbuild.build({ ...common, entryPoints: [join(suiteDir, 'index.ts'), ...testFiles], outbase: suiteDir, outdir: suiteOut, external: ['vscode'] });
  await esbuild.build({ ...common, entryPoints: [join(root, 'test', 'e2e', 'ui', 'index.ts')], outdir: uiOut, external: ['playwright-core'] });
  console.log(`[run-e2e] ${testFiles.length} in-host test file(s): ${testFiles.map((f) => relative(root, f)).join(', ')}`);
}

/** Every AWS_* variable of this shell, unset for the host (test-electron merges the env; undefined drops a key). */
function withoutAwsVariables() {
  return Object.fromEntries(Object.keys(process.env).filter((key) => key.startsWith('AWS_')).map((key) => [key, undefined]));
}

function writeResults(code) {
  const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  const suite = read(files.suite);
  const ui = read(files.ui);
  const results = {
    passed: (suite?.passed ?? 0) + (ui?.passed ?? 0),
    failed: (suite?.failed ?? 0) + (ui?.failed ?? 0),
    pending: suite?.pending ?? 0,
    suite,
    ui: ui ?? (realVsCode ? 'skipped: UI steps need scripts/vscode-host/code-test-host.mjs' : undefined),
  };
  // A host that failed without reporting counts (crash, time-out, build error) is one failure.
  if (code !== 0 && results.failed === 0) results.failed = 1;
  if (!suite && code === 0) {
    results.failed += 1;
    code = 1;
  }
  writeFileSync(files.results, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`[run-e2e] ${results.passed} passed, ${results.failed} failed (e2e on VS Code ${host.version}: extension host suite + UI steps) → ${relative(root, files.results)}`);
  return code;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function step(what, fn) {
  const t0 = Date.now();
  const done = () => console.log(`[run-e2e] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const value = fn();
  if (value instanceof Promise) return value.then((v) => (done(), v));
  done();
  return value;
}
