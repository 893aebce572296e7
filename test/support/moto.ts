/**
 * Starts `moto_server` (the moto project's standalone AWS API server) on a free loopback port,
 * resets it between tests and kills it by PID. Lambda functions are created without Docker.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  /** Drops all state and turns Docker-based invoke off again (must precede CreateFunction). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<MotoServer> {
  if (!motoAvailable()) throw new Error('moto_server is not installed (it comes with the machine\'s Python; see ../shared/notes/moto.md).');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
    detached: false,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start within 20 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const server: MotoServer = {
    endpoint,
    port,
    pid: child.pid ?? -1,
    async reset() {
      await post(`${endpoint}/moto-api/reset`, '');
      await post(`${endpoint}/moto-api/config`, JSON.stringify({ lambda: { use_docker: false } }));
    },
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(server.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(server.pid, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  await server.reset();
  return server;
}

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}
