/**
 * Log tail latency benchmark: the extension's tail (LogsGateway, FilterLogEvents polling fallback,
 * default 1 s interval) versus `aws logs tail --follow` (AWS CLI v2), side by side on the same
 * moto_server log group in the same run. A writer puts numbered events into two Lambda-named
 * streams; each reader's arrival time per event minus the event's timestamp is its latency.
 * Also counts duplicates and gaps per reader. Prints the ratio last, on one line.
 *
 *   npx tsx bench/logTail.ts [--events 10000] [--batch 100] [--pause-ms 100] [--interval-ms 1000] [--settle-ms 12000]
 *   (or LOG_BENCH_EVENTS / LOG_BENCH_BATCH / LOG_BENCH_PAUSE_MS / LOG_BENCH_INTERVAL_MS / LOG_BENCH_SETTLE_MS)
 *   Smoke run: npx tsx bench/logTail.ts --events 200 --batch 20
 *
 * The CLI is the first `aws` on PATH that reports aws-cli/2 (`logs tail` is a v2 command), or
 * AWS_CLI. It polls every 5 s by design; it runs with PYTHONUNBUFFERED=1 so lines are not held in
 * a pipe buffer, and `--endpoint-url` pointing at moto.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LogsGateway } from '../src/aws/logsGateway';
import { startMoto } from '../test/support/moto';

const REGION = 'us-east-1';
const KEYS = { accessKeyId: 'test', secretAccessKey: 'test' };

interface Settings {
  events: number;
  batch: number;
  pauseMs: number;
  intervalMs: number;
  settleMs: number;
}

function settings(argv: string[]): Settings {
  const arg = (name: string, envName: string, fallback: number): number => {
    const index = argv.indexOf(`--${name}`);
    const raw = index >= 0 ? argv[index + 1] : process.env[envName];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0 (got ${raw})`);
    return value;
  };
  return {
    events: Math.round(arg('events', 'LOG_BENCH_EVENTS', 10_000)),
    batch: Math.max(1, Math.round(arg('batch', 'LOG_BENCH_BATCH', 100))),
    pauseMs: arg('pause-ms', 'LOG_BENCH_PAUSE_MS', 100),
    intervalMs: arg('interval-ms', 'LOG_BENCH_INTERVAL_MS', 1_000),
    settleMs: arg('settle-ms', 'LOG_BENCH_SETTLE_MS', 12_000),
  };
}

/** The AWS CLI v2: AWS_CLI, else the first `aws` on PATH whose version is 2.x. */
function findCliV2(): string {
  const candidates = process.env.AWS_CLI ? [process.env.AWS_CLI] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'aws'));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      continue;
    }
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (/aws-cli\/2\./.test(`${version.stdout}${version.stderr}`)) return path;
  }
  throw new Error('AWS CLI v2 not found on PATH (set AWS_CLI to its path); `aws logs tail` needs v2.');
}

/** Arrival times per event number, and how often each arrived. */
class Reader {
  readonly firstArrival = new Map<number, number>();
  arrivals = 0;

  see(message: string, now = Date.now()): void {
    const match = /seq (\d+)/.exec(message);
    if (!match) return;
    this.arrivals++;
    const seq = Number(match[1]);
    if (!this.firstArrival.has(seq)) this.firstArrival.set(seq, now);
  }

  stats(sent: Map<number, number>) {
    const latencies = [...sent].filter(([seq]) => this.firstArrival.has(seq)).map(([seq, at]) => this.firstArrival.get(seq)! - at).sort((a, b) => a - b);
    const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return {
      received: this.firstArrival.size,
      duplicates: this.arrivals - this.firstArrival.size,
      gaps: sent.size - this.firstArrival.size,
      mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
      p50: pick(0.5),
      p95: pick(0.95),
      max: latencies.at(-1) ?? Number.NaN,
    };
  }
}

async function main(): Promise<void> {
  const s = settings(process.argv.slice(2));
  const cli = findCliV2();
  const moto = await startMoto();
  const client = new CloudWatchLogsClient({ region: REGION, endpoint: moto.endpoint, credentials: KEYS });
  const controller = new AbortController();
  let cliPid: number | undefined;
  try {
    const group = '/aws/lambda/bench-fn';
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const streams = [`${day}/[1]${'a'.repeat(32)}`, `${day}/[2]${'b'.repeat(32)}`];
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const stream of streams) await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));

    const ours = new Reader();
    const theirs = new Reader();
    let mode = '';
    const tail = new LogsGateway(client).tail(group, {
      signal: controller.signal,
      pollIntervalMs: s.intervalMs,
      startTime: Date.now() - 1_000,
      onEvent: (event) => ours.see(event.message),
      onStatus: (status) => (mode = status.state === 'polling' ? status.message : mode),
    });

    const child = spawn(cli, ['logs', 'tail', group, '--follow', '--format', 'short', '--since', '1m', '--endpoint-url', moto.endpoint, '--region', REGION], {
      env: { ...process.env, PYTHONUNBUFFERED: '1', AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_PAGER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cliPid = child.pid;
    let cliErr = '';
    child.stderr.on('data', (chunk) => (cliErr = (cliErr + chunk).slice(-2000)));
    createInterface({ input: child.stdout }).on('line', (line) => theirs.see(line));

    // Both readers are running before the first event is written.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const sent = new Map<number, number>();
    for (let start = 0, round = 0; start < s.events; start += s.batch, round++) {
      const timestamp = Date.now();
      const count = Math.min(s.batch, s.events - start);
      const logEvents = Array.from({ length: count }, (_, i) => ({ message: `seq ${start + i}`, timestamp }));
      await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: streams[round % 2], logEvents }));
      for (let i = 0; i < count; i++) sent.set(start + i, timestamp);
      if (s.pauseMs) await new Promise((resolve) => setTimeout(resolve, s.pauseMs));
    }
    // Wait until both have everything, or the settle time passes after the last write.
    const giveUp = Date.now() + s.settleMs;
    while (Date.now() < giveUp && (ours.firstArrival.size < sent.size || theirs.firstArrival.size < sent.size)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    controller.abort();
    await tail;
    if (child.exitCode === null && cliPid) process.kill(cliPid, 'SIGTERM');

    const a = ours.stats(sent);
    const b = theirs.stats(sent);
    const fmt = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
    console.log(`events ${sent.size} in batches of ${s.batch} (pause ${s.pauseMs} ms), two streams; moto_server ${moto.endpoint}`);
    console.log(`extension tail : ${mode || 'mode unknown'}`);
    console.log(`aws logs tail  : ${cli} (${spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim()}) --follow, 5 s polls`);
    for (const [name, r] of [['extension tail', a], ['aws logs tail ', b]] as const) {
      console.log(`${name}: received ${r.received}, duplicates ${r.duplicates}, gaps ${r.gaps}; latency mean ${fmt(r.mean)}, p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}, max ${fmt(r.max)}`);
    }
    if (b.received === 0 && cliErr) console.log(`aws logs tail stderr: ${cliErr.trim()}`);
    console.log(`ratio (aws logs tail mean latency / extension mean latency): ${(b.mean / a.mean).toFixed(2)}x`);
  } finally {
    controller.abort();
    if (cliPid) {
      try {
        process.kill(cliPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    client.destroy();
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
