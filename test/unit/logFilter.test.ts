/** Tail logs, pure part: stream-name versions, alias → versions, de-duplication window, line format. */
import * as assert from 'node:assert/strict';
import {
  OccurrenceIds,
  SeenEvents,
  TimeWindowMap,
  contentKey,
  formatLogLine,
  parseStreamVersion,
  streamMatches,
  versionsForAlias,
} from '../../src/release/logFilter';
import type { AliasSummary } from '../../src/aws/types';

describe('logFilter: stream names', () => {
  it('reads $LATEST and numbered versions from Lambda stream names', () => {
    assert.equal(parseStreamVersion('2026/11/23/[$LATEST]0123456789abcdef0123456789abcdef'), '$LATEST');
    assert.equal(parseStreamVersion('2026/11/23/[42]0123456789abcdef0123456789abcdef'), '42');
    assert.equal(parseStreamVersion('2026/11/23/[7]x'), '7');
    // A custom (possibly shared) log group: the function name precedes the version tag.
    assert.equal(parseStreamVersion('2026/11/23/orders-api[12]0123456789abcdef'), '12');
  });

  it('returns undefined for streams that do not follow Lambda naming', () => {
    for (const name of ['', 'my-custom-stream', '[42]abc', '2026/11/23/[prod]abc', '2026/11/23/42abc', '2026/11/23/[$LATEST abc']) {
      assert.equal(parseStreamVersion(name), undefined, name);
    }
  });

  it('matches streams against a set of versions; no filter matches everything', () => {
    const v42 = '2026/11/23/[42]aaa';
    const latest = '2026/11/23/[$LATEST]bbb';
    const custom = 'custom';
    assert.ok(streamMatches(v42, new Set(['41', '42'])));
    assert.ok(!streamMatches(latest, new Set(['41', '42'])));
    assert.ok(!streamMatches(custom, new Set(['42'])), 'a stream without a version never matches a version filter');
    assert.ok(streamMatches(custom, undefined));
    assert.ok(streamMatches(custom, new Set()));
    assert.ok(streamMatches(latest, new Set(['$LATEST'])));
  });
});

describe('logFilter: aliases', () => {
  const alias = (functionVersion: string, routing: AliasSummary['routing'] = []): AliasSummary => ({
    name: 'prod',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api:prod',
    functionVersion,
    routing,
  });

  it('an alias without a canary resolves to its one version', () => {
    assert.deepEqual(versionsForAlias(alias('41')), ['41']);
  });

  it('an alias during a canary resolves to both versions', () => {
    assert.deepEqual(versionsForAlias(alias('41', [{ version: '42', weight: 0.1 }])), ['41', '42']);
  });

  it('a routing entry naming the primary version is not listed twice', () => {
    assert.deepEqual(versionsForAlias(alias('41', [{ version: '41', weight: 0.5 }])), ['41']);
  });
});

describe('logFilter: formatLogLine', () => {
  it('prints ISO time, [version] and the message without its trailing newline', () => {
    const line = formatLogLine({ timestamp: Date.UTC(2026, 10, 23, 21, 56, 45, 123), logStreamName: '2026/11/23/[42]abc', message: 'START RequestId: 1\n' });
    assert.equal(line, '2026-11-23T21:56:45.123Z [42] START RequestId: 1');
  });

  it('keeps inner newlines, trims one CRLF, and shows [?] for streams without a version', () => {
    const line = formatLogLine({ timestamp: 0, logStreamName: 'custom', message: 'a\nb\r\n' });
    assert.equal(line, '1970-01-01T00:00:00.000Z [?] a\nb');
  });

  it('prefers an already parsed version', () => {
    assert.equal(formatLogLine({ timestamp: 0, logStreamName: 'x', message: 'm', version: '$LATEST' }), '1970-01-01T00:00:00.000Z [$LATEST] m');
  });
});

describe('logFilter: de-duplication', () => {
  /** Simulates FilterLogEvents polls whose time ranges overlap: each poll re-reads the last `overlap` events. */
  it('delivers every event exactly once across overlapping polls', () => {
    const seen = new SeenEvents({ windowMs: 10_000, maxEntries: 10_000 });
    const all = Array.from({ length: 500 }, (_, i) => ({ id: `e${i}`, timestamp: 1_000_000 + i * 10 }));
    const delivered: string[] = [];
    for (let end = 20; end <= all.length; end += 20) {
      const poll = all.slice(Math.max(0, end - 60), end); // 40 of every 60 were read before
      for (const event of poll) if (seen.admit(event.id, event.timestamp)) delivered.push(event.id);
    }
    assert.deepEqual(delivered, all.map((e) => e.id));
  });

  it('answers false for an id it has already admitted within the window', () => {
    const seen = new SeenEvents({ windowMs: 1_000, maxEntries: 100 });
    assert.equal(seen.admit('a', 5_000), true);
    assert.equal(seen.admit('a', 5_000), false);
    assert.equal(seen.admit('b', 5_500), true);
    assert.equal(seen.admit('a', 5_000), false, 'still inside the window (newest 5500 − 1000)');
  });

  it('forgets ids older than the window, measured from the newest event time', () => {
    const seen = new SeenEvents({ windowMs: 1_000, maxEntries: 100 });
    seen.admit('old', 1_000);
    seen.admit('new', 2_001); // cutoff 1001 > 1000: "old" falls out
    assert.equal(seen.size, 1);
    assert.equal(seen.admit('new', 2_001), false);
  });

  it('keeps memory bounded over 200,000 events at a steady rate (window) and in a burst (cap)', () => {
    const steady = new SeenEvents({ windowMs: 1_000, maxEntries: 1_000_000 });
    let maxSize = 0;
    for (let i = 0; i < 200_000; i++) {
      steady.admit(`s${i}`, i); // one event per ms: the window holds about 1,001
      maxSize = Math.max(maxSize, steady.size);
    }
    assert.ok(maxSize <= 1_001, `window held ${maxSize}`);
    assert.ok(steady.queueLength <= 2 * 1_024 + 1_001, `queue holds ${steady.queueLength} slots`);

    const burst = new SeenEvents({ windowMs: 60_000, maxEntries: 5_000 });
    for (let i = 0; i < 200_000; i++) burst.admit(`b${i}`, 42); // all in the same millisecond
    assert.equal(burst.size, 5_000);
    assert.ok(burst.queueLength <= 2 * 1_024 + 5_000);
    assert.equal(burst.admit('b199999', 42), false, 'the newest ids are the ones kept');
  });

  it('lets a key set twice survive the eviction of its older slot', () => {
    const map = new TimeWindowMap<number>({ windowMs: 100, maxEntries: 10 });
    map.set('k', 1, 0);
    map.set('k', 2, 150); // refreshed: the slot at t=0 is evicted, the key must stay
    map.set('x', 1, 150);
    assert.equal(map.get('k'), 2);
    assert.equal(map.size, 2);
  });

  it('rejects a window that cannot hold anything', () => {
    assert.throws(() => new SeenEvents({ windowMs: 1_000, maxEntries: 0 }), RangeError);
  });
});

describe('logFilter: OccurrenceIds (events without eventId, as Live Tail sends them)', () => {
  const event = (message: string, timestamp = 1_000) => ({ logStreamName: '2026/11/23/[1]a', timestamp, ingestionTime: timestamp + 5, message });

  it('gives the same event the same id in two independent reads (session and backfill)', () => {
    const read1 = new OccurrenceIds();
    const read2 = new OccurrenceIds();
    const events = [event('a'), event('b'), event('a'), event('c', 1_001)];
    assert.deepEqual(events.map((e) => read1.idFor(e)), events.map((e) => read2.idFor(e)));
  });

  it('keeps identical lines of the same millisecond distinct within one read', () => {
    const ids = new OccurrenceIds();
    const first = ids.idFor(event('same'));
    const second = ids.idFor(event('same'));
    assert.notEqual(first, second);
    assert.equal(first.replace(/#\d+$/, ''), contentKey(event('same')));
  });

  it('distinguishes events by stream, time, ingestion time and message', () => {
    const base = event('m');
    const keys = new Set([
      contentKey(base),
      contentKey({ ...base, logStreamName: 'other' }),
      contentKey({ ...base, timestamp: base.timestamp + 1 }),
      contentKey({ ...base, ingestionTime: base.ingestionTime + 1 }),
      contentKey({ ...base, message: 'n' }),
    ]);
    assert.equal(keys.size, 5);
  });
});
