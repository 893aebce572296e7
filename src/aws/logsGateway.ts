/**
 * CloudWatch Logs gateway: follows a log group (read only; nothing is ever written).
 *
 * API
 * - `new LogsGateway(client, options?)`: `client` is anything with the SDK client's `send`
 *     (`Pick<CloudWatchLogsClient, 'send'>`), so tests pass a fake. Options: `target`/`usesSso`
 *     (wording of errors), `limit` (the (profile, region) request limiter; used for short calls only,
 *     never held by a Live Tail stream), `sleep`/`now` (injectable clock for tests).
 * - `tail(logGroupName, options) → Promise<TailSummary>`: runs until `options.signal` aborts, then
 *     resolves. Rejects with a ReleaseError only for what retrying cannot fix (credentials, an invalid
 *     filter pattern, an error thrown by `onEvent`). Options: `signal`, `onEvent(TailEvent)`,
 *     `onStatus(TailStatus)`, `versions` (only streams of these versions; see versionsForAlias in
 *     src/release/logFilter), `filterPattern` (CloudWatch syntax, passed to the API), `pollIntervalMs`
 *     (default 1000), `startTime` (epoch ms; default 5 minutes ago), `lookbackMs` (how far before the
 *     newest event each read starts, to catch late-ingested events; default 5000), `mode`
 *     ('auto' = Live Tail with automatic fallback, 'polling' = FilterLogEvents only).
 * - `liveTailFallbackReason(error)`: why an error from StartLiveTail means "use polling" (or undefined).
 *
 * How it works
 * - Live Tail (StartLiveTail, streamed): it only streams what is ingested after a session starts
 *   and sessions end (3-hour limit, stream errors), so every session start is followed by a
 *   backfill with FilterLogEvents from the newest delivered event time − lookback. Live Tail events
 *   carry no eventId: they get content+occurrence ids (OccurrenceIds), shared by the backfill, so
 *   the overlap is delivered once and nothing between sessions is lost.
 * - Fallback: an endpoint without Live Tail (local emulators, partitions without it) is recognised
 *   narrowly, before any session ever started: the SDK sends StartLiveTail to the host prefixed with
 *   `stream-`, so a local endpoint fails name resolution or connection on `stream-HOST`; an endpoint
 *   that is reached but does not speak Live Tail answers 404/405/501, an unknown-operation error or
 *   a non-JSON page (moto: HTTP 500 HTML). AccessDenied (no logs:StartLiveTail permission) and the
 *   account's Live Tail session limit also fall back, with their own reason. Anything else is not
 *   "unsupported": it is retried (throttling, network, server errors) or fatal (credentials).
 * - Polling: FilterLogEvents every `pollIntervalMs`, following nextToken, de-duplicated by eventId
 *   over a sliding window (SeenEvents), startTime = newest event time − lookback; throttling and
 *   transient errors double the wait up to 30 s, a success resets it.
 * - A missing log group (ResourceNotFoundException) is a status ("waiting for log group…"), not an
 *   error: the tail keeps checking every poll interval and starts when it appears.
 */
import { abortableSleep } from '../release/abortScope';
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  type LiveTailSessionLogEvent,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { ReleaseError, maskSecrets } from '../release/errors';
import { OccurrenceIds, SeenEvents, parseStreamVersion, streamMatches, type TailEvent } from '../release/logFilter';
import { toReleaseError } from './errors';
import type { Limit } from './limiter';
import type { Target } from './types';

export type { TailEvent } from '../release/logFilter';

export type TailMode = 'liveTail' | 'polling';
export type FallbackReason = 'forced' | 'unsupported' | 'notPermitted' | 'sessionLimit' | 'noArn';

export type TailState =
  | 'starting'
  | 'waitingForLogGroup'
  | 'liveTail'
  | 'polling'
  | 'reconnecting'
  | 'throttled'
  | 'retrying'
  | 'sampled'
  | 'stopped';

export interface TailStatus {
  state: TailState;
  /** The mode in use once decided. */
  mode?: TailMode;
  /** One line for the output channel, e.g. "polling every 1 s (Live Tail is not available…)". */
  message: string;
  fallbackReason?: FallbackReason;
  /** For throttled / retrying / reconnecting: the wait before the next attempt. */
  retryInMs?: number;
}

export interface TailOptions {
  signal: AbortSignal;
  onEvent: (event: TailEvent) => void;
  onStatus?: (status: TailStatus) => void;
  versions?: Iterable<string>;
  filterPattern?: string;
  pollIntervalMs?: number;
  startTime?: number;
  lookbackMs?: number;
  mode?: 'auto' | 'polling';
}

export interface TailSummary {
  mode?: TailMode;
  fallbackReason?: FallbackReason;
  /** Events handed to onEvent. */
  delivered: number;
  /** Events read more than once (overlapping reads) and dropped. */
  duplicatesDropped: number;
  /** Live Tail sessions started. */
  sessions: number;
}

export interface LogsGatewayOptions {
  target?: Target;
  usesSso?: boolean;
  limit?: Limit;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export type LogsClient = Pick<CloudWatchLogsClient, 'send'>;

export const DEFAULT_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_LOOKBACK_MS = 5_000;
export const DEFAULT_SINCE_MS = 10 * 60_000; // like `aws logs tail`: the invocation the user just made is on screen
export const MAX_BACKOFF_MS = 30_000;
/** A Live Tail session shorter than this counts as a failure (backs off before reconnecting). */
const MIN_HEALTHY_SESSION_MS = 10_000;
/** Ids remembered at most, whatever the event rate (≈ 150 bytes each). */
const MAX_REMEMBERED_IDS = 100_000;

/** Thrown by our own wrapper around onEvent, so the caller's error is never mistaken for an AWS one. */
class CallbackError extends Error {}

/** An error that ends the tail (after retrying cannot help). */
class FatalError extends Error {}

export class LogsGateway {
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly limit: Limit;

  constructor(
    private readonly client: LogsClient,
    private readonly options: LogsGatewayOptions = {},
  ) {
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.limit = options.limit ?? ((task) => task());
  }

  async tail(logGroupName: string, options: TailOptions): Promise<TailSummary> {
    const run = new TailRun(this.client, logGroupName, options, {
      sleep: this.sleep,
      now: this.now,
      limit: this.limit,
      fatal: (error, action) => toReleaseError(error, { action, profile: this.options.target?.profile, region: this.options.target?.region, usesSso: this.options.usesSso }),
    });
    return run.run();
  }
}

interface RunDeps {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => number;
  limit: Limit;
  fatal: (error: unknown, action: string) => ReleaseError;
}

/** One tail from start to abort; holds the cursor and the de-duplication memory across modes. */
class TailRun {
  private readonly signal: AbortSignal;
  private readonly versions?: ReadonlySet<string>;
  private readonly interval: number;
  private readonly lookback: number;
  private readonly startTime: number;
  private readonly seen: SeenEvents;
  /** Newest event time read so far (all streams, before the version filter): reads resume from here. */
  private cursor: number;
  private readonly summary: TailSummary = { delivered: 0, duplicatesDropped: 0, sessions: 0 };
  private lastStatus = '';
  private backoffMs = 0;

  constructor(
    private readonly client: LogsClient,
    private readonly logGroupName: string,
    private readonly options: TailOptions,
    private readonly deps: RunDeps,
  ) {
    this.signal = options.signal;
    const versions = options.versions ? [...options.versions] : [];
    this.versions = versions.length ? new Set(versions) : undefined;
    this.interval = Math.max(50, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    this.lookback = Math.max(0, options.lookbackMs ?? DEFAULT_LOOKBACK_MS);
    this.startTime = options.startTime ?? deps.now() - DEFAULT_SINCE_MS;
    this.cursor = this.startTime;
    this.seen = new SeenEvents(this.windowOptions());
  }

  async run(): Promise<TailSummary> {
    this.status({ state: 'starting', message: `starting tail of ${this.logGroupName}` });
    try {
      if (this.options.mode !== 'polling') {
        const fallback = await this.liveTail();
        if (fallback) await this.poll(fallback.reason, fallback.detail);
      } else {
        await this.poll('forced');
      }
    } catch (error) {
      if (error instanceof CallbackError) throw error.cause;
      // After abort, whatever the interrupted call threw is just the way out.
      if (!this.signal.aborted) throw error instanceof FatalError ? error.cause : error;
    }
    this.status({ state: 'stopped', mode: this.summary.mode, message: 'tail stopped' });
    return { ...this.summary };
  }

  // ---------------------------------------------------------------- Live Tail

  /** Runs Live Tail until aborted; returns a reason when polling should take over instead. */
  private async liveTail(): Promise<{ reason: FallbackReason; detail?: string } | undefined> {
    let established = false;
    while (!this.signal.aborted) {
      const arn = await this.waitForLogGroupArn();
      if (arn === undefined) return undefined; // aborted
      if (arn === null) return { reason: 'noArn', detail: 'the endpoint did not report the log group ARN' };

      // One controller per session: leaving the session for any reason closes its HTTP stream.
      const session = new AbortController();
      const stop = () => session.abort();
      this.signal.addEventListener('abort', stop, { once: true });
      try {
        let stream: AsyncIterable<StartLiveTailResponseStream>;
        try {
          const response = await this.client.send(
            new StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: this.options.filterPattern || undefined }),
            { abortSignal: session.signal },
          );
          if (!response.responseStream) throw Object.assign(new Error('StartLiveTail returned no stream'), { name: 'NoStream' });
          stream = response.responseStream;
        } catch (error) {
          if (this.signal.aborted) return undefined;
          const reason = established ? undefined : liveTailFallbackReason(error);
          if (reason) return { reason, detail: describe(error) };
          await this.recover(error, 'start Live Tail');
          continue;
        }

        established = true;
        const startedAt = this.deps.now();
        this.summary.sessions++;
        this.summary.mode = 'liveTail';
        this.status({ state: 'liveTail', mode: 'liveTail', message: this.summary.sessions === 1 ? 'Live Tail running' : 'Live Tail running (reconnected)' });
        try {
          // Fill what a new session cannot show: history since the cursor, and whatever was
          // ingested while no session was open. The stream buffers meanwhile.
          await this.readFiltered(new OccurrenceIds(this.windowOptions()));
          const ended = await this.consume(stream);
          if (this.signal.aborted) return undefined;
          if (this.deps.now() - startedAt >= MIN_HEALTHY_SESSION_MS) {
            this.backoffMs = 0;
            this.status({ state: 'reconnecting', mode: 'liveTail', message: `Live Tail session ended (${ended}); reconnecting`, retryInMs: 0 });
          } else {
            // A session that ends at once, again and again, must not turn into a busy loop.
            await this.backOff('transient', `Live Tail session ended after a moment (${ended})`);
          }
        } catch (error) {
          if (error instanceof CallbackError || error instanceof FatalError) throw error;
          if (this.signal.aborted) return undefined;
          if (this.deps.now() - startedAt >= MIN_HEALTHY_SESSION_MS) this.backoffMs = 0;
          if (isSessionTimeout(error)) {
            this.status({ state: 'reconnecting', mode: 'liveTail', message: 'Live Tail session reached its time limit; reconnecting', retryInMs: 0 });
            continue;
          }
          await this.recover(error, 'read Live Tail');
        }
      } finally {
        this.signal.removeEventListener('abort', stop);
        session.abort();
      }
    }
    return undefined;
  }

  /** Delivers a session's events; returns why the session ended (it ends by itself after 3 hours). */
  private async consume(stream: AsyncIterable<StartLiveTailResponseStream>): Promise<string> {
    const ids = new OccurrenceIds(this.windowOptions());
    const iterator = stream[Symbol.asyncIterator]();
    let sampledReported = false;
    try {
      for (;;) {
        const next = await nextOrAbort(iterator, this.signal);
        if (!next || next.done) return 'stream closed';
        const item = next.value;
        if (item.SessionTimeoutException) return 'time limit reached';
        if (item.SessionStreamingException) throw Object.assign(new Error(item.SessionStreamingException.message ?? 'Live Tail stream error'), { name: 'SessionStreamingException' });
        const update = item.sessionUpdate;
        if (!update) continue;
        if (update.sessionMetadata?.sampled && !sampledReported) {
          sampledReported = true;
          this.status({ state: 'sampled', mode: 'liveTail', message: 'Live Tail is sampling (more than 500 events/s): some events are not shown' });
        }
        const events = (update.sessionResults ?? []).map(toTailEvent).sort(byTime);
        for (const event of events) this.offer(event, ids.idFor(event));
      }
    } finally {
      void iterator.return?.()?.catch(() => undefined);
    }
  }

  /** The log group's ARN (Live Tail takes ARNs); waits while it does not exist. null: no ARN reported; undefined: aborted. */
  private async waitForLogGroupArn(): Promise<string | null | undefined> {
    while (!this.signal.aborted) {
      try {
        const group = await this.findLogGroup();
        if (group) {
          return group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? null;
        }
        this.status({ state: 'waitingForLogGroup', message: `waiting for log group ${this.logGroupName}…` });
        await this.deps.sleep(this.interval, this.signal);
      } catch (error) {
        if (this.signal.aborted) return undefined;
        await this.recover(error, `find log group ${this.logGroupName}`);
      }
    }
    return undefined;
  }

  private async findLogGroup(): Promise<{ arn?: string; logGroupArn?: string } | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.deps.limit(() =>
        this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: this.logGroupName, nextToken }), { abortSignal: this.signal }),
      );
      const found = page.logGroups?.find((group) => group.logGroupName === this.logGroupName);
      if (found) return found;
      nextToken = page.nextToken;
    } while (nextToken && !this.signal.aborted);
    return undefined;
  }

  // ---------------------------------------------------------------- polling

  private async poll(reason: FallbackReason, detail?: string): Promise<void> {
    this.summary.mode = 'polling';
    this.summary.fallbackReason = reason;
    const seconds = `${this.interval / 1000} s`;
    const why: Record<FallbackReason, string> = {
      forced: 'Live Tail off',
      unsupported: 'Live Tail is not available at this endpoint',
      notPermitted: 'Live Tail is not permitted for these credentials',
      sessionLimit: 'the account has reached its Live Tail session limit',
      noArn: 'the endpoint did not report the log group ARN Live Tail needs',
    };
    const pollingStatus: TailStatus = {
      state: 'polling',
      mode: 'polling',
      fallbackReason: reason,
      message: `polling every ${seconds} (${why[reason]}${detail ? `: ${detail}` : ''})`,
    };
    while (!this.signal.aborted) {
      try {
        await this.readFiltered();
        this.backoffMs = 0;
        this.status(pollingStatus);
        await this.deps.sleep(this.interval, this.signal);
      } catch (error) {
        if (error instanceof CallbackError || error instanceof FatalError) throw error;
        if (this.signal.aborted) return;
        if (isNotFound(error)) {
          this.status({ state: 'waitingForLogGroup', mode: 'polling', message: `waiting for log group ${this.logGroupName}…` });
          await this.deps.sleep(this.interval, this.signal);
          continue;
        }
        await this.recover(error, `read log group ${this.logGroupName}`);
      }
    }
  }

  /**
   * One FilterLogEvents read from (cursor − lookback), every page. Ids: the eventId, or for a Live
   * Tail backfill the same content+occurrence ids the stream uses, so both sides match.
   */
  private async readFiltered(ids?: OccurrenceIds): Promise<void> {
    const startTime = Math.max(this.startTime, this.cursor - this.lookback);
    let nextToken: string | undefined;
    do {
      const page = await this.deps.limit(() =>
        this.client.send(
          new FilterLogEventsCommand({
            logGroupName: this.logGroupName,
            startTime,
            filterPattern: this.options.filterPattern || undefined,
            nextToken,
            // Ignored by AWS (always interleaved there); emulators such as moto need it to sort across streams.
            interleaved: true,
          }),
          { abortSignal: this.signal },
        ),
      );
      const events = (page.events ?? []).map(toTailEvent).sort(byTime);
      for (const event of events) {
        if (this.signal.aborted) return;
        this.offer(event, ids ? ids.idFor(event) : event.eventId ?? `${event.logStreamName}|${event.timestamp}|${event.message}`);
      }
      nextToken = page.nextToken;
    } while (nextToken && !this.signal.aborted);
  }

  // ---------------------------------------------------------------- shared

  private offer(event: TailEvent, id: string): void {
    if (event.timestamp > this.cursor) this.cursor = event.timestamp;
    if (!streamMatches(event.logStreamName, this.versions)) return;
    if (!this.seen.admit(id, event.timestamp)) {
      this.summary.duplicatesDropped++;
      return;
    }
    this.summary.delivered++;
    try {
      this.options.onEvent(event);
    } catch (error) {
      throw new CallbackError('onEvent failed', { cause: error });
    }
  }

  /** Waits out a retryable error (doubling, up to 30 s) or ends the tail with a fatal one. */
  private async recover(error: unknown, action: string): Promise<void> {
    const kind = classify(error);
    if (kind === 'fatal') throw new FatalError(action, { cause: this.deps.fatal(error, action) });
    if (kind === 'notFound') {
      this.status({ state: 'waitingForLogGroup', mode: this.summary.mode, message: `waiting for log group ${this.logGroupName}…` });
      await this.deps.sleep(this.interval, this.signal);
      return;
    }
    await this.backOff(kind, kind === 'throttled' ? 'throttled by CloudWatch Logs' : `could not ${action} (${describe(error)})`);
  }

  /** Doubles the wait from 2 × the poll interval up to 30 s; a success resets it (backoffMs = 0). */
  private async backOff(kind: 'throttled' | 'transient', what: string): Promise<void> {
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : this.interval * 2);
    const seconds = `${Math.round(this.backoffMs / 100) / 10} s`;
    this.status({
      state: kind === 'throttled' ? 'throttled' : 'retrying',
      mode: this.summary.mode,
      message: `${what}; next try in ${seconds}`,
      retryInMs: this.backoffMs,
    });
    await this.deps.sleep(this.backoffMs, this.signal);
  }

  private windowOptions() {
    // Reads re-start `lookback` before the newest event: remember at least that far back.
    return { windowMs: this.lookback + 10_000, maxEntries: MAX_REMEMBERED_IDS };
  }

  /** Reports only changes, so a steady poll does not repeat its status every second. */
  private status(status: TailStatus): void {
    const key = `${status.state}|${status.message}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.options.onStatus?.(status);
  }
}

// ---------------------------------------------------------------- error classification

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

const UNKNOWN_OPERATION = new Set([
  'UnknownOperationException',
  'UnsupportedOperationException',
  'UnsupportedOperation',
  'InvalidAction',
  'NotImplemented',
  'NotImplementedException',
]);
const CONNECT_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * Why an error from StartLiveTail, before any session started, means "this endpoint has no Live
 * Tail: poll instead"; undefined for every other error (those are retried or reported).
 */
export function liveTailFallbackReason(error: unknown): FallbackReason | undefined {
  const e = (error ?? {}) as ErrorShape;
  const name = e.name ?? '';
  const message = e.message ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  // The SDK prefixes the endpoint's host with `stream-`: a local endpoint has no such host.
  const streamHost = (e.hostname ?? '').startsWith('stream-') || /\bstream-[\w.-]+/.test(message);
  if (streamHost && (CONNECT_FAILURES.has(code) || CONNECT_FAILURES.has(name) || /getaddrinfo|ECONNREFUSED/.test(message))) return 'unsupported';
  if (UNKNOWN_OPERATION.has(name)) return 'unsupported';
  if (status === 404 || status === 405 || status === 501) return 'unsupported';
  // Reached, but the answer is not the Live Tail protocol (moto: HTTP 500 with an HTML page).
  if (/Deserialization error|Unexpected token '?<|is not valid JSON/i.test(message)) return 'unsupported';
  if (name === 'AccessDeniedException') return 'notPermitted';
  if (name === 'LimitExceededException') return 'sessionLimit';
  return undefined;
}

type ErrorKind = 'throttled' | 'transient' | 'notFound' | 'fatal';

function classify(error: unknown): ErrorKind {
  const e = (error ?? {}) as ErrorShape;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'ResourceNotFoundException') return 'notFound';
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'LimitExceededException' || status === 429) return 'throttled';
  if (name === 'SessionStreamingException' || name === 'SessionTimeoutException' || name === 'ServiceUnavailableException' || name === 'NoStream') return 'transient';
  if (CONNECT_FAILURES.has(e.code ?? '') || CONNECT_FAILURES.has(name) || name === 'TimeoutError' || name === 'RequestTimeout') return 'transient';
  if (/socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|stream (was )?(closed|reset)|premature close/i.test(e.message ?? '')) return 'transient';
  if (status !== undefined && status >= 500) return 'transient';
  return 'fatal';
}

function isNotFound(error: unknown): boolean {
  return (error as ErrorShape | undefined)?.name === 'ResourceNotFoundException';
}

function isSessionTimeout(error: unknown): boolean {
  return (error as ErrorShape | undefined)?.name === 'SessionTimeoutException';
}

/** The first line of an error for a status line in the tail's channel, redacted like every shown text. */
function describe(error: unknown): string {
  const e = (error ?? {}) as ErrorShape;
  const line = maskSecrets(e.message ?? String(error)).split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

// ---------------------------------------------------------------- helpers

/** FilterLogEvents and Live Tail events in one shape; only FilterLogEvents carries an eventId. */
function toTailEvent(event: FilteredLogEvent | LiveTailSessionLogEvent): TailEvent {
  const logStreamName = event.logStreamName ?? '';
  return {
    logStreamName,
    timestamp: event.timestamp ?? 0,
    message: event.message ?? '',
    ingestionTime: event.ingestionTime,
    eventId: 'eventId' in event ? event.eventId : undefined,
    version: parseStreamVersion(logStreamName),
  };
}

/** Stable: events with equal times keep the order the service gave them. */
function byTime(a: TailEvent, b: TailEvent): number {
  return a.timestamp - b.timestamp;
}

/** The next stream item, or undefined as soon as the signal aborts (a stream may not notice by itself). */
async function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T> | undefined> {
  if (signal.aborted) return undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([iterator.next(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

export { abortableSleep };
