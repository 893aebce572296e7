/**
 * A fault-injecting HTTP proxy on loopback in front of moto_server, for what moto never does:
 * throttle, fail with 5xx, reset a connection mid-upload, answer slowly or never, report an
 * update in progress (ResourceConflictException) or a stale RevisionId (PreconditionFailed),
 * reject the signature. Tests point the REAL SDK clients at `proxy.url` and read the final state
 * back from moto directly (not through the proxy).
 *
 *   const proxy = await startFaultProxy(moto.endpoint);
 *   proxy.add({ operation: 'UpdateFunctionCode', fault: { kind: 'conflict' }, times: 2 });
 *   …
 *   proxy.count('UpdateFunctionCode')          // requests seen
 *   proxy.count('UpdateFunctionCode', 409)     // of them answered 409
 *
 * Operations are named like the API: Lambda's REST routes are mapped to their operation name
 * (`PUT /2015-03-31/functions/NAME/code` → UpdateFunctionCode); JSON protocols (CloudWatch Logs)
 * are named by their X-Amz-Target header. A rule may also match the route (`METHOD /path`) with a
 * regular expression.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** 429 TooManyRequestsException with a Retry-After header (seconds). */
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** A bare server error (500 InternalFailure / 503 ServiceUnavailable…). */
  | { kind: 'serverError'; status?: 500 | 502 | 503 | 504 }
  /** Destroys the socket once `afterBytes` of the request body arrived (default: at the first byte, or at once without a body). */
  | { kind: 'reset'; afterBytes?: number }
  /** Waits, then forwards the request. */
  | { kind: 'latency'; ms: number }
  /** Never answers; the request ends only when the client gives up (abort, time-out). */
  | { kind: 'hang' }
  /** 409 ResourceConflictException: "An update is in progress…". */
  | { kind: 'conflict'; message?: string }
  /** 412 PreconditionFailedException: stale RevisionId. */
  | { kind: 'precondition'; message?: string }
  /** Any AWS-style JSON error. */
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  /**
   * Forwards to moto, then adds response headers moto never sends (e.g. Invoke's
   * X-Amz-Function-Error, X-Amz-Log-Result, X-Amz-Executed-Version, answering like Lambda).
   */
  | { kind: 'addHeaders'; headers: Record<string, string> | ((request: RequestInfo) => Record<string, string>) }
  /** A verbatim answer, for services whose errors are not JSON (S3 answers XML). */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  /** Computed from the request (e.g. an error that echoes a request header). */
  | { kind: 'respond'; respond: (request: RequestInfo) => { status: number; type: string; message: string } };

export interface FaultRule {
  /** Operation name, e.g. 'UpdateFunctionCode', 'FilterLogEvents'. */
  operation?: string;
  /** Tested against the route, `METHOD /path` (no query string). */
  route?: RegExp;
  /** Any other condition, e.g. on the access key id in the Authorization header. */
  when?: (request: RequestInfo) => boolean;
  fault: Fault;
  /** Let this many matching requests through before the fault starts (default 0). */
  skip?: number;
  /** Apply the fault to this many matching requests, then let the rest through (default: all). */
  times?: number;
}

export interface RequestInfo {
  operation: string;
  route: string;
  method: string;
  path: string;
  /** The query string without `?` (e.g. `Qualifier=7`). */
  query: string;
  headers: IncomingHttpHeaders;
}

export interface SeenRequest extends RequestInfo {
  seq: number;
  /** Status sent to the client; undefined when the connection was reset or never answered. */
  status?: number;
  /** The injected fault, if any. */
  fault?: Fault['kind'];
  /** The client closed the connection before an answer was sent (abort or time-out). */
  clientGaveUp: boolean;
}

export interface RuleHandle {
  /** Matching requests seen so far (including the skipped ones). */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly applied: number;
}

export interface FaultProxy {
  url: string;
  /** Every request in arrival order (the log tests count calls with). */
  readonly requests: readonly SeenRequest[];
  /** Highest number of requests in flight at once since the last `clearLog`. */
  readonly maxInFlight: number;
  add(rule: FaultRule): RuleHandle;
  /** Removes every rule. */
  clearRules(): void;
  clearLog(): void;
  /** Requests of `operation` seen (optionally only those answered with `status`). */
  count(operation: string, status?: number): number;
  /** Resolves once every request seen so far has finished (answered, reset or abandoned). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Lambda REST routes → operation names (the ones the extension calls). */
const LAMBDA_ROUTES: [string, RegExp, string][] = [
  ['GET', /^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
  ['POST', /^\/2015-03-31\/functions\/?$/, 'CreateFunction'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/versions\/?$/, 'ListVersionsByFunction'],
  ['POST', /^\/2015-03-31\/functions\/[^/]+\/versions\/?$/, 'PublishVersion'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/aliases\/?$/, 'ListAliases'],
  ['POST', /^\/2015-03-31\/functions\/[^/]+\/aliases\/?$/, 'CreateAlias'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/]+$/, 'GetAlias'],
  ['PUT', /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/]+$/, 'UpdateAlias'],
  ['DELETE', /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/]+$/, 'DeleteAlias'],
  ['PUT', /^\/2015-03-31\/functions\/[^/]+\/code$/, 'UpdateFunctionCode'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+\/configuration$/, 'GetFunctionConfiguration'],
  ['PUT', /^\/2015-03-31\/functions\/[^/]+\/configuration$/, 'UpdateFunctionConfiguration'],
  ['GET', /^\/2015-03-31\/functions\/[^/]+$/, 'GetFunction'],
  ['DELETE', /^\/2015-03-31\/functions\/[^/]+$/, 'DeleteFunction'],
  ['GET', /^\/2019-09-30\/functions\/[^/]+\/concurrency$/, 'GetFunctionConcurrency'],
  ['POST', /^\/2015-03-31\/functions\/[^/]+\/invocations$/, 'Invoke'],
];

export function operationOf(method: string, path: string, headers: IncomingHttpHeaders): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) return target.slice(target.lastIndexOf('.') + 1);
  const found = LAMBDA_ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
  return found ? found[2] : `${method} ${path}`;
}

interface ActiveRule {
  rule: FaultRule;
  matched: number;
  applied: number;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: ActiveRule[] = [];
  const requests: SeenRequest[] = [];
  const pending = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let seq = 0;

  const pickFault = (info: RequestInfo): Fault | undefined => {
    for (const active of rules) {
      const { rule } = active;
      if (rule.operation !== undefined && rule.operation !== info.operation) continue;
      if (rule.route !== undefined && !rule.route.test(info.route)) continue;
      if (rule.when !== undefined && !rule.when(info)) continue;
      active.matched++;
      if (active.matched <= (rule.skip ?? 0)) continue;
      if (active.applied >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      active.applied++;
      return rule.fault;
    }
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [path, query = ''] = (req.url ?? '/').split('?');
    const method = req.method ?? 'GET';
    const info: RequestInfo = { operation: operationOf(method, decodeURIComponentSafe(path), req.headers), route: `${method} ${path}`, method, path, query, headers: req.headers };
    const seen: SeenRequest = { ...info, seq: ++seq, clientGaveUp: false };
    requests.push(seen);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);

    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        inFlight--;
        resolve();
      };
      res.on('finish', finish);
      res.on('close', () => {
        if (!res.writableFinished && seen.status === undefined) seen.clientGaveUp = seen.fault !== 'reset';
        finish();
      });

      const fault = pickFault(info);
      seen.fault = fault?.kind;
      const answer = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
        drain(req, () => {
          if (res.destroyed) return;
          seen.status = status;
          const body = JSON.stringify({ __type: type, Type: status >= 500 ? 'Service' : 'User', message });
          res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': `fault-${seen.seq}`, ...headers });
          res.end(body);
        });
      };

      switch (fault?.kind) {
        case undefined:
          forward(req, res, seen);
          return;
        case 'latency': {
          const timer = setTimeout(() => forward(req, res, seen), fault.ms);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        case 'hang':
          req.resume(); // read the body, never answer
          return;
        case 'reset': {
          const limit = fault.afterBytes ?? 1;
          const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
          if (!hasBody) {
            req.socket.destroy();
            return;
          }
          let received = 0;
          req.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received >= limit) req.socket.destroy();
          });
          return;
        }
        case 'throttle':
          answer(429, 'TooManyRequestsException', 'Rate exceeded', { 'retry-after': String(fault.retryAfterSeconds ?? 0) });
          return;
        case 'serverError': {
          const status = fault.status ?? 500;
          answer(status, status === 503 ? 'ServiceUnavailableException' : 'ServiceException', status === 503 ? 'Service Unavailable' : 'Internal server error (injected)');
          return;
        }
        case 'conflict':
          answer(409, 'ResourceConflictException', fault.message ?? 'The operation cannot be performed at this time. An update is in progress for resource: (injected by the fault proxy)');
          return;
        case 'precondition':
          answer(412, 'PreconditionFailedException', fault.message ?? 'The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id');
          return;
        case 'error':
          answer(fault.status, fault.type, fault.message, fault.headers);
          return;
        case 'addHeaders':
          forward(req, res, seen, typeof fault.headers === 'function' ? fault.headers(info) : fault.headers);
          return;
        case 'raw':
          drain(req, () => {
            if (res.destroyed) return;
            seen.status = fault.status;
            res.writeHead(fault.status, { 'x-amz-request-id': `fault-${seen.seq}`, ...fault.headers });
            res.end(fault.body);
          });
          return;
        case 'respond': {
          const { status, type, message } = fault.respond(info);
          answer(status, type, message);
          return;
        }
      }
    });
  };

  const forward = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest, extraHeaders: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const upstreamRequest = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upstreamResponse) => {
        seen.status = upstreamResponse.statusCode;
        res.writeHead(upstreamResponse.statusCode ?? 502, { ...upstreamResponse.headers, ...extraHeaders });
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', () => {
      if (!res.headersSent && !res.destroyed) {
        seen.status = 502;
        res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream failed');
      } else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstreamRequest.destroy();
    });
    req.pipe(upstreamRequest);
  };

  const server: Server = createServer((req, res) => {
    const done = handle(req, res);
    pending.add(done);
    void done.then(() => pending.delete(done));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    add(rule) {
      const active: ActiveRule = { rule, matched: 0, applied: 0 };
      rules.push(active);
      return {
        get matched() {
          return active.matched;
        },
        get applied() {
          return active.applied;
        },
      };
    },
    clearRules() {
      rules.length = 0;
    },
    clearLog() {
      requests.length = 0;
      maxInFlight = inFlight;
    },
    count(operation, status) {
      return requests.filter((r) => r.operation === operation && (status === undefined || r.status === status)).length;
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads (and discards) the request body, then calls `then`: answering before the body is read can reset keep-alive connections. */
function drain(req: IncomingMessage, then: () => void): void {
  if (req.readableEnded) {
    then();
    return;
  }
  req.on('end', then);
  req.on('error', then);
  req.resume();
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
