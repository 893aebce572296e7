/**
 * Drives one rollout from its saved record to the end: performs the alias moves the state machine
 * asks for, reads the health gate while a step holds, saves the record after every change, and
 * takes user commands (pause, resume, promote now, abort). No `vscode` and no SDK: the alias
 * operations, the signals, the store, the clock and the log line sink are injected, so the same
 * runner runs in the editor (src/ui/rollouts.ts), in integration tests against moto and in bench/.
 *
 * Guarantees
 * - Every move goes through AliasOperations (RevisionId read just before, history recorded) with an
 *   `expect` check: the alias must be exactly where this rollout left it. Otherwise (or on a 412
 *   PreconditionFailed) the rollout STOPS, touches nothing, and says what the alias points at now.
 * - A move that was already applied (the record was not saved after it: a crash) is recognised from
 *   the alias itself and not repeated.
 * - The gate never advances on missing data: unreadable signals or too little traffic wait; the
 *   step aborts when it stays unjudgeable past its limit (state.ts `judge`).
 * - An error line in the new version's logs wakes the runner at once (no wait for the next poll).
 * - Ownership: the record carries this window's owner id and a heartbeat; a runner refuses a record
 *   another live window owns, and stops driving when it sees another owner took over.
 */
import { abortableSleep } from '../abortScope';
import type { AliasSummary } from '../../aws/types';
import type { AliasOperations } from '../aliasOperations';
import { describeTarget, formatPercent } from '../aliases';
import { ReleaseError, describeForLog, userFacing } from '../errors';
import { decide, isUnavailable, type AlarmReading, type GateReadings, type Unavailable, type VersionCounts } from './gate';
import { LogErrorCount, errorMatcher } from './logSignal';
import { formatCountdown, formatDuration } from './plan';
import {
  applyCommand,
  describeWeight,
  isTerminal,
  judge,
  moveApplied,
  nextMove,
  remainingHoldMs,
  settleWithoutMove,
  stepLabel,
  stop,
  type Move,
  type RolloutCommand,
  type RolloutRecord,
} from './state';
import { DEFAULT_LEASE_MS, checkLease, type RolloutStore } from './store';

/** What the gate reads. Implemented over CloudWatch and CloudWatch Logs in src/aws/rolloutSignals.ts. */
export interface RolloutSignals {
  /** Sums per version of the alias's executions (Resource = function:alias) since `since`. */
  versionCounts(functionName: string, aliasName: string, versions: string[], since: number, options: { signal?: AbortSignal }): Promise<Record<string, VersionCounts>>;
  alarms(names: string[], options: { signal?: AbortSignal }): Promise<AlarmReading[]>;
  /** Follows the version's log streams from `since` until `signal` aborts, handing every line over. */
  watchLogs(functionName: string, version: string, since: number, onLine: (message: string, timestamp: number) => void, signal: AbortSignal): Promise<void>;
}

export type AliasMover = Pick<AliasOperations, 'shiftTraffic' | 'promote' | 'abortCanary' | 'repoint'>;

export interface RunnerDeps {
  aliases: AliasMover;
  readAlias(functionName: string, aliasName: string, options: { signal?: AbortSignal }): Promise<AliasSummary>;
  signals: RolloutSignals;
  store: RolloutStore;
  /** This window's id (one per extension host). */
  ownerId: string;
  now?: () => number;
  /** Resolves after `ms`, or earlier when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Every step and reading, with its numbers (the "Lambda Rollouts" channel). */
  log?: (line: string) => void;
  /** After every saved change (status bar, tree). */
  onChange?: (record: RolloutRecord) => void;
  logErrorPatterns?: readonly string[];
  leaseMs?: number;
  /** Wait before retrying a move that failed on throttling or the network. */
  moveRetryMs?: number;
}

interface QueuedCommand {
  command: RolloutCommand;
  resolve: (refused: string | undefined) => void;
}

const TRANSIENT = new Set(['throttled', 'network']);

export class RolloutRunner {
  private record: RolloutRecord;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly queue: QueuedCommand[] = [];
  private wakeUp = new AbortController();
  private readonly stopAll = new AbortController();
  private readonly logErrors: LogErrorCount;
  private logProblem?: string;
  private detachReason?: string;
  private running?: Promise<RolloutRecord>;

  constructor(
    record: RolloutRecord,
    private readonly deps: RunnerDeps,
  ) {
    this.record = record;
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
    const matcher = errorMatcher(deps.logErrorPatterns ?? []);
    if (matcher.invalid.length) this.logProblem = `invalid log error pattern(s): ${matcher.invalid.join(', ')}`;
    this.logErrors = new LogErrorCount(matcher);
  }

  get current(): RolloutRecord {
    return this.record;
  }

  get id(): string {
    return this.record.id;
  }

  /** Runs until the rollout ends or `detach()` is called; resolves with the last record. */
  run(): Promise<RolloutRecord> {
    this.running ??= this.loop();
    return this.running;
  }

  /**
   * A user command; resolves with a sentence when it was refused, undefined when applied. The loop
   * applies it between moves (never in the middle of one) and wakes at once.
   */
  command(command: RolloutCommand): Promise<string | undefined> {
    if (!this.running || isTerminal(this.record)) {
      const result = applyCommand(this.record, command, this.now());
      return Promise.resolve(result.refused ?? `The rollout is not running in this window.`);
    }
    return new Promise((resolve) => {
      this.queue.push({ command, resolve });
      this.wake();
    });
  }

  /**
   * Stops driving without ending the rollout (window closing, another window took over): the lease
   * is released so a reload can resume at once. The alias stays where it is.
   */
  detach(reason = 'this window stopped driving it'): void {
    this.detachReason ??= reason;
    this.stopAll.abort();
    this.wake();
  }

  private wake(): void {
    this.wakeUp.abort();
  }

  private async loop(): Promise<RolloutRecord> {
    const lease = checkLease(this.record, this.deps.ownerId, this.now(), this.leaseMs);
    if (!lease.ok) throw new ReleaseError('conflict', `The rollout of ${this.where()} to ${this.record.toVersion} is not run here: ${lease.reason}.`);
    await this.save(this.record, true);
    this.say(`▶ ${this.where()}: ${this.record.fromVersion} → ${this.record.toVersion}, plan ${this.record.plan.name}, status ${this.record.status}`);
    const watch = this.watchLogs();
    try {
      while (!isTerminal(this.record) && !this.stopAll.signal.aborted) {
        await this.takeCommands();
        if (this.stopAll.signal.aborted || isTerminal(this.record)) break;
        if (!(await this.stillOwner())) break;

        const move = nextMove(this.record);
        if (move) {
          const retry = await this.perform(move);
          if (retry) await this.pause(retry);
          continue;
        }
        const settled = settleWithoutMove(this.record, this.now());
        if (settled !== this.record) {
          await this.save(settled);
          continue;
        }
        if (this.record.status === 'running') await this.readGate();
        else await this.save(this.record, true); // heartbeat
        if (isTerminal(this.record) || nextMove(this.record)) continue;
        await this.pause(this.waitMs());
      }
    } finally {
      this.stopAll.abort();
      await watch;
      if (!isTerminal(this.record) && this.detachReason) {
        const released = { ...this.record, owner: undefined };
        await this.save(released, false).catch(() => undefined);
        this.say(`⏸ ${this.where()}: no longer driven here (${this.detachReason}); the alias stays at ${describeWeight(this.record)}`);
      }
      for (const queued of this.queue.splice(0)) queued.resolve(`The rollout is ${this.record.status}.`);
    }
    this.say(`■ ${this.where()}: ${this.record.status}${this.record.reason ? ` — ${this.record.reason}` : ''}`);
    return this.record;
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private async takeCommands(): Promise<void> {
    for (const queued of this.queue.splice(0)) {
      const result = applyCommand(this.record, queued.command, this.now());
      if (!result.refused) {
        await this.save(result.record);
        this.say(`⏵ ${queued.command}: now ${this.record.status}${this.record.reason ? ` (${this.record.reason})` : ''}`);
      }
      queued.resolve(result.refused);
    }
  }

  /** Another window may have taken over (after our heartbeat lapsed, e.g. a long sleep of the machine). */
  private async stillOwner(): Promise<boolean> {
    const saved = this.deps.store.get(this.record.id);
    if (saved?.owner && saved.owner.id !== this.deps.ownerId && this.now() - saved.owner.heartbeatAt < this.leaseMs) {
      this.detachReason = 'another VS Code window took it over';
      this.record = saved;
      this.deps.onChange?.(saved);
      return false;
    }
    return true;
  }

  /** Performs one move; returns a wait in ms when it should be retried (throttling, network). */
  private async perform(move: Move): Promise<number | undefined> {
    const { functionName } = this.record.ref;
    const aliasName = this.record.aliasName;
    const signal = this.stopAll.signal;
    let alias: AliasSummary;
    try {
      alias = await this.deps.readAlias(functionName, aliasName, { signal });
    } catch (error) {
      return this.moveFailed(move, error);
    }

    // Already where the move would put it (saved before a crash could record it): count it as done.
    if (isAt(alias, this.targetOf(move))) {
      this.say(`✓ ${this.describeMove(move)} (already on the alias)`);
      await this.save(moveApplied(this.record, move, this.now()));
      return undefined;
    }
    const problem = this.unexpected(alias, move);
    if (problem) {
      await this.halt(`${functionName}:${aliasName} was changed by someone else: it now points at ${describeTarget(alias)} (${problem}). The rollout stopped and changed nothing.`);
      return undefined;
    }

    // The user confirmed the whole rollout (steps, versions, pre-flight findings) once, at its start.
    const options = { confirm: async () => true, signal, expect: (read: AliasSummary) => this.unexpected(read, move), preflightDone: true };
    const started = this.now();
    try {
      if (move.kind === 'shift') await this.deps.aliases.shiftTraffic(functionName, aliasName, this.record.toVersion, move.percent, options);
      else if (move.kind === 'abort') await this.deps.aliases.abortCanary(functionName, aliasName, options);
      else if (alias.routing.length > 0) await this.deps.aliases.promote(functionName, aliasName, options);
      else await this.deps.aliases.repoint(functionName, aliasName, this.record.toVersion, options);
    } catch (error) {
      return this.moveFailed(move, error);
    }
    this.say(`✓ ${this.describeMove(move)} in ${this.now() - started} ms`);
    await this.save(moveApplied(this.record, move, this.now()));
    return undefined;
  }

  private async moveFailed(move: Move, error: unknown): Promise<number | undefined> {
    if (this.stopAll.signal.aborted) return undefined;
    const kind = error instanceof ReleaseError ? error.kind : 'aws';
    const message = userFacing(error).message;
    if (TRANSIENT.has(kind)) {
      const wait = this.deps.moveRetryMs ?? 2_000;
      this.say(`… ${this.describeMove(move)} failed (${message}); retrying in ${formatDuration(wait)}`);
      return wait;
    }
    this.say(`✗ ${this.describeMove(move)} failed: ${describeForLog(error)}`);
    if (kind === 'precondition') {
      await this.halt(`${message.replace(/\s*Nothing was changed\.?$/, '')} The rollout stopped and changed nothing.`);
    } else {
      await this.halt(`Could not ${this.describeMove(move)}: ${message} The alias stays at ${describeWeight(this.record)}.`);
    }
    return undefined;
  }

  private async halt(reason: string): Promise<void> {
    this.say(`⛔ ${reason}`);
    await this.save(stop(this.record, reason, this.now()));
  }

  /** Where the alias must be before `move` (what this rollout left it at), or a sentence saying how it differs. */
  private unexpected(alias: AliasSummary, move: Move): string | undefined {
    const r = this.record;
    if (alias.functionVersion !== r.fromVersion) return `the rollout expected the primary version ${r.fromVersion}`;
    const extra = alias.routing;
    if (extra.length > 1 || extra.some((w) => w.version !== r.toVersion)) return `the rollout expected only version ${r.toVersion} as the additional version`;
    if (move.kind === 'abort') return undefined; // any weight of our version: going back to the primary is what an abort means
    const expected = r.step < 0 ? 0 : r.plan.steps[r.step].percent / 100;
    const actual = extra[0]?.weight ?? 0;
    if (Math.abs(actual - expected) > 1e-9) return `the rollout left ${expected === 0 ? 'no weight' : formatPercent(expected)} → ${r.toVersion}, not ${actual === 0 ? 'no weight' : formatPercent(actual)}`;
    return undefined;
  }

  private targetOf(move: Move): { version: string; extra?: string; weight: number } {
    const r = this.record;
    if (move.kind === 'shift') return { version: r.fromVersion, extra: r.toVersion, weight: move.percent / 100 };
    if (move.kind === 'promote') return { version: r.toVersion, weight: 0 };
    return { version: r.fromVersion, weight: 0 };
  }

  private describeMove(move: Move): string {
    const r = this.record;
    if (move.kind === 'shift') return `shift ${move.percent}% of ${r.aliasName} to ${r.toVersion} (step ${move.step + 1}/${r.plan.steps.length + 1})`;
    if (move.kind === 'promote') return `promote ${r.toVersion} to 100% of ${r.aliasName}`;
    return `abort: ${r.aliasName} back to ${r.fromVersion} with no additional weight`;
  }

  private async readGate(): Promise<void> {
    const r = this.record;
    const since = r.startedAt ?? this.now();
    const signal = this.stopAll.signal;
    const [metrics, alarms] = await Promise.all([
      this.deps.signals.versionCounts(r.ref.functionName, r.aliasName, [r.toVersion, r.fromVersion], since, { signal }).then(
        (counts) => ({ newVersion: counts[r.toVersion] ?? zero(), oldVersion: counts[r.fromVersion] ?? zero() }),
        (error) => unavailable(error),
      ),
      r.gate.alarmNames.length === 0 ? Promise.resolve<AlarmReading[]>([]) : this.deps.signals.alarms(r.gate.alarmNames, { signal }).catch((error) => unavailable(error)),
    ]);
    if (signal.aborted) return;
    const readings: GateReadings = {
      metrics,
      alarms,
      logErrors: this.logProblem ? { unavailable: this.logProblem } : { count: this.logErrors.count, lastLine: this.logErrors.lastLine },
    };
    const decision = decide(readings, r.gate, { from: r.fromVersion, to: r.toVersion });
    const next = judge(r, decision, this.now());
    const left = remainingHoldMs(next, this.now());
    const reasons = decision.reasons.length ? ` — ${decision.reasons.join('; ')}` : decision.note ? ` — ${decision.note}` : '';
    this.say(`  [${stepLabel(r)} ${describeWeight(r)}] gate ${decision.verdict}: ${decision.summary}${reasons}${left ? ` · next in ${formatCountdown(left)}` : ''}`);
    if (isUnavailable(metrics) && /throttl/i.test(metrics.unavailable)) this.say('  (metrics throttled: the step waits and reads again)');
    await this.save(next, true);
  }

  /** Until the next reading: the poll interval, or less when the hold ends sooner. */
  private waitMs(): number {
    const r = this.record;
    const hold = remainingHoldMs(r, this.now());
    const poll = r.pollIntervalMs;
    const heartbeat = this.leaseMs / 3;
    return Math.max(20, Math.min(poll, heartbeat, hold === undefined || hold === 0 ? poll : hold));
  }

  private async pause(ms: number): Promise<void> {
    if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
    const both = AbortSignal.any([this.wakeUp.signal, this.stopAll.signal]);
    await this.sleep(ms, both);
    if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
  }

  /** Starts the log signal; a failure of the tail makes the signal unavailable (the metrics still judge). */
  private async watchLogs(): Promise<void> {
    const r = this.record;
    if (r.gate.logErrorThreshold <= 0 || this.logProblem) return;
    // Lines of the new version since the rollout began (or since now, before the first step).
    const since = (r.startedAt ?? this.now()) - 1_000;
    try {
      await this.deps.signals.watchLogs(
        r.ref.functionName,
        r.toVersion,
        since,
        (message, timestamp) => {
          if (!this.logErrors.offer(message, timestamp)) return;
          this.say(`  log error #${this.logErrors.count} of ${r.toVersion}: ${message.trim().slice(0, 200)}`);
          if (this.logErrors.count >= r.gate.logErrorThreshold) this.wake();
        },
        this.stopAll.signal,
      );
    } catch (error) {
      if (this.stopAll.signal.aborted) return;
      this.logProblem = `log tail failed: ${userFacing(error).message}`;
      this.say(`  ${this.logProblem} (the metrics and alarms still judge)`);
    }
  }

  private async save(record: RolloutRecord, heartbeat = true): Promise<void> {
    const owned = heartbeat ? { ...record, owner: { id: this.deps.ownerId, heartbeatAt: this.now() } } : record;
    this.record = owned;
    try {
      await this.deps.store.save(owned);
    } catch (error) {
      // The alias moves are the truth; a lost save is recovered from the alias on the next run (isAt).
      this.say(`  could not save the rollout state: ${userFacing(error).message}`);
    }
    this.deps.onChange?.(owned);
  }

  private where(): string {
    return `${this.record.ref.functionName}:${this.record.aliasName}`;
  }

  private say(line: string): void {
    this.deps.log?.(`${new Date(this.now()).toISOString()} ${line}`);
  }
}

function isAt(alias: AliasSummary, target: { version: string; extra?: string; weight: number }): boolean {
  if (alias.functionVersion !== target.version) return false;
  if (target.weight === 0) return alias.routing.length === 0;
  return alias.routing.length === 1 && alias.routing[0].version === target.extra && Math.abs(alias.routing[0].weight - target.weight) < 1e-9;
}

function zero(): VersionCounts {
  return { invocations: 0, errors: 0, throttles: 0 };
}

function unavailable(error: unknown): Unavailable {
  const kind = error instanceof ReleaseError ? error.kind : undefined;
  const message = userFacing(error).message;
  return { unavailable: kind === 'throttled' ? `throttled: ${message}` : message };
}

