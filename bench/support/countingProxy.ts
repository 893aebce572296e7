/**
 * A counting HTTP proxy in front of moto_server: both sides of a benchmark send their requests
 * through it, so the number of API calls each made is measured, not estimated. It forwards over
 * keep-alive connections and adds the same small hop to both sides.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallCounts {
  total: number;
  byOperation: Record<string, number>;
  /** Sum over calls of (last byte of the answer − request received), by operation, in ms. */
  upstreamMs: Record<string, number>;
}

export interface CountingProxy {
  endpoint: string;
  /** Calls since the last `take()`, by operation (e.g. `ListAliases`), their total, and the summed time moto took to answer them. */
  take(): CallCounts;
  close(): Promise<void>;
}

/** Lambda REST paths → operation names (others are counted as `METHOD /path-pattern`). */
const OPERATIONS: [RegExp, string][] = [
  [/^GET \/[\d-]+\/functions\/?$/, 'ListFunctions'],
  [/^GET \/[\d-]+\/functions\/[^/]+\/aliases\/?$/, 'ListAliases'],
  [/^GET \/[\d-]+\/functions\/[^/]+\/aliases\/[^/]+$/, 'GetAlias'],
  [/^PUT \/[\d-]+\/functions\/[^/]+\/aliases\/[^/]+$/, 'UpdateAlias'],
  [/^GET \/[\d-]+\/functions\/[^/]+\/versions\/?$/, 'ListVersionsByFunction'],
  [/^POST \/[\d-]+\/functions\/[^/]+\/versions\/?$/, 'PublishVersion'],
  [/^PUT \/[\d-]+\/functions\/[^/]+\/code$/, 'UpdateFunctionCode'],
  [/^GET \/[\d-]+\/functions\/[^/]+\/configuration$/, 'GetFunctionConfiguration'],
  [/^GET \/[\d-]+\/functions\/[^/]+$/, 'GetFunction'],
];

export function operationOf(method: string, url: string): string {
  const path = url.split('?')[0];
  const line = `${method} ${path}`;
  for (const [pattern, name] of OPERATIONS) if (pattern.test(line)) return name;
  return `${method} ${path.replace(/\/functions\/[^/]+/, '/functions/{name}')}`;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let counts: Record<string, number> = {};
  let upstreamMs: Record<string, number> = {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const operation = operationOf(req.method ?? 'GET', req.url ?? '/');
    counts[operation] = (counts[operation] ?? 0) + 1;
    const received = performance.now();
    const timings = upstreamMs;
    res.on('finish', () => (timings[operation] = (timings[operation] ?? 0) + performance.now() - received));
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const byOperation = counts;
      const spent = upstreamMs;
      counts = {};
      upstreamMs = {};
      return { total: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation, upstreamMs: spent };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

/** Total time the calls spent waiting on the proxy + moto (they may overlap when parallel). */
export function upstreamTotal(counts: CallCounts): number {
  return Object.values(counts.upstreamMs).reduce((a, b) => a + b, 0);
}

export function describeUpstream(counts: CallCounts): string {
  return Object.entries(counts.upstreamMs)
    .sort((a, b) => b[1] - a[1])
    .map(([name, spent]) => `${name} ${spent.toFixed(1)} ms`)
    .join(', ');
}
