#!/usr/bin/env node
/**
 * Activation inside the real VS Code extension host (VS Code 1.100 from code-server, built by
 * scripts/vscode-host/setup.sh): packages the production build as a .vsix, installs it into a
 * fresh code-server (its own free port and temp dirs), opens the workbench in headless Chromium,
 * opens the "Lambda Releases" view (which activates the extension) and reads
 *  - the extension's own log line "Activated in X ms" (activate() only) from its log file under
 *    the server's user-data dir, and
 *  - VS Code's own activation timing (code loading + activate call) from
 *    "Developer: Show Running Extensions" when the web workbench offers it,
 *  - the wall time from the click to the first tree row (profile) shown.
 * Prints the figure last, on one line.
 *
 *   node bench/hostActivation.mjs
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import { launchCodeServer } from '../scripts/vscode-host/launch-code-server.mjs';
import { repoRoot, stageExtension } from './support/stage.mjs';

const require = createRequire(import.meta.url);
const TOOLKIT_PUBLISHED_MS = 1303;
const EXTENSION_ID = 'lambda-release.lambda-release-manager';

function findChromium() {
  if (process.env.VSCODE_HOST_CHROMIUM) return process.env.VSCODE_HOST_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // keep looking
      }
    }
  }
  throw new Error('chromium not found on PATH (apt-get install chromium), or set VSCODE_HOST_CHROMIUM');
}

/** Every file under `dir` whose text matches `pattern`, newest first. */
function grepTree(dir, pattern) {
  const hits = [];
  const walk = (folder) => {
    let entries = [];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.log')) {
        const match = pattern.exec(readFileSync(path, 'utf8'));
        if (match) hits.push({ path, match, mtime: statSync(path).mtimeMs });
      }
    }
  };
  walk(dir);
  return hits.sort((a, b) => b.mtime - a.mtime);
}

async function main() {
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${new Date().toISOString()}`);
  const staged = await stageExtension({ production: true });
  const temp = mkdtempSync(join(tmpdir(), 'host-activation-'));
  let server;
  let browser;
  try {
    const vsix = join(staged.dir, 'bench.vsix');
    const packaged = spawnSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: staged.dir, encoding: 'utf8' });
    if (packaged.status !== 0) throw new Error(`vsce package failed:\n${packaged.stdout}${packaged.stderr}`);

    // One profile, so the view's root shows a row without any network.
    const workspace = join(temp, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(temp, 'config'), '[profile bench]\nregion = us-east-1\n');
    writeFileSync(join(temp, 'credentials'), '[bench]\naws_access_key_id = AKIATESTKEY000000001\naws_secret_access_key = test-secret\n');
    server = await launchCodeServer({
      folder: workspace,
      vsix,
      env: { AWS_CONFIG_FILE: join(temp, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(temp, 'credentials'), AWS_PROFILE: undefined, AWS_REGION: undefined },
    });
    console.log(`code-server ${server.baseUrl} (pid ${server.pid}), extension installed from the production .vsix`);

    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: join(temp, 'xdg-config'), XDG_CACHE_HOME: join(temp, 'xdg-cache') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
    });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const entry = page.locator('.activitybar .action-item a[aria-label^="Lambda Releases"]').first();
    await entry.waitFor({ timeout: 60_000 });
    // Let the workbench settle so the click measures the extension, not the page still loading.
    await page.waitForTimeout(3_000);
    const clicked = Date.now();
    await entry.click();
    const sideBar = page.locator('[id="workbench.view.extension.lambdaRelease"]');
    await sideBar.locator('.monaco-list-row .label-name', { hasText: 'bench' }).first().waitFor({ timeout: 60_000 });
    const firstRowMs = Date.now() - clicked;

    let own;
    for (const deadline = Date.now() + 20_000; !own && Date.now() < deadline; ) {
      own = grepTree(server.userDataDir, /Activated in ([\d.]+) ms[^\n]*/)[0];
      if (!own) await page.waitForTimeout(250);
    }
    if (!own) throw new Error(`no "Activated in" line under ${server.userDataDir}: did the extension activate?`);
    const activateMs = Number(own.match[1]);
    console.log(`extension's own log (${own.path.slice(server.userDataDir.length + 1)}): ${own.match[0]}`);

    // VS Code's own figure: "Developer: Show Running Extensions" (may be absent from the web workbench).
    let hostTiming = '';
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('>Developer: Show Running Extensions');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ timeout: 5_000 });
      await input.press('Enter');
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Lambda Release Manager' }).first();
      await row.waitFor({ timeout: 10_000 });
      hostTiming = (await row.innerText()).replace(/\s+/g, ' ').trim();
      console.log(`Running Extensions row: ${hostTiming}`);
    } catch (error) {
      console.log(`VS Code's Running Extensions view not readable here (${String(error?.message ?? error).split('\n')[0]}); using the extension's own line`);
    }
    const hostMs = /(\d+(?:\.\d+)?)\s*ms/.exec(hostTiming)?.[1];
    const figure = hostMs ? Number(hostMs) : activateMs;
    console.log(
      `host activation: ${hostMs ? `VS Code reports ${hostMs} ms (Running Extensions), ` : ''}activate() ${activateMs} ms (extension's own log) in the real extension host ` +
        `(VS Code 1.100 / code-server, ${EXTENSION_ID} from the production .vsix); click → first tree row ${firstRowMs} ms; ` +
        `vs AWS Toolkit 1,303 ms (published, not measured here) = ratio ${Math.round(TOOLKIT_PUBLISHED_MS / figure)}x`,
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await staged.cleanup();
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
