/**
 * LogsGateway.tail with a FAKE CloudWatch Logs client at the gateway seam (`send`), because moto
 * implements no Live Tail and never throttles. The fake keeps a real event store for
 * FilterLogEvents (startTime, paging by nextToken) and a scripted Live Tail stream that honours
 * the abort signal like the SDK's. Sleeps are recorded, not waited: no test depends on time.
 */
import * as assert from 'node:assert/strict';
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
  type LiveTailSessionLogEvent,
  type StartLiveTailCommandInput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { LogsGateway, liveTailFallbackReason, type LogsClient, type TailOptions, type TailStatus, type TailSummary } from '../../src/aws/logsGateway';
import type { TailEvent } from '../../src/release/logFilter';
import { ReleaseError } from '../../src/release/errors';

const GROUP = '/aws/lambda/orders-api';
const ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;
const V1 = '2026/11/23/[1]aaaa';
const V2 = '2026/11/23/[2]bbbb';

function awsError(name: string, message = name, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: {}, ...extra });
}

/** Live Tail response stream as the SDK exposes it: an async iterable that ends on abort. */
class FakeLiveTailStream implements AsyncIterable<StartLiveTailResponseStream> {
  private readonly queue: (StartLiveTailResponseStream | { error: unknown } | { end: true })[] = [];
  private wake?: () => void;
  closed = false;

  constructor(private readonly signal: AbortSignal) {
    this.queue.push({ sessionStart: { sessionId: 'fake', logGroupIdentifiers: [ARN] } });
    signal.addEventListener('abort', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  push(events: LiveTailSessionLogEvent[], sampled = false): void {
    this.queue.push({ sessionUpdate: { sessionMetadata: { sampled }, sessionResults: events } });
    this.wake?.();
  }
  /** The service ends every session after 3 hours with this event. */
  timeout(): void {
    this.queue.push({ SessionTimeoutException: awsError('SessionTimeoutException', 'session timed out') as never });
    this.wake?.();
  }
  fail(error: unknown): void {
    this.queue.push({ error });
    this.wake?.();
  }
  end(): void {
    this.queue.push({ end: true });
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StartLiveTailResponseStream> {
    for (;;) {
      if (this.signal.aborted) throw awsError('AbortError', 'Request aborted');
      const item = this.queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if ('end' in item) return;
      if ('error' in item) throw item.error;
      yield item as StartLiveTailResponseStream;
    }
  }
}

interface StoredEvent extends FilteredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

/** CloudWatch Logs at the seam: an event store, scripted failures and Live Tail sessions. */
class FakeCloudWatchLogs {
  readonly store = new Map<string, StoredEvent[]>();
  readonly sessions: FakeLiveTailStream[] = [];
  readonly calls: { name: string; input: unknown }[] = [];
  /** Errors StartLiveTail throws on its next calls, in order; empty → a session starts. */
  liveTailErrors: unknown[] = [];
  filterErrors: unknown[] = [];
  describeErrors: unknown[] = [];
  /** Called when a Live Tail session is about to start (n = 1, 2, …), e.g. to ingest events "between sessions". */
  beforeSession?: (n: number) => void;
  pageSize = 3;
  private nextEventId = 1;
  private ingestClock = 10_000;

  createGroup(name = GROUP): void {
    if (!this.store.has(name)) this.store.set(name, []);
  }

  /** Stores an event (what FilterLogEvents sees) and pushes it to the open session when asked. */
  ingest(message: string, timestamp: number, stream = V1, toSession?: FakeLiveTailStream): StoredEvent {
    const event: StoredEvent = { eventId: String(this.nextEventId++), logStreamName: stream, timestamp, message, ingestionTime: this.ingestClock++ };
    this.store.get(GROUP)!.push(event);
    toSession?.push([{ logStreamName: stream, logGroupIdentifier: ARN, timestamp, message, ingestionTime: event.ingestionTime }]);
    return event;
  }

  readonly send = async (command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> => {
    if (command instanceof DescribeLogGroupsCommand) {
      this.calls.push({ name: 'DescribeLogGroups', input: command.input });
      if (this.describeErrors.length) throw this.describeErrors.shift();
      const names = [...this.store.keys()].filter((n) => n.startsWith(command.input.logGroupNamePrefix ?? ''));
      return { logGroups: names.map((logGroupName) => ({ logGroupName, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroupName}:*` })) };
    }
    if (command instanceof FilterLogEventsCommand) {
      const input: FilterLogEventsCommandInput = command.input;
      this.calls.push({ name: 'FilterLogEvents', input });
      if (this.filterErrors.length) throw this.filterErrors.shift();
      const events = this.store.get(input.logGroupName ?? '');
      if (!events) throw awsError('ResourceNotFoundException', 'The specified log group does not exist.');
      const matching = events.filter((e) => e.timestamp >= (input.startTime ?? 0)).sort((a, b) => a.timestamp - b.timestamp);
      const from = Number(input.nextToken ?? 0);
      const page = matching.slice(from, from + this.pageSize);
      return { events: page.map((e) => ({ ...e })), nextToken: from + this.pageSize < matching.length ? String(from + this.pageSize) : undefined };
    }
    if (command instanceof StartLiveTailCommand) {
      const input: StartLiveTailCommandInput = command.input;
      this.calls.push({ name: 'StartLiveTail', input });
      if (this.liveTailErrors.length) throw this.liveTailErrors.shift();
      this.beforeSession?.(this.sessions.length + 1);
      const stream = new FakeLiveTailStream(options?.abortSignal ?? new AbortController().signal);
      this.sessions.push(stream);
      return { responseStream: stream };
    }
    throw new Error(`unexpected command ${(command as object).constructor.name}`);
  };

  count(name: string): number {
    return this.calls.filter((c) => c.name === name).length;
  }
}

/** Lets the tail's loop run until `condition` holds (bounded by turns of the event loop, not by time). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 20_000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never happened: ${what}`);
}

interface Harness {
  fake: FakeCloudWatchLogs;
  events: TailEvent[];
  statuses: TailStatus[];
  sleeps: number[];
  controller: AbortController;
  clock: { now: number };
  done: Promise<TailSummary>;
}

function startTail(fake: FakeCloudWatchLogs, options: Partial<TailOptions> = {}): Harness {
  const events: TailEvent[] = [];
  const statuses: TailStatus[] = [];
  const sleeps: number[] = [];
  const clock = { now: 1_000_000 };
  const controller = new AbortController();
  const gateway = new LogsGateway(fake as LogsClient, {
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    now: () => clock.now,
  });
  const done = gateway.tail(GROUP, {
    signal: controller.signal,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    startTime: 0,
    ...options,
  });
  return { fake, events, statuses, sleeps, controller, clock, done };
}

const messages = (events: TailEvent[]) => events.map((e) => e.message);

describe('logsGateway: Live Tail (FAKE stream at the gateway seam; moto has no Live Tail)', () => {
  it('streams events, reports liveTail mode, and passes the ARN and filter pattern', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    fake.ingest('before', 1_000);
    const h = startTail(fake, { filterPattern: 'ERROR' });
    await until(() => fake.sessions.length === 1 && h.events.length === 1, 'session with backfill');
    fake.ingest('live-1', 2_000, V1, fake.sessions[0]);
    fake.ingest('live-2', 2_001, V2, fake.sessions[0]);
    await until(() => h.events.length === 3, 'live events');
    h.controller.abort();
    const summary = await h.done;

    assert.deepEqual(messages(h.events), ['before', 'live-1', 'live-2']);
    assert.deepEqual(h.events.map((e) => e.version), ['1', '1', '2']);
    assert.equal(summary.mode, 'liveTail');
    assert.ok(h.statuses.some((s) => s.state === 'liveTail' && s.mode === 'liveTail'));
    const start = fake.calls.find((c) => c.name === 'StartLiveTail')!.input as StartLiveTailCommandInput;
    assert.deepEqual(start.logGroupIdentifiers, [ARN], 'ARN without the trailing :*');
    assert.equal(start.logEventFilterPattern, 'ERROR');
    assert.equal((fake.calls.find((c) => c.name === 'FilterLogEvents')!.input as FilterLogEventsCommandInput).filterPattern, 'ERROR');
    assert.ok(fake.sessions[0].closed, 'abort closed the stream');
  });

  for (const ending of ['SessionTimeoutException event', 'SessionTimeoutException thrown', 'stream closed'] as const) {
    it(`reconnects after the session ends (${ending}) without duplicates or gaps`, async () => {
      const fake = new FakeCloudWatchLogs();
      fake.createGroup();
      fake.ingest('e1', 1_000);
      // Between the two sessions, e6 and e7 are ingested; e7 also reaches the new session's stream.
      fake.beforeSession = (n) => {
        if (n === 2) {
          fake.ingest('e6', 1_006);
          fake.ingest('e7', 1_007);
        }
      };
      const h = startTail(fake);
      await until(() => fake.sessions.length === 1 && h.events.length === 1, 'first session');
      const first = fake.sessions[0];
      for (const [message, ts] of [['e2', 1_002], ['e3', 1_003], ['tick', 1_004], ['tick', 1_004], ['e5', 1_005]] as const) {
        fake.ingest(message, ts, V1, first);
      }
      await until(() => h.events.length === 6, 'first session events');

      h.clock.now += 3 * 3600_000; // the 3-hour limit
      if (ending === 'SessionTimeoutException event') first.timeout();
      else if (ending === 'SessionTimeoutException thrown') first.fail(awsError('SessionTimeoutException', 'session timed out'));
      else first.end();
      await until(() => fake.sessions.length === 2, 'second session');
      const second = fake.sessions[1];
      const e7 = fake.store.get(GROUP)!.find((e) => e.message === 'e7')!;
      second.push([{ logStreamName: V1, timestamp: e7.timestamp, message: 'e7', ingestionTime: e7.ingestionTime }]);
      fake.ingest('e8', 1_008, V1, second);
      await until(() => h.events.some((e) => e.message === 'e8'), 'e8');
      h.controller.abort();
      const summary = await h.done;

      assert.deepEqual(messages(h.events), ['e1', 'e2', 'e3', 'tick', 'tick', 'e5', 'e6', 'e7', 'e8']);
      assert.equal(summary.sessions, 2);
      assert.ok(summary.duplicatesDropped >= 7, `backfill overlap and the streamed e7 were dropped (${summary.duplicatesDropped})`);
      assert.ok(h.statuses.some((s) => s.state === 'reconnecting'));
      assert.ok(first.closed, 'the ended session was closed');
      const backfill = fake.calls.filter((c) => c.name === 'FilterLogEvents').map((c) => (c.input as FilterLogEventsCommandInput).startTime);
      assert.ok(backfill.includes(0), 'the second backfill starts at cursor − lookback (clamped to the start time)');
    });
  }

  it('a stream error mid-session backs off, reconnects and still delivers each event once', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    const h = startTail(fake);
    await until(() => fake.sessions.length === 1, 'session');
    fake.ingest('a', 1_000, V1, fake.sessions[0]);
    await until(() => h.events.length === 1, 'a');
    fake.sessions[0].fail(awsError('SessionStreamingException', 'internal stream error'));
    await until(() => fake.sessions.length === 2, 'reconnected');
    fake.ingest('b', 1_001, V1, fake.sessions[1]);
    await until(() => h.events.length === 2, 'b');
    h.controller.abort();
    await h.done;
    assert.deepEqual(messages(h.events), ['a', 'b']);
    assert.ok(h.statuses.some((s) => s.state === 'retrying'));
    assert.ok(h.sleeps.includes(2_000), `backed off before reconnecting: ${h.sleeps}`);
  });

  it('a session that ends at once is not retried in a busy loop: the waits grow', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    const h = startTail(fake);
    for (let n = 1; n <= 4; n++) {
      await until(() => fake.sessions.length === n, `session ${n}`);
      fake.sessions[n - 1].end();
    }
    await until(() => fake.sessions.length === 5, 'session 5');
    h.controller.abort();
    await h.done;
    assert.deepEqual(h.sleeps.slice(0, 4), [2_000, 4_000, 8_000, 16_000]);
  });

  it('reports sampling once when Live Tail samples a busy group', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    const h = startTail(fake);
    await until(() => fake.sessions.length === 1, 'session');
    fake.sessions[0].push([{ logStreamName: V1, timestamp: 5, message: 'x', ingestionTime: 6 }], true);
    fake.sessions[0].push([{ logStreamName: V1, timestamp: 6, message: 'y', ingestionTime: 7 }], true);
    await until(() => h.events.length === 2, 'events');
    h.controller.abort();
    await h.done;
    assert.equal(h.statuses.filter((s) => s.state === 'sampled').length, 1);
  });

  it('waits for a missing log group, then starts Live Tail when it appears', async () => {
    const fake = new FakeCloudWatchLogs();
    const h = startTail(fake);
    await until(() => h.statuses.some((s) => s.state === 'waitingForLogGroup'), 'waiting status');
    assert.equal(fake.count('StartLiveTail'), 0);
    fake.createGroup();
    await until(() => fake.sessions.length === 1, 'session after the group appeared');
    fake.ingest('first', 1_000, V1, fake.sessions[0]);
    await until(() => h.events.length === 1, 'event');
    h.controller.abort();
    await h.done;
    assert.match(h.statuses.find((s) => s.state === 'waitingForLogGroup')!.message, /waiting for log group \/aws\/lambda\/orders-api/);
  });

  it('abort while the stream is idle resolves the tail and closes the stream', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    const h = startTail(fake);
    await until(() => h.statuses.some((s) => s.state === 'liveTail'), 'live');
    h.controller.abort();
    const summary = await h.done;
    assert.equal(summary.delivered, 0);
    assert.ok(fake.sessions[0].closed);
    assert.equal(h.statuses.at(-1)?.state, 'stopped');
  });
});

describe('logsGateway: fallback decision', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['moto: the stream- host does not resolve', Object.assign(new Error('getaddrinfo ENOTFOUND stream-127.0.0.1'), { code: 'ENOTFOUND', hostname: 'stream-127.0.0.1', $metadata: { attempts: 3 } }), 'unsupported'],
    ['stream- host refuses the connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', hostname: 'stream-localhost' }), 'unsupported'],
    ['moto reached without host prefix: HTML 500', awsError('SyntaxError', `Unexpected token '<', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response…`, { $metadata: { httpStatusCode: 500 } }), 'unsupported'],
    ['404', awsError('UnknownError', 'Not Found', { $metadata: { httpStatusCode: 404 } }), 'unsupported'],
    ['unknown operation', awsError('UnknownOperationException'), 'unsupported'],
    ['no permission for Live Tail', awsError('AccessDeniedException', 'not authorized to perform: logs:StartLiveTail'), 'notPermitted'],
    ['account session limit', awsError('LimitExceededException'), 'sessionLimit'],
    ['real endpoint unreachable (no stream- host)', Object.assign(new Error('getaddrinfo ENOTFOUND logs.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'logs.us-east-1.amazonaws.com' }), undefined],
    ['throttling', awsError('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 400 } }), undefined],
    ['bad credentials', awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'), undefined],
    ['missing log group', awsError('ResourceNotFoundException'), undefined],
    ['server error with a JSON body', awsError('ServiceUnavailableException', 'try later', { $metadata: { httpStatusCode: 503 } }), undefined],
    ['invalid filter pattern', awsError('InvalidParameterException', 'Invalid filter pattern'), undefined],
  ];
  for (const [what, error, reason] of cases) {
    it(`${what} → ${reason ?? 'not a fallback'}`, () => assert.equal(liveTailFallbackReason(error), reason));
  }

  it('falls back to polling when StartLiveTail fails like against moto, and says why', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    fake.liveTailErrors = [Object.assign(new Error('getaddrinfo ENOTFOUND stream-127.0.0.1'), { code: 'ENOTFOUND', hostname: 'stream-127.0.0.1' })];
    fake.ingest('polled', 1_000);
    const h = startTail(fake);
    await until(() => h.events.length === 1, 'polled event');
    h.controller.abort();
    const summary = await h.done;
    assert.equal(summary.mode, 'polling');
    assert.equal(summary.fallbackReason, 'unsupported');
    const polling = h.statuses.find((s) => s.state === 'polling')!;
    assert.match(polling.message, /polling every 1 s \(Live Tail is not available at this endpoint: getaddrinfo ENOTFOUND stream-127\.0\.0\.1\)/);
    assert.equal(fake.count('StartLiveTail'), 1, 'Live Tail is not retried once it is known to be unsupported');
  });

  it('after a session worked, the same error is retried as a reconnect, not a fallback', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    const h = startTail(fake);
    await until(() => fake.sessions.length === 1, 'session');
    fake.liveTailErrors = [Object.assign(new Error('getaddrinfo ENOTFOUND stream-logs.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'stream-logs.us-east-1.amazonaws.com' })];
    fake.sessions[0].end();
    await until(() => fake.sessions.length === 2, 'second session');
    h.controller.abort();
    const summary = await h.done;
    assert.equal(summary.mode, 'liveTail');
    assert.equal(summary.fallbackReason, undefined);
  });

  it('mode "polling" never tries Live Tail', async () => {
    const fake = new FakeCloudWatchLogs();
    fake.createGroup();
    fake.ingest('x', 1);
    const h = startTail(fake, { mode: 'polling' });
    await until(() => h.events.length === 1, 'event');
    h.controller.abort();
    assert.equal((await h.done).fallbackReason, 'forced');
    assert.equal(fake.count('StartLiveTail'), 0);
  });
});

describe('logsGateway: polling', () => {
  function pollingFake(): FakeCloudWatchLogs {
    const fake = new FakeCloudWatchLogs();
    fake.liveTailErrors = [awsError('UnknownOperationException')];
    return fake;
  }

  it('follows nextToken and de-duplicates overlapping polls by eventId', async () => {
    const fake = pollingFake();
    fake.createGroup();
    for (let i = 0; i < 10; i++) fake.ingest(`m${i}`, 1_000 + i, i % 2 ? V2 : V1);
    const h = startTail(fake, { lookbackMs: 60_000 });
    await until(() => h.events.length === 10, 'first ten');
    for (let i = 10; i < 14; i++) fake.ingest(`m${i}`, 1_000 + i);
    await until(() => h.events.length === 14, 'next four');
    const polls = fake.count('FilterLogEvents');
    await until(() => fake.count('FilterLogEvents') >= polls + 8, 'more polls');
    h.controller.abort();
    const summary = await h.done;
    assert.deepEqual(messages(h.events), Array.from({ length: 14 }, (_, i) => `m${i}`));
    assert.ok(summary.duplicatesDropped >= 14, 'every later poll re-read the window and dropped it');
    assert.ok(fake.calls.some((c) => c.name === 'FilterLogEvents' && (c.input as FilterLogEventsCommandInput).nextToken), 'paged');
  });

  it('delivers only the requested versions', async () => {
    const fake = pollingFake();
    fake.createGroup();
    fake.ingest('one', 1_000, V1);
    fake.ingest('two', 1_001, V2);
    fake.ingest('custom', 1_002, 'custom-stream');
    fake.ingest('two again', 1_003, V2);
    const h = startTail(fake, { versions: ['2'] });
    await until(() => h.events.length === 2 && fake.count('FilterLogEvents') > 3, 'filtered');
    h.controller.abort();
    await h.done;
    assert.deepEqual(messages(h.events), ['two', 'two again']);
  });

  it('starts each poll at the newest event time minus the lookback', async () => {
    const fake = pollingFake();
    fake.createGroup();
    fake.ingest('a', 50_000);
    const h = startTail(fake, { lookbackMs: 5_000, startTime: 10_000 });
    await until(() => fake.count('FilterLogEvents') >= 3, 'polls');
    h.controller.abort();
    await h.done;
    const starts = fake.calls.filter((c) => c.name === 'FilterLogEvents').map((c) => (c.input as FilterLogEventsCommandInput).startTime);
    assert.equal(starts[0], 10_000);
    assert.equal(starts[1], 45_000);
  });

  it('backs off on throttling (fake: moto never throttles), doubling up to 30 s, then resets', async () => {
    const fake = pollingFake();
    fake.createGroup();
    const throttle = () => awsError('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 400 } });
    fake.filterErrors = Array.from({ length: 6 }, throttle);
    fake.ingest('after the storm', 1_000);
    const h = startTail(fake);
    await until(() => h.events.length === 1, 'event after throttling');
    await until(() => h.sleeps.length >= 8, 'steady polling');
    h.controller.abort();
    await h.done;
    assert.deepEqual(h.sleeps.slice(0, 8), [2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 1_000, 1_000]);
    const throttled = h.statuses.filter((s) => s.state === 'throttled');
    assert.equal(throttled.length, 5, 'one status per distinct wait (the second 30 s wait repeats the first)');
    assert.equal(throttled[0].retryInMs, 2_000);
    assert.equal(h.statuses.at(-2)?.state, 'polling', 'polling status again after recovering');
  });

  it('retries a network failure the same way, without giving up', async () => {
    const fake = pollingFake();
    fake.createGroup();
    fake.filterErrors = [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })];
    fake.ingest('ok', 1_000);
    const h = startTail(fake);
    await until(() => h.events.length === 1, 'event');
    h.controller.abort();
    await h.done;
    assert.ok(h.statuses.some((s) => s.state === 'retrying' && /socket hang up/.test(s.message)));
  });

  it('a missing log group is a waiting status, and a late log group is picked up', async () => {
    const fake = pollingFake();
    fake.store.set('/aws/lambda/other', []);
    const h = startTail(fake, { mode: 'polling' });
    await until(() => fake.count('FilterLogEvents') >= 3, 'a few polls of a missing group');
    assert.equal(h.statuses.filter((s) => s.state === 'waitingForLogGroup').length, 1, 'said once, not every poll');
    assert.deepEqual(h.sleeps.slice(0, 3), [1_000, 1_000, 1_000], 'no backoff while waiting');
    fake.createGroup();
    fake.ingest('hello', 1_000);
    await until(() => h.events.length === 1, 'event of the late group');
    h.controller.abort();
    await h.done;
    assert.equal(h.statuses.filter((s) => s.state === 'polling').length, 1);
  });

  it('bad credentials end the tail with a ReleaseError', async () => {
    const fake = pollingFake();
    fake.createGroup();
    fake.filterErrors = [awsError('UnrecognizedClientException', 'The security token included in the request is invalid.')];
    const h = startTail(fake);
    await assert.rejects(h.done, (error: unknown) => error instanceof ReleaseError && error.kind === 'credentials');
  });

  it('an error thrown by onEvent ends the tail with that error', async () => {
    const fake = pollingFake();
    fake.createGroup();
    fake.ingest('boom', 1_000);
    const controller = new AbortController();
    const gateway = new LogsGateway(fake as LogsClient, { sleep: async () => undefined });
    const oops = new Error('channel disposed');
    await assert.rejects(
      gateway.tail(GROUP, { signal: controller.signal, startTime: 0, onEvent: () => { throw oops; } }),
      (error: unknown) => error === oops,
    );
  });
});
