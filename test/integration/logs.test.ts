/**
 * Tail logs against moto_server through the real SDK and LogsGateway. moto does not implement
 * StartLiveTail (the SDK sends it to the host `stream-127.0.0.1`, which does not resolve), so
 * every tail here must fall back to FilterLogEvents polling and say so; Live Tail itself is
 * covered with a fake stream in test/unit/logsGateway.test.ts. No assertion here depends on time:
 * latency over 10,000 events is printed, and measured against `aws logs tail` in bench/logTail.ts.
 */
import * as assert from 'node:assert/strict';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { LogsGateway, liveTailFallbackReason, type LogsClient, type TailOptions, type TailStatus, type TailSummary } from '../../src/aws/logsGateway';
import { formatLogLine, versionsForAlias, type TailEvent } from '../../src/release/logFilter';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, publishVersions } from '../support/seed';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function streamName(version: string, instance = 'a'): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${instance.repeat(32).slice(0, 32)}`;
}

describe('tail logs against moto (no Live Tail there: polling fallback)', function () {
  let moto: MotoServer;
  let client: CloudWatchLogsClient;

  before(async () => {
    moto = await startMoto();
    client = new CloudWatchLogsClient({ region: REGION, endpoint: moto.endpoint, credentials });
  });
  beforeEach(() => moto.reset());
  after(async () => {
    client?.destroy();
    await moto?.stop();
  });

  async function createStreams(functionName: string, versions: string[]): Promise<{ group: string; streams: Record<string, string> }> {
    const group = `/aws/lambda/${functionName}`;
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const streams: Record<string, string> = {};
    for (const version of versions) {
      streams[version] = streamName(version);
      await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: streams[version] }));
    }
    return { group, streams };
  }

  async function put(group: string, stream: string, events: { message: string; timestamp: number }[]): Promise<void> {
    await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
  }

  interface Running {
    events: TailEvent[];
    statuses: TailStatus[];
    polls: () => number;
    controller: AbortController;
    done: Promise<TailSummary>;
  }

  /** Starts a tail; `send` is wrapped only to count requests, the SDK client talks to moto. */
  function tail(group: string, options: Partial<TailOptions> = {}): Running {
    let polls = 0;
    const counting: LogsClient = {
      send: ((command: Parameters<LogsClient['send']>[0], sendOptions?: Parameters<LogsClient['send']>[1]) => {
        if (command.constructor.name === 'FilterLogEventsCommand') polls++;
        return client.send(command, sendOptions);
      }) as LogsClient['send'],
    };
    const events: TailEvent[] = [];
    const statuses: TailStatus[] = [];
    const controller = new AbortController();
    const done = new LogsGateway(counting).tail(group, {
      signal: controller.signal,
      onEvent: (event) => events.push(event),
      onStatus: (status) => statuses.push(status),
      pollIntervalMs: 200,
      startTime: Date.now() - 60_000,
      ...options,
    });
    return { events, statuses, polls: () => polls, controller, done };
  }

  /** Waits for a condition on a running tail; the bound only keeps a broken tail from hanging the suite. */
  async function until(condition: () => boolean, what: string, boundMs = 30_000): Promise<void> {
    const giveUp = Date.now() + boundMs;
    while (!condition()) {
      if (Date.now() > giveUp) assert.fail(`never happened: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('StartLiveTail against moto fails on the stream- host, which counts as "unsupported"', async () => {
    await createStreams('probe', []);
    const error = await client
      .send(new StartLiveTailCommand({ logGroupIdentifiers: [`arn:aws:logs:${REGION}:123456789012:log-group:/aws/lambda/probe`] }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(error, 'moto unexpectedly accepted StartLiveTail: revisit the fallback tests');
    assert.match(String((error as Error).message), /stream-127\.0\.0\.1/);
    assert.equal(liveTailFallbackReason(error), 'unsupported');
  });

  it('chooses polling, prints each event once, in order, filtered by version (before and during the tail)', async () => {
    const { group, streams } = await createStreams('orders-api', ['1', '2', '$LATEST']);
    const t0 = Date.now() - 10_000;
    // Interleaved across versions, strictly increasing times.
    for (let i = 0; i < 30; i++) {
      const version = ['1', '2', '$LATEST'][i % 3];
      await put(group, streams[version], [{ message: `before ${i} v${version}`, timestamp: t0 + i }]);
    }
    const running = tail(group, { versions: ['2'] });
    await until(() => running.events.length === 10, 'the ten earlier v2 events');
    const t1 = Date.now();
    for (let i = 0; i < 12; i++) {
      const version = ['1', '2'][i % 2];
      await put(group, streams[version], [{ message: `during ${i} v${version}\n`, timestamp: t1 + i }]);
    }
    await until(() => running.events.length === 16, 'the six later v2 events');
    const polls = running.polls();
    await until(() => running.polls() >= polls + 5, 'five more polls (which must add nothing)');
    running.controller.abort();
    const summary = await running.done;

    const expected = [
      ...Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === 1).map((i) => `before ${i} v2`),
      ...Array.from({ length: 12 }, (_, i) => i).filter((i) => i % 2 === 1).map((i) => `during ${i} v2\n`),
    ];
    assert.deepEqual(running.events.map((e) => e.message), expected);
    assert.ok(running.events.every((e) => e.version === '2' && e.logStreamName === streams['2']));
    assert.equal(summary.mode, 'polling');
    assert.equal(summary.fallbackReason, 'unsupported');
    assert.ok(summary.duplicatesDropped > 0, 'the overlapping polls did re-read events');
    const mode = running.statuses.find((s) => s.state === 'polling');
    assert.match(mode?.message ?? '', /^polling every 0\.2 s \(Live Tail is not available at this endpoint: .*stream-127\.0\.0\.1/);
    assert.match(formatLogLine(running.events.at(-1)!), /^\d{4}-\d\d-\d\dT[\d:.]+Z \[2\] during 11 v2$/);
  });

  it('an alias with a canary (read from moto) shows both of its versions', async () => {
    await createFunction(moto.endpoint, REGION, 'orders-api');
    const published = await publishVersions(moto.endpoint, REGION, 'orders-api', ['one', 'two', 'three']);
    assert.deepEqual(published.map((p) => p.version), ['1', '2', '3']);
    await createAlias(moto.endpoint, REGION, 'orders-api', 'prod', '1', { '2': 0.1 });
    const lambda = new LambdaClient({ region: REGION, endpoint: moto.endpoint, credentials });
    const alias = await new LambdaGateway(lambda, { profile: 'test', region: REGION }).getAlias('orders-api', 'prod');
    lambda.destroy();
    const versions = versionsForAlias(alias);
    assert.deepEqual(versions, ['1', '2']);

    const { group, streams } = await createStreams('orders-api', ['$LATEST', '1', '2', '3']);
    const t0 = Date.now() - 5_000;
    for (const [i, version] of ['$LATEST', '1', '2', '3', '2', '1'].entries()) {
      await put(group, streams[version], [{ message: `m${i} v${version}`, timestamp: t0 + i }]);
    }
    const running = tail(group, { versions });
    await until(() => running.events.length === 4, 'the four prod events');
    const polls = running.polls();
    await until(() => running.polls() >= polls + 3, 'three more polls');
    running.controller.abort();
    await running.done;
    assert.deepEqual(running.events.map((e) => e.message), ['m1 v1', 'm2 v2', 'm4 v2', 'm5 v1']);
  });

  it('a late log group is picked up: "waiting for log group…", then its events', async () => {
    const running = tail('/aws/lambda/late-fn', { pollIntervalMs: 100 });
    await until(() => running.statuses.some((s) => s.state === 'waitingForLogGroup'), 'waiting status');
    assert.equal(running.events.length, 0);
    const { group, streams } = await createStreams('late-fn', ['$LATEST']);
    await put(group, streams.$LATEST, [
      { message: 'first invocation', timestamp: Date.now() },
      { message: 'second line', timestamp: Date.now() + 1 },
    ]);
    await until(() => running.events.length === 2, 'events of the late group');
    running.controller.abort();
    const summary = await running.done;
    assert.deepEqual(running.events.map((e) => e.message), ['first invocation', 'second line']);
    assert.equal(summary.mode, 'polling', 'Live Tail was tried once the group existed, and fell back');
    assert.match(running.statuses.find((s) => s.state === 'waitingForLogGroup')!.message, /waiting for log group \/aws\/lambda\/late-fn…/);
    const states = running.statuses.map((s) => s.state);
    assert.ok(states.indexOf('waitingForLogGroup') < states.indexOf('polling'));
  });

  it('10,000 events over two versions while tailing (default 1 s polls): no duplicates, no gaps', async function () {
    this.timeout(120_000);
    const { group, streams } = await createStreams('busy-fn', ['7', '8']);
    const total = 10_000;
    const batch = 100;
    const seenAt = new Map<string, number>();
    const sentAt = new Map<string, number>();
    const delivered: string[] = [];
    const running = tail(group, {
      pollIntervalMs: undefined, // the default, 1 s
      startTime: Date.now() - 1_000,
      onEvent: (event) => {
        delivered.push(event.message);
        if (!seenAt.has(event.message)) seenAt.set(event.message, Date.now());
      },
    });
    for (let start = 0; start < total; start += batch) {
      const version = (start / batch) % 2 ? '8' : '7';
      const timestamp = Date.now();
      const events = Array.from({ length: batch }, (_, i) => ({ message: `seq ${start + i}`, timestamp }));
      await put(group, streams[version], events);
      for (const event of events) sentAt.set(event.message, timestamp);
      if ((start / batch) % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 100)); // a realistic, bursty writer
    }
    await until(() => delivered.length >= total, `all ${total} events (got ${delivered.length})`, 60_000);
    const polls = running.polls();
    await until(() => running.polls() >= polls + 3, 'three more polls');
    running.controller.abort();
    const summary = await running.done;

    const unique = new Set(delivered);
    const duplicates = delivered.length - unique.size;
    const gaps = [...sentAt.keys()].filter((m) => !unique.has(m)).length;
    const latencies = [...sentAt].map(([message, at]) => (seenAt.get(message) ?? Number.NaN) - at);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    const max = Math.max(...latencies);
    // Figures for the report, not assertions: latency depends on the machine.
    console.log(`      10,000 events: duplicates ${duplicates}, gaps ${gaps}, event→callback latency mean ${mean.toFixed(0)} ms, max ${max} ms, polls ${running.polls()}, re-read and dropped ${summary.duplicatesDropped}`);
    assert.equal(duplicates, 0);
    assert.equal(gaps, 0);
    assert.equal(summary.delivered, total);
    assert.equal(summary.mode, 'polling');
  });
});
