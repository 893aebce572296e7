/**
 * Tail logs, the pure part: which version wrote a log stream, which versions an alias sends traffic
 * to, de-duplication of events that overlapping reads return twice, and the output-channel line.
 *
 * API
 * - `parseStreamVersion(logStreamName) → string | undefined`: `2026/11/23/[$LATEST]abc…` → `$LATEST`,
 *     `2026/11/23/[42]abc…` → `42`; streams that do not follow Lambda's naming → undefined.
 * - `versionsForAlias(alias) → string[]`: the alias's version, plus the canary version while
 *     traffic is split (`AliasSummary` from src/aws/types fits structurally).
 * - `streamMatches(logStreamName, versions?) → boolean`: no/empty filter matches every stream.
 * - `formatLogLine(event) → string`: `2026-11-23T21:56:45.123Z [42] message` (one trailing newline
 *     of the message trimmed; inner newlines kept).
 * - `SeenEvents`: remembers event ids for a sliding window of event time (and at most `maxEntries`
 *     ids), so overlapping polls never deliver an event twice while memory stays bounded.
 * - `OccurrenceIds`: builds ids for events that carry no eventId (Live Tail): content key plus the
 *     occurrence number within one read, so identical lines logged in the same millisecond stay
 *     distinct, and the same event read again by another read (backfill, new session) gets the same id.
 */
import { createHash } from 'node:crypto';

/** One log event as the tail delivers it. */
export interface TailEvent {
  logStreamName: string;
  /** Event time, epoch ms. */
  timestamp: number;
  message: string;
  /** Time CloudWatch received it, epoch ms (both FilterLogEvents and Live Tail report it). */
  ingestionTime?: number;
  /** FilterLogEvents' id; Live Tail events have none. */
  eventId?: string;
  /** Version parsed from the stream name, when it follows Lambda's naming. */
  version?: string;
}

/**
 * Lambda names streams `YYYY/MM/DD/[VERSION]instance-id` (VERSION is `$LATEST` or a number); in a
 * custom log group (LoggingConfig.LogGroup, possibly shared) the function name comes before `[`.
 */
const STREAM_VERSION = /^\d{4}\/\d{2}\/\d{2}\/[^[/]*\[(\$LATEST|\d+)\]/;

export function parseStreamVersion(logStreamName: string): string | undefined {
  return STREAM_VERSION.exec(logStreamName)?.[1];
}

/** Both versions while a canary splits the alias's traffic, else just the one. */
export function versionsForAlias(alias: { functionVersion: string; routing?: readonly { version: string }[] }): string[] {
  const versions = [alias.functionVersion];
  for (const extra of alias.routing ?? []) if (!versions.includes(extra.version)) versions.push(extra.version);
  return versions;
}

export function streamMatches(logStreamName: string, versions?: ReadonlySet<string>): boolean {
  if (!versions || versions.size === 0) return true;
  const version = parseStreamVersion(logStreamName);
  return version !== undefined && versions.has(version);
}

export function formatLogLine(event: Pick<TailEvent, 'timestamp' | 'message' | 'logStreamName' | 'version'>): string {
  const version = event.version ?? parseStreamVersion(event.logStreamName) ?? '?';
  const message = event.message.replace(/\r?\n$/, '');
  return `${new Date(event.timestamp).toISOString()} [${version}] ${message}`;
}

export interface WindowOptions {
  /** Ids of events older than (newest event time − windowMs) are forgotten. */
  windowMs: number;
  /** Hard cap on remembered ids, whatever the event rate; the oldest go first. */
  maxEntries: number;
}

/**
 * A map whose entries expire by event time: entries are forgotten once they are `windowMs` older
 * than the newest one seen, or when more than `maxEntries` are held (oldest inserted first).
 * Eviction walks a queue in insertion order; events arrive roughly in time order, so an entry that
 * arrived late may outlive its window a little (never the reverse), which is the safe direction.
 */
export class TimeWindowMap<V> {
  private readonly entries = new Map<string, { value: V; seq: number }>();
  private queueKeys: string[] = [];
  private queueTimes: number[] = [];
  private queueSeqs: number[] = [];
  private head = 0;
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WindowOptions) {
    if (!(options.windowMs >= 0) || !(options.maxEntries >= 1)) throw new RangeError('windowMs must be ≥ 0 and maxEntries ≥ 1');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Newest event time seen, or −∞ before the first. */
  get newestTimestamp(): number {
    return this.newest;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, timestamp: number): void {
    const seq = ++this.seq;
    this.entries.set(key, { value, seq });
    this.queueKeys.push(key);
    this.queueTimes.push(timestamp);
    this.queueSeqs.push(seq);
    if (timestamp > this.newest) this.newest = timestamp;
    this.evict();
  }

  private evict(): void {
    const cutoff = this.newest - this.options.windowMs;
    while (this.head < this.queueKeys.length && (this.queueTimes[this.head] < cutoff || this.entries.size > this.options.maxEntries)) {
      const key = this.queueKeys[this.head];
      // Only the newest queue slot of a key owns it (a key set twice has two slots).
      if (this.entries.get(key)?.seq === this.queueSeqs[this.head]) this.entries.delete(key);
      this.head++;
    }
    // Compact now and then so the queue's memory stays proportional to what is held.
    if (this.head > 1024 && this.head * 2 > this.queueKeys.length) {
      this.queueKeys = this.queueKeys.slice(this.head);
      this.queueTimes = this.queueTimes.slice(this.head);
      this.queueSeqs = this.queueSeqs.slice(this.head);
      this.head = 0;
    }
  }

  /** Slots held by the eviction queue (for tests of bounded memory). */
  get queueLength(): number {
    return this.queueKeys.length - this.head;
  }
}

/**
 * Event ids already delivered. `admit` answers true the first time an id is offered. An id older
 * than the window is treated as new: callers never re-read further back than the window.
 */
export class SeenEvents {
  private readonly window: TimeWindowMap<true>;

  constructor(options: WindowOptions = { windowMs: 5 * 60_000, maxEntries: 50_000 }) {
    this.window = new TimeWindowMap(options);
  }

  admit(id: string, timestamp: number): boolean {
    if (this.window.get(id)) return false;
    this.window.set(id, true, timestamp);
    return true;
  }

  get size(): number {
    return this.window.size;
  }

  get queueLength(): number {
    return this.window.queueLength;
  }

  get newestTimestamp(): number {
    return this.window.newestTimestamp;
  }
}

/**
 * Ids for events without an eventId, valid within one read (a Live Tail session or one backfill):
 * `hash(stream, timestamp, ingestionTime, message)#n`, n counting identical events in this read.
 * Start a new instance for every read.
 */
export class OccurrenceIds {
  private readonly counts: TimeWindowMap<number>;

  constructor(options: WindowOptions = { windowMs: 5 * 60_000, maxEntries: 50_000 }) {
    this.counts = new TimeWindowMap(options);
  }

  idFor(event: Pick<TailEvent, 'logStreamName' | 'timestamp' | 'ingestionTime' | 'message'>): string {
    const key = contentKey(event);
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n, event.timestamp);
    return `${key}#${n}`;
  }
}

export function contentKey(event: Pick<TailEvent, 'logStreamName' | 'timestamp' | 'ingestionTime' | 'message'>): string {
  return createHash('sha1')
    .update(event.logStreamName)
    .update('\0')
    .update(String(event.timestamp))
    .update('\0')
    .update(String(event.ingestionTime ?? ''))
    .update('\0')
    .update(event.message)
    .digest('base64');
}
