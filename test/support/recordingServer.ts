/**
 * A tiny HTTP server on loopback that records every request it receives — how many, and how many
 * carried X-Amz-Security-Token (a session token, usable as is by whoever reads it). Given an
 * upstream it forwards each request there (so a client pointed at it still works); without one it
 * answers 500, as an attacker's host that only collects would.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface RecordingServer {
  url: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests that carried an X-Amz-Security-Token header. */
  readonly withSessionToken: number;
  clear(): void;
  close(): Promise<void>;
}

/** `host`: where to listen (default loopback); `0.0.0.0` also answers on the machine's network address. */
export async function startRecordingServer(upstream?: string, host = '127.0.0.1'): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const target = upstream ? new URL(upstream) : undefined;
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    if (!target) {
      req.resume();
      req.on('end', () => res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"recorded"}'));
      return;
    }
    const forwarded = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get withSessionToken() {
      return requests.filter((r) => r.headers['x-amz-security-token'] !== undefined).length;
    },
    clear: () => void (requests.length = 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
