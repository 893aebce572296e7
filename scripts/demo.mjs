#!/usr/bin/env node
/**
 * `npm run demo`: the extension's main job on a local default, no AWS account needed.
 * Installs what is missing (npm ci, the VS Code host), builds the .vsix, starts moto_server as the
 * local Lambda / Logs endpoint, seeds sample functions across two profiles and three regions,
 * writes a temporary AWS config whose profiles use that endpoint, starts code-server with the
 * extension installed and a sample workspace open, and prints the URL. Ctrl-C stops everything.
 *
 * Options (env): DEMO_PORT (default: 8080 if free, else any free port), DEMO_HOST (default 127.0.0.1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[demo] ${line}`);
const cleanups = [];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(address.port));
      });
    });
  return (preferred && (await tryPort(preferred))) || tryPort(0);
}

async function startMoto() {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGTERM'));
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Lambda without Docker (none here): must be set before functions are created.
  await fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  return { endpoint, pid: child.pid };
}

async function main() {
  if (!have('moto_server')) throw new Error('moto_server is missing: it comes with Python (see the shared notes on moto); it is the local Lambda endpoint.');
  if (!existsSync(join(root, 'node_modules'))) {
    say('installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  say('preparing the VS Code host (first time: about a minute)…');
  run('bash', ['scripts/vscode-host/setup.sh', '1.100.3'], { env: { ...process.env, VSCODE_HOST_SKIP_BROWSER: '1' } });
  say('building the extension (.vsix)…');
  run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });

  const moto = await startMoto();
  say(`local Lambda endpoint (moto_server) on ${moto.endpoint}, pid ${moto.pid}`);

  const scratch = mkdtempSync(join(tmpdir(), 'lambda-release-demo-'));
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
  const seeded = spawnSync('npx', ['tsx', 'scripts/seed-demo.ts', moto.endpoint, join(scratch, 'aws')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  const seed = JSON.parse(seeded.stdout);
  say(`seeded profiles ${seed.profiles.map((p) => `${p.name} (${[p.region, ...p.extraRegions].join(', ')})`).join(', ')}`);

  // Live log lines for "Tail Logs" (prod's 90/10 split between versions 2 and 3).
  // NODE_NO_WARNINGS: the SDK's notice about Node 22 would repeat in the demo's output.
  const traffic = spawn('npx', ['tsx', 'scripts/demo-traffic.ts', moto.endpoint], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  cleanups.push(() => {
    try {
      process.kill(-traffic.pid, 'SIGTERM'); // npx and the tsx process under it
    } catch {
      // already gone
    }
  });

  // The sample repository (two functions), copied so the demo's settings and deploys never touch the repository.
  const workspace = join(scratch, 'shop');
  cpSync(join(root, 'scripts', 'demo-workspace'), workspace, { recursive: true });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const target = (name, sourceFolder) => ({ name, profile: 'dev', region: 'us-east-1', function: name, alias: 'prod', sourceFolder });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'lambdaRelease.targets': [target('orders-api', 'orders-api'), target('payments-worker', 'payments-worker')],
      },
      null,
      2,
    ),
  );

  const { launchCodeServer } = await import(pathToFileURL(join(root, 'scripts', 'vscode-host', 'launch-code-server.mjs')).href);
  const env = { AWS_CONFIG_FILE: seed.configFile, AWS_SHARED_CREDENTIALS_FILE: seed.credentialsFile };
  // Credentials of the person running the demo must not leak into it.
  for (const key of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL']) env[key] = undefined;
  const codeServer = await launchCodeServer({
    folder: workspace,
    vsix: join(root, 'dist', 'lambda-release-manager.vsix'),
    port: await freePort(Number(process.env.DEMO_PORT) || 8080),
    env,
    settings: {
      'lambdaRelease.extraRegions': seed.extraRegions,
      'workbench.activityBar.location': 'default',
      // Gradual rollouts in the demo take seconds, not minutes (the demo traffic is a few requests every 3 s).
      'lambdaRelease.rollout.stepIntervalSeconds': 20,
      'lambdaRelease.rollout.pollIntervalSeconds': 3,
      'lambdaRelease.rollout.minInvocations': 3,
    },
    log: (line) => say(line),
  });
  cleanups.unshift(() => codeServer.stop());
  say('');
  say(`Open ${codeServer.url}`);
  say('Click the λ icon in the activity bar ("Lambda Releases"): profiles dev and prod, their functions, versions and aliases.');
  say('The workspace holds two functions (orders-api/, payments-worker/): open a file of either and the status bar follows it (orders-api:prod has a 10% canary).');
  say('"Lambda: Deploy Changed Functions" compares both with what runs; orders-api logs a few requests every 3 s (Tail Logs).');
  say(`Gradual rollout: orders-api (dev, us-east-1) → Aliases → beta → "Start Gradual Rollout…" to version ${seed.brokenVersion} "release 1.5.0 (broken…)": its demo traffic logs errors and the rollout puts beta back by itself within seconds. Steps are held 20 s in the demo.`);
  say('Ctrl-C stops code-server, moto_server and the demo traffic.');
}

async function shutdown(code) {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch {
      // best effort on the way out
    }
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  console.error(`[demo] ${error.message}`);
  void shutdown(1);
});
