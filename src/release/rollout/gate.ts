/**
 * The health gate's decision table, pure: given what was read for the NEW version (and the old one
 * over the same window), say `pass`, `fail` or `wait`, with every reason and its numbers.
 *
 * Order of the table (first match decides):
 * 1. fail — any signal that is bad on its own: a named alarm in ALARM; error lines of the new
 *    version's log streams at or over the threshold; the new version's failure rate (errors +
 *    throttles over invocations + throttles, once it has `minInvocations`) over the absolute limit,
 *    or over the old version's rate by more than the margin (when the old one has `minInvocations`).
 *    A bad signal aborts even while another signal cannot be read.
 * 2. wait — a signal could not be read (throttled, network, alarm not found): the step never
 *    advances on missing data; the runner aborts when this lasts longer than its limit.
 * 3. too little traffic for the new version — `noTraffic: 'advance'` passes and SAYS so;
 *    `'wait'` waits (and the same limit applies).
 * 4. pass.
 */

export interface VersionCounts {
  invocations: number;
  errors: number;
  throttles: number;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING';

export interface AlarmReading {
  name: string;
  state: AlarmStateValue;
  reason?: string;
}

/** A signal that could not be read this time, and why (e.g. "throttled by CloudWatch"). */
export interface Unavailable {
  unavailable: string;
}

export interface GateReadings {
  metrics: { newVersion: VersionCounts; oldVersion: VersionCounts } | Unavailable;
  alarms: AlarmReading[] | Unavailable;
  /** Error lines counted in the new version's log streams since the rollout started. */
  logErrors: { count: number; lastLine?: string } | Unavailable;
}

export type NoTrafficPolicy = 'advance' | 'wait';

export interface GateSettings {
  /** The new version fails above this failure rate, in percent. */
  maxErrorRatePercent: number;
  /** …or above the old version's rate plus this many percentage points. */
  errorRateMarginPercent: number;
  /** A version's rate counts only from this many invocations in the window. */
  minInvocations: number;
  noTraffic: NoTrafficPolicy;
  /** Error lines in the new version's logs that fail the gate (0 turns the log signal off). */
  logErrorThreshold: number;
  /** CloudWatch alarms whose ALARM state fails the gate. */
  alarmNames: string[];
}

export const DEFAULT_GATE_SETTINGS: GateSettings = {
  maxErrorRatePercent: 5,
  errorRateMarginPercent: 2,
  minInvocations: 10,
  noTraffic: 'wait',
  logErrorThreshold: 3,
  alarmNames: [],
};

export type GateVerdict = 'pass' | 'fail' | 'wait';

export interface GateDecision {
  verdict: GateVerdict;
  /** Why: for fail, every failing signal; for wait, every unreadable signal or the traffic shortfall. */
  reasons: string[];
  /** One line with every number, for the output channel: `new 42: 1/120 failed (0.8%) · old 41: …`. */
  summary: string;
  /** Set when the step passes without enough traffic to judge it (policy `advance`). */
  note?: string;
}

/** Rates are ratios of integers: 3% − 1% must equal a 2-point margin, not exceed it by a rounding error. */
const EPSILON = 1e-9;

export function isUnavailable(value: unknown): value is Unavailable {
  return typeof value === 'object' && value !== null && 'unavailable' in value;
}

/** Failed share of attempts: (errors + throttles) / (invocations + throttles), 0 without attempts. */
export function failureRate(counts: VersionCounts): number {
  const attempts = counts.invocations + counts.throttles;
  return attempts > 0 ? (counts.errors + counts.throttles) / attempts : 0;
}

export function decide(readings: GateReadings, settings: GateSettings, versions: { from: string; to: string }): GateDecision {
  const fails: string[] = [];
  const waits: string[] = [];
  const parts: string[] = [];

  // Alarms.
  if (isUnavailable(readings.alarms)) {
    if (settings.alarmNames.length > 0) {
      waits.push(`alarms could not be read (${readings.alarms.unavailable})`);
      parts.push('alarms: unreadable');
    }
  } else if (readings.alarms.length > 0) {
    for (const alarm of readings.alarms) {
      if (alarm.state === 'ALARM') fails.push(`alarm ${alarm.name} is in ALARM${alarm.reason ? ` (${alarm.reason})` : ''}`);
      if (alarm.state === 'MISSING') waits.push(`alarm ${alarm.name} does not exist`);
    }
    parts.push(`alarms: ${readings.alarms.map((a) => `${a.name} ${a.state}`).join(', ')}`);
  }

  // Log signal.
  if (settings.logErrorThreshold > 0) {
    if (isUnavailable(readings.logErrors)) {
      // The log signal is the fast path, not the only one: unreadable logs never block a step on their own.
      parts.push(`log errors: unreadable (${readings.logErrors.unavailable})`);
    } else {
      parts.push(`log errors of ${versions.to}: ${readings.logErrors.count}/${settings.logErrorThreshold}`);
      if (readings.logErrors.count >= settings.logErrorThreshold) {
        fails.push(
          `${readings.logErrors.count} error line${readings.logErrors.count === 1 ? '' : 's'} in version ${versions.to}'s logs (threshold ${settings.logErrorThreshold})${readings.logErrors.lastLine ? `: ${shorten(readings.logErrors.lastLine)}` : ''}`,
        );
      }
    }
  }

  // Metrics.
  let tooLittleTraffic: string | undefined;
  if (isUnavailable(readings.metrics)) {
    waits.push(`metrics could not be read (${readings.metrics.unavailable})`);
    parts.unshift('metrics: unreadable');
  } else {
    const { newVersion, oldVersion } = readings.metrics;
    const newRate = failureRate(newVersion);
    const oldRate = failureRate(oldVersion);
    const newCounts = newVersion.invocations + newVersion.throttles >= settings.minInvocations;
    const oldCounts = oldVersion.invocations + oldVersion.throttles >= settings.minInvocations;
    parts.unshift(`new ${versions.to}: ${describeCounts(newVersion)} · old ${versions.from}: ${describeCounts(oldVersion)}`);
    if (!newCounts) {
      tooLittleTraffic = `too little traffic for version ${versions.to}: ${newVersion.invocations + newVersion.throttles} of ${settings.minInvocations} invocations needed to judge it`;
    } else {
      if (newRate * 100 > settings.maxErrorRatePercent + EPSILON) {
        fails.push(`version ${versions.to} fails ${percent(newRate)} of invocations (limit ${settings.maxErrorRatePercent}%)`);
      } else if (oldCounts && (newRate - oldRate) * 100 > settings.errorRateMarginPercent + EPSILON) {
        fails.push(`version ${versions.to} fails ${percent(newRate)} of invocations, version ${versions.from} ${percent(oldRate)} (margin ${settings.errorRateMarginPercent} points)`);
      }
    }
  }

  const summary = parts.join(' · ');
  if (fails.length > 0) return { verdict: 'fail', reasons: fails, summary };
  if (waits.length > 0) return { verdict: 'wait', reasons: waits, summary };
  if (tooLittleTraffic) {
    if (settings.noTraffic === 'advance') return { verdict: 'pass', reasons: [], summary, note: `${tooLittleTraffic}; advancing anyway (lambdaRelease.rollout.noTraffic is "advance")` };
    return { verdict: 'wait', reasons: [tooLittleTraffic], summary };
  }
  return { verdict: 'pass', reasons: [], summary };
}

/** `3/120 failed (2.5%), 1 throttled`. */
export function describeCounts(counts: VersionCounts): string {
  const attempts = counts.invocations + counts.throttles;
  const throttled = counts.throttles > 0 ? `, ${counts.throttles} throttled` : '';
  return `${counts.errors + counts.throttles}/${attempts} failed (${percent(failureRate(counts))})${throttled}`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

function shorten(line: string): string {
  const one = line.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 160)}…` : one;
}
