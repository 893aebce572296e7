#!/usr/bin/env node
/**
 * Starts code-server (VS Code in the browser, built into .vscode-host/ by setup.sh) for the demo
 * and for UI checks by hand: fresh user-data and extensions dirs, no auth, loopback only, no
 * telemetry, update checks or extension gallery, and the extension either installed from a
 * .vsix (what a user gets) or loaded from a development folder (through the workbench URL's
 * payload, as `code --extensionDevelopmentPath` would).
 *
 * API:  const cs = await launchCodeServer({ folder, vsix | extensionDevelopmentPath, env, port, settings });
 *       cs.url (open this), cs.baseUrl, cs.pid, await cs.stop()
 * CLI:  node scripts/vscode-host/launch-code-server.mjs [--vsix=FILE | --extensionDevelopmentPath=DIR]
 *         [--port=N] [--env=KEY=VALUE ...] FOLDER
 *       prints the URL and runs until Ctrl+C / SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_SETTINGS } from './quietSettings.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @param {{ folder: string, vsix?: string, extensionDevelopmentPath?: string, env?: Record<string, string | undefined>,
 *   port?: number, settings?: Record<string, unknown>, hostDir?: string, timeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, baseUrl: string, pid: number, userDataDir: string, extensionsDir: string, stop: () => Promise<void> }>}
 */
export async function launchCodeServer(options) {
  const hostDir = options.hostDir ?? join(repoRoot, '.vscode-host');
  const entry = join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`no code-server at ${hostDir}: run scripts/vscode-host/setup.sh first`);
  if (options.vsix && options.extensionDevelopmentPath) throw new Error('give either vsix or extensionDevelopmentPath, not both');
  const folder = resolve(options.folder);
  const log = options.log ?? (() => undefined);

  const temp = mkdtempSync(join(tmpdir(), 'code-server-'));
  const userDataDir = join(temp, 'user-data');
  const extensionsDir = join(temp, 'extensions');
  const configFile = join(temp, 'config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  // code-server writes a default config (with a password) when it finds none: give it one.
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const env = {
    ...process.env,
    // code-server keeps logs and defaults under XDG dirs: keep them out of the user's home.
    XDG_CONFIG_HOME: join(temp, 'xdg-config'),
    XDG_DATA_HOME: join(temp, 'xdg-data'),
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
    ...options.env,
  };
  for (const key of Object.keys(env)) {
    if (env[key] === undefined || key === 'ELECTRON_RUN_AS_NODE' || key === 'VSCODE_IPC_HOOK_CLI') delete env[key];
  }
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.vsix) {
    const installed = spawnSync(process.execPath, [entry, ...common, '--install-extension', resolve(options.vsix)], { env, encoding: 'utf8' });
    if (installed.status !== 0) {
      rmSync(temp, { recursive: true, force: true });
      throw new Error(`installing ${options.vsix} failed:\n${installed.stdout}${installed.stderr}`);
    }
    log(`installed ${options.vsix}`);
  }

  const args = [
    entry, ...common,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    folder,
  ];
  // Own process group, so stop() also ends the extension hosts it starts.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((r) => child.once('exit', r));
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid, 'SIGTERM');
      const timer = new Promise((r) => setTimeout(r, 3000).unref());
      if ((await Promise.race([exited.then(() => 'exited'), timer])) !== 'exited') signalGroup(child.pid, 'SIGKILL');
    }
    signalGroup(child.pid, 'SIGKILL'); // whatever of the group outlived code-server
    rmSync(temp, { recursive: true, force: true });
  };

  try {
    const port = await new Promise((resolvePort, reject) => {
      const onData = (chunk) => {
        output = (output + chunk).slice(-8000);
        for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
        const match = /HTTP server listening on https?:\/\/[^:]+:(\d+)/.exec(output);
        if (match) resolvePort(Number(match[1]));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`code-server exited early (${code}):\n${output}`)));
      setTimeout(() => reject(new Error(`code-server printed no address within ${options.timeoutMs ?? 60_000} ms:\n${output}`)), options.timeoutMs ?? 60_000).unref();
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(baseUrl, options.timeoutMs ?? 60_000);

    const query = new URLSearchParams({ folder });
    if (options.extensionDevelopmentPath) {
      const devPath = encodeURI(resolve(options.extensionDevelopmentPath));
      query.set('payload', JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${devPath}`]]));
    }
    return { url: `${baseUrl}/?${query}`, baseUrl, pid: child.pid, userDataDir, extensionsDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(baseUrl, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl}/healthz did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

function parseCli(argv) {
  const options = { env: {} };
  for (const arg of argv) {
    const [flag, ...rest] = arg.split('=');
    const value = rest.join('=');
    if (flag === '--vsix') options.vsix = value;
    else if (flag === '--extensionDevelopmentPath') options.extensionDevelopmentPath = value;
    else if (flag === '--port') options.port = Number(value);
    else if (flag === '--env') {
      const [key, ...v] = value.split('=');
      options.env[key] = v.join('=');
    } else if (!arg.startsWith('-')) options.folder = arg;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!options.folder) throw new Error('usage: launch-code-server.mjs [--vsix=FILE | --extensionDevelopmentPath=DIR] [--port=N] [--env=KEY=VALUE ...] FOLDER');
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const server = await launchCodeServer({ ...parseCli(process.argv.slice(2)), log: process.env.VERBOSE === '1' ? (line) => console.error(line) : undefined });
    console.log(`code-server (pid ${server.pid}) ready: ${server.url}`);
    const shutdown = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
