#!/usr/bin/env node
/**
 * A stand-in for the VS Code executable that `@vscode/test-electron`'s `runTests` launches
 * (`vscodeExecutablePath`). It runs the extension tests in a REAL VS Code extension host: the one
 * of VS Code 1.100.3's server, built into `.vscode-host/` by `scripts/vscode-host/setup.sh`,
 * with the workbench opened in headless Chromium. (Desktop VS Code cannot be downloaded on these
 * machines; see the project's notes on the VS Code host.)
 *
 * Design, in two phases on ONE server start:
 *  1. In-host suite. The server starts on a free loopback port (`--port 0`, port read from its
 *     output) with fresh temporary data dirs; Chromium opens the workbench with a payload naming
 *     `extensionDevelopmentPath` and `extensionTestsPath`. The workbench runs the suite's `run()`
 *     in the extension host and then calls `window.codeAutomationExit(code)`, which this script
 *     exposes to the page. The extension host's console output (mocha's report) reaches the
 *     page's console, which is forwarded to stdout.
 *  2. UI steps (optional: env VSCODE_HOST_UI_TESTS = a CommonJS module exporting
 *     `uiTests: { name, run(ctx) }[]`). Extension test code cannot drive the workbench's UI, so
 *     once the suite is done a NEW browser context opens the same server with the extension under
 *     development loaded (no tests path) and each step gets `{ page, baseUrl, workspace,
 *     screenshotDir, screenshot(name) }` to click through the view, the palette, and take
 *     screenshots. Steps run in order; a failing one is reported with a screenshot and the next
 *     runs. Results go to env VSCODE_HOST_UI_RESULTS as `{ passed, failed, tests }`.
 * Exit code: the suite's, or 1 when a UI step failed, or 1 on the overall time-out.
 *
 * Environment: the server is started with this process's environment (minus variables that
 * would make it think it runs inside another VS Code), so `runTests({ extensionTestsEnv })`
 * values such as AWS_CONFIG_FILE or LAMBDA_RELEASE_E2E_* reach the extension host.
 * Options (env): VSCODE_HOST_DIR (default <repo>/.vscode-host), VSCODE_HOST_NODE (the Node binary that
 * runs the server; default this script's), VSCODE_HOST_SMOKE_DRIVER=1 (start the server with
 * --enable-smoke-test-driver, which VS Code 1.139 needs to read the payload), VSCODE_HOST_CHROMIUM (default:
 * `chromium` on PATH), VSCODE_HOST_TIMEOUT_MS (default 300000), VSCODE_HOST_LOG_DIR (server log,
 * workbench logs, failure screenshots; default: kept only in the temp dir, which is removed),
 * VSCODE_HOST_SCREENSHOT_DIR (UI steps' screenshots), VSCODE_HOST_USER_SETTINGS (JSON merged into the
 * user settings), VSCODE_HOST_VERBOSE=1 (echo server output and every console message).
 *
 * Arguments (as test-electron passes them): --extensionDevelopmentPath=P (repeatable),
 * --extensionTestsPath=P, an optional folder or *.code-workspace positional; other flags
 * (--no-sandbox, --user-data-dir=…, …) are accepted and ignored: dirs are always fresh.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { QUIET_SETTINGS } from './quietSettings.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const started = Date.now();

const options = parseArgs(process.argv.slice(2));
const hostDir = process.env.VSCODE_HOST_DIR || join(repoRoot, '.vscode-host');
const vscodeDir = join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode');
// The Node that runs the server (and so the extension host): a newer VS Code needs a newer Node
// than this script's (setup-current.sh puts Node 24 beside VS Code 1.139.1).
const serverNode = process.env.VSCODE_HOST_NODE || process.execPath;
const timeoutMs = Number(process.env.VSCODE_HOST_TIMEOUT_MS || 300_000);
const verbose = process.env.VSCODE_HOST_VERBOSE === '1';
const logDir = process.env.VSCODE_HOST_LOG_DIR ? resolve(process.env.VSCODE_HOST_LOG_DIR) : undefined;

/** Everything to undo on exit, newest first. */
const cleanups = [];
let finishing = false;

main().then(finish, (error) => {
  console.error(`[code-test-host] ${error instanceof Error ? error.message : String(error)}`);
  return finish(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => finish(130));

async function main() {
  if (!existsSync(join(vscodeDir, 'out', 'server-main.js'))) {
    throw new Error(`no VS Code host at ${hostDir}: run scripts/vscode-host/setup.sh first`);
  }
  if (!options.testsPath) throw new Error('missing --extensionTestsPath=…');
  if (!options.devPaths.length) throw new Error('missing --extensionDevelopmentPath=…');

  const overall = setTimeout(() => {
    console.error(`[code-test-host] time-out after ${timeoutMs} ms`);
    void finish(1);
  }, timeoutMs);
  overall.unref();

  const temp = mkdtempSync(join(tmpdir(), 'code-test-host-'));
  cleanups.push(() => rmSync(temp, { recursive: true, force: true }));
  if (logDir) mkdirSync(logDir, { recursive: true });

  // VS Code 1.139 (a built workbench) reads the URL's payload (development path, tests path) only
  // with --enable-smoke-test-driver, and with that flag it shows no notification toasts, which the UI
  // steps read and click. So there the suite runs on a server with the flag, and the UI steps on a
  // second one without it that finds the extension linked into its extensions folder (no payload).
  // (In 1.100.3 the flag would make the workbench refuse every modal: one server, no flag.)
  const smokeDriver = process.env.VSCODE_HOST_SMOKE_DRIVER === '1';
  const server = await startServer(join(temp, 'server'), smokeDriver ? ['--enable-smoke-test-driver'] : []);
  log(`server ${server.baseUrl} (pid ${server.pid}) ready in ${Date.now() - started} ms${smokeDriver ? ' (smoke-test driver on, for the suite)' : ''}`);

  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    // Chromium keeps crash reports under XDG dirs even with its own profile dir.
    env: { ...process.env, XDG_CONFIG_HOME: join(temp, 'xdg-config'), XDG_CACHE_HOME: join(temp, 'xdg-cache') },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The page may only reach this machine: any other host name fails to resolve.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  cleanups.push(() => browser.close().catch(() => undefined));

  const suiteCode = await runSuite(browser, server);
  let uiServer = server;
  if (smokeDriver && process.env.VSCODE_HOST_UI_TESTS) {
    await server.stop();
    uiServer = await startServer(join(temp, 'server-ui'), [], options.devPaths);
    log(`server for the UI steps ${uiServer.baseUrl} (pid ${uiServer.pid}), the extension linked into its extensions folder`);
  }
  const uiFailed = await runUiSteps(browser, uiServer, uiServer === server);
  clearTimeout(overall);
  return suiteCode !== 0 ? suiteCode : uiFailed ? 1 : 0;
}

/** Phase 1: the in-host suite; resolves with the code the workbench reports. */
async function runSuite(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  forwardConsole(page, true);
  const exitCode = new Promise((resolveExit) => {
    void page.exposeFunction('codeAutomationExit', async (code, logs) => {
      saveWorkbenchLogs('suite', logs);
      resolveExit(typeof code === 'number' ? code : 1);
    });
  });
  const testsPath = options.testsPath.replace(/\.js$/, '');
  await page.goto(workbenchUrl(server, [
    ...options.devPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]),
    ['extensionTestsPath', server.remoteUri(testsPath)],
  ]));
  const code = await exitCode;
  await consoleQueue;
  log(`extension tests exited with ${code} after ${Date.now() - started} ms`);
  if (code !== 0) await failureScreenshot(page, 'suite');
  await context.close();
  return code;
}

/** Phase 2: UI steps with playwright against a workbench that has the extension loaded. */
/** `withPayload`: load the extension through the URL's payload (else the server has it installed). */
async function runUiSteps(browser, server, withPayload) {
  const modulePath = process.env.VSCODE_HOST_UI_TESTS;
  if (!modulePath) return false;
  const { uiTests } = require(resolve(modulePath));
  if (!Array.isArray(uiTests)) throw new Error(`${modulePath} exports no uiTests array`);
  const screenshotDir = resolve(process.env.VSCODE_HOST_SCREENSHOT_DIR || logDir || join(tmpdir(), 'code-test-host-screenshots'));
  mkdirSync(screenshotDir, { recursive: true });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  forwardConsole(page, verbose);
  await page.goto(workbenchUrl(server, withPayload ? options.devPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]) : undefined));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  const ctx = {
    page,
    baseUrl: server.baseUrl,
    workspace: options.folder,
    screenshotDir,
    async screenshot(name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`    screenshot: ${file}`);
      return file;
    },
  };
  const results = [];
  console.log('\nUI steps (playwright, workbench in Chromium)');
  for (const test of uiTests) {
    const t0 = Date.now();
    try {
      await test.run(ctx);
      results.push({ name: test.name, ok: true, ms: Date.now() - t0 });
      console.log(`  ✔ ${test.name} (${Date.now() - t0} ms)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ name: test.name, ok: false, ms: Date.now() - t0, error: message });
      console.log(`  ✖ ${test.name}\n      ${message.split('\n').join('\n      ')}`);
      await page.screenshot({ path: join(screenshotDir, `failed-${slug(test.name)}.png`) }).catch(() => undefined);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`  ${passed} passing, ${failed} failing (UI steps)`);
  if (process.env.VSCODE_HOST_UI_RESULTS) {
    writeFileSync(process.env.VSCODE_HOST_UI_RESULTS, JSON.stringify({ passed, failed, tests: results }, null, 2));
  }
  await context.close();
  return failed > 0;
}

/** Starts VS Code's server on a free loopback port with fresh dirs; resolves once /version answers. */
/** `installed`: extension folders linked into the server's extensions folder (found without a payload). */
async function startServer(dataDir, extraArgs, installed = []) {
  const env = { ...process.env };
  // Inherited from a VS Code terminal these would make the server talk to that other instance.
  for (const key of Object.keys(env)) {
    if (key === 'ELECTRON_RUN_AS_NODE' || (key.startsWith('VSCODE_') && !key.startsWith('VSCODE_HOST_'))) delete env[key];
  }
  // No extension gallery: it is unreachable here, and nothing should leave the machine.
  env.EXTENSIONS_GALLERY ??= '{}';
  writeUserSettings(join(dataDir, 'data', 'User', 'settings.json'));
  for (const folder of installed) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    mkdirSync(join(dataDir, 'extensions'), { recursive: true });
    symlinkSync(folder, join(dataDir, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  const args = [
    join(vscodeDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1', '--port', '0',
    '--without-connection-token', '--accept-server-license-terms',
    // --enable-smoke-test-driver only when asked (extraArgs): see main().
    ...extraArgs,
    '--disable-telemetry', '--disable-workspace-trust',
    '--server-data-dir', dataDir,
    '--user-data-dir', join(dataDir, 'data'),
    '--extensions-dir', join(dataDir, 'extensions'),
  ];
  // Own process group, so stopping it also stops the extension hosts it forked.
  const child = spawn(serverNode, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const serverLog = createWriteStream(join(logDir ?? dataDir, `${basename(dataDir)}.log`));
  cleanups.push(() => stopProcessGroup(child));

  const port = await new Promise((resolvePort, reject) => {
    let seen = '';
    const onData = (chunk) => {
      serverLog.write(chunk);
      if (verbose) process.stderr.write(chunk);
      seen += chunk.toString();
      const match = /listening on (\d+)/.exec(seen);
      if (match) resolvePort(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`VS Code server exited early (${code}):\n${seen.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`VS Code server printed no port within 60 s:\n${seen.slice(-2000)}`)), 60_000).unref();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${baseUrl}/version`)).ok) break;
    } catch {
      // not yet listening
    }
    if (attempt > 300) throw new Error(`${baseUrl}/version did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const authority = `127.0.0.1:${port}`;
  return {
    pid: child.pid,
    baseUrl,
    stop: () => stopProcessGroup(child),
    remoteUri: (absPath) => `vscode-remote://${authority}${encodeURI(resolve(absPath))}`,
  };
}

/**
 * A quiet, deterministic workbench: no welcome page or walkthrough over the editor area, no
 * update or gallery checks. VSCODE_HOST_USER_SETTINGS (a JSON object) adds or overrides settings.
 */
function writeUserSettings(file) {
  const settings = {
    ...QUIET_SETTINGS,
    ...(process.env.VSCODE_HOST_USER_SETTINGS ? JSON.parse(process.env.VSCODE_HOST_USER_SETTINGS) : {}),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

function workbenchUrl(server, payload) {
  const query = new URLSearchParams();
  if (options.folder) query.set(options.folder.endsWith('.code-workspace') ? 'workspace' : 'folder', resolve(options.folder));
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${query}`;
}

/**
 * The extension host's console (mocha's report) reaches the page console through the workbench's
 * log service, as `['%c INFO', 'color: …', format, ...args]`, like the workbench's own messages.
 * Lines are formatted as Node would (util.format drops the %c CSS), kept in order, and a few
 * known harmless workbench messages of this offline web setup are left out (all with VERBOSE).
 */
const consoleNoise = [
  /^Failed to load resource/,
  /^An iframe which has both allow-scripts and allow-same-origin/,
  /^The web worker extension host is started in a same-origin iframe/,
  /Service ?Worker|service worker controller/,
  /^(Resolving|Resolved) connection token|^Creating a socket/,
  /^Ignoring fetching additional builtin extensions|^Updating additional builtin extensions cache|^ChatSessionStore:|^Overwriting extension <</,
  /Long running operations during shutdown are unsupported in the web/,
];
let consoleQueue = Promise.resolve();

function forwardConsole(page, toStdout) {
  page.on('console', (message) => {
    if (!toStdout) return;
    consoleQueue = consoleQueue.then(async () => {
      const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
      let level = '';
      if (typeof args[0] === 'string' && /^%c\s*(INFO|ERR|WARN|TRACE|DEBUG)$/.test(args[0])) {
        level = args[0].replace('%c', '').trim();
        args.splice(0, 2);
      }
      if (!args.length) return;
      const text = format(...args.map((a) => (a && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 0 ? String(a) : a)));
      if (!verbose && consoleNoise.some((pattern) => pattern.test(text))) return;
      process.stdout.write(`${level && level !== 'INFO' ? `[${level}] ` : ''}${text}\n`);
    });
  });
  page.on('pageerror', (error) => {
    if (verbose) process.stderr.write(`[page error] ${error.message}\n`);
  });
}

function saveWorkbenchLogs(phase, logs) {
  if (!logDir || !Array.isArray(logs)) return;
  for (const entry of logs) {
    if (!entry || typeof entry.relativePath !== 'string') continue;
    const file = join(logDir, `${phase}-workbench`, entry.relativePath.replace(/\.\.+/g, '_'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, String(entry.contents ?? ''));
  }
}

async function failureScreenshot(page, name) {
  if (!logDir) return;
  await page.screenshot({ path: join(logDir, `failed-${name}.png`) }).catch(() => undefined);
}

function parseArgs(argv) {
  const parsed = { devPaths: [], testsPath: undefined, folder: undefined };
  for (const arg of argv) {
    const [flag, ...rest] = arg.split('=');
    const value = rest.join('=');
    if (flag === '--extensionDevelopmentPath') parsed.devPaths.push(resolve(value));
    else if (flag === '--extensionTestsPath') parsed.testsPath = resolve(value);
    else if (!arg.startsWith('-') && !parsed.folder) parsed.folder = resolve(arg);
  }
  return parsed;
}

function findChromium() {
  if (process.env.VSCODE_HOST_CHROMIUM) return process.env.VSCODE_HOST_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // keep looking
      }
    }
  }
  throw new Error('chromium not found on PATH (apt-get install chromium), or set VSCODE_HOST_CHROMIUM');
}

/** SIGTERM to the server's process group, SIGKILL after 3 s if anything is left. */
async function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  kill('SIGTERM');
  const timer = new Promise((r) => setTimeout(r, 3000).unref());
  if ((await Promise.race([exited.then(() => 'exited'), timer])) !== 'exited') kill('SIGKILL');
  // Extension hosts of the group may outlive the server briefly.
  kill('SIGKILL');
}

async function finish(code) {
  if (finishing) return;
  finishing = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch {
      // best effort: keep cleaning
    }
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s, exit code ${code}`);
  process.exit(code);
}

function log(message) {
  console.log(`[code-test-host] ${message}`);
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}
