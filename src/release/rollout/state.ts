/**
 * The rollout state machine, pure: a saved record and the transitions between its statuses. The
 * runner (runner.ts) performs the alias moves the record asks for (`nextMove`) and reports back;
 * nothing here calls AWS or reads a clock (every transition takes `now`).
 *
 *   pending ──first weight applied──▶ running ◀──resume── paused
 *      │                               │  ▲ step applied      ▲ pause
 *      │                               │  └── gate pass + hold elapsed: next step ──
 *      │                               ├── gate pass on the last step ──▶ promoting ──▶ done
 *      │                               └── gate fail / unjudgeable too long ──▶ aborting ──▶ aborted
 *      └── anything: alias changed by someone else ──▶ stopped (nothing overwritten)
 *
 * User commands in every status (`applyCommand`): pause, resume, promoteNow, abort, leave. A
 * command that makes no sense in a status is refused with a sentence saying why; it never throws.
 */
import type { FunctionRef } from '../../aws/types';
import type { GateDecision, GateSettings } from './gate';
import { totalSteps, type RolloutPlan } from './plan';

export type RolloutStatus = 'pending' | 'running' | 'paused' | 'promoting' | 'aborting' | 'done' | 'aborted' | 'stopped';

export const TERMINAL: ReadonlySet<RolloutStatus> = new Set(['done', 'aborted', 'stopped']);

export type RolloutCommand = 'pause' | 'resume' | 'promoteNow' | 'abort' | 'leave';

export interface RolloutOwner {
  /** One id per extension host (window): two windows never drive the same rollout. */
  id: string;
  /** Epoch ms of the owner's last heartbeat; an owner silent for longer than the lease is gone. */
  heartbeatAt: number;
}

export interface RolloutRecord {
  id: string;
  ref: FunctionRef;
  aliasName: string;
  /** The primary before the rollout: where an abort goes back to. */
  fromVersion: string;
  toVersion: string;
  plan: RolloutPlan;
  gate: GateSettings;
  /** How often the gate is read while a step holds. */
  pollIntervalMs: number;
  /** A step that cannot be judged for this long aborts. */
  maxUnjudgeableMs: number;
  status: RolloutStatus;
  /** Index in plan.steps of the weight now on the alias; -1 before the first. */
  step: number;
  /** Index the runner is moving to (step + 1 while a move is due, else step). */
  wantStep: number;
  createdAt: number;
  /** When the first weight was applied: the window of every reading starts here. */
  startedAt?: number;
  /** When the current step's weight was applied (shifted forward by time spent paused). */
  stepStartedAt?: number;
  pausedAt?: number;
  /** Since when the gate could not judge (wait verdicts in a row). */
  unjudgeableSince?: number;
  endedAt?: number;
  /** Why it ended, or what was refused last: one sentence for the user. */
  reason?: string;
  /** The last gate decision, for the status bar tooltip. */
  lastGate?: { at: number; verdict: GateDecision['verdict']; summary: string; reasons: string[] };
  owner?: RolloutOwner;
  updatedAt: number;
}

export interface NewRollout {
  id: string;
  ref: FunctionRef;
  aliasName: string;
  fromVersion: string;
  toVersion: string;
  plan: RolloutPlan;
  gate: GateSettings;
  pollIntervalMs: number;
  maxUnjudgeableMs: number;
}

export function createRollout(input: NewRollout, now: number): RolloutRecord {
  if (input.plan.steps.length === 0) throw new Error('A rollout plan needs at least one weighted step.');
  return { ...input, status: 'pending', step: -1, wantStep: 0, createdAt: now, updatedAt: now };
}

export function isTerminal(record: Pick<RolloutRecord, 'status'>): boolean {
  return TERMINAL.has(record.status);
}

/** What the alias should do next, if anything: the runner performs it, then reports `moveApplied`. */
export type Move = { kind: 'shift'; step: number; percent: number } | { kind: 'promote' } | { kind: 'abort' };

export function nextMove(record: RolloutRecord): Move | undefined {
  switch (record.status) {
    case 'pending':
    case 'running':
      if (record.wantStep > record.step) return { kind: 'shift', step: record.wantStep, percent: record.plan.steps[record.wantStep].percent };
      return undefined;
    case 'promoting':
      return { kind: 'promote' };
    case 'aborting':
      // Nothing was applied yet: nothing to take back.
      return record.step >= 0 ? { kind: 'abort' } : undefined;
    default:
      return undefined;
  }
}

/** The runner applied `move`: record it. */
export function moveApplied(record: RolloutRecord, move: Move, now: number): RolloutRecord {
  switch (move.kind) {
    case 'shift':
      return touch(record, now, {
        status: record.status === 'pending' ? 'running' : record.status,
        step: move.step,
        wantStep: move.step,
        startedAt: record.startedAt ?? now,
        stepStartedAt: now,
        unjudgeableSince: undefined,
      });
    case 'promote':
      return touch(record, now, { status: 'done', endedAt: now, reason: record.reason ?? `version ${record.toVersion} receives all traffic` });
    case 'abort':
      return touch(record, now, { status: 'aborted', endedAt: now });
  }
}

/** An aborting rollout with nothing applied ends without a move. */
export function settleWithoutMove(record: RolloutRecord, now: number): RolloutRecord {
  if (record.status === 'aborting' && record.step < 0) return touch(record, now, { status: 'aborted', endedAt: now });
  return record;
}

/** Someone else changed the alias (or it is not in the state this rollout left it): stop, touch nothing. */
export function stop(record: RolloutRecord, reason: string, now: number): RolloutRecord {
  if (isTerminal(record)) return record;
  return touch(record, now, { status: 'stopped', endedAt: now, reason });
}

/** Time left in the current step's hold (frozen while paused); undefined when no step holds. */
export function remainingHoldMs(record: RolloutRecord, now: number): number | undefined {
  if (record.stepStartedAt === undefined || record.step < 0 || (record.status !== 'running' && record.status !== 'paused')) return undefined;
  const until = record.stepStartedAt + record.plan.steps[record.step].holdMs;
  const at = record.status === 'paused' && record.pausedAt !== undefined ? record.pausedAt : now;
  return Math.max(0, until - at);
}

/**
 * The gate's decision while a step holds. fail → aborting; wait → counts toward the unjudgeable
 * limit (aborting past it); pass → the next step (or promoting) once the hold has elapsed. Only a
 * running rollout with its weight applied is judged; anything else returns the record unchanged.
 */
export function judge(record: RolloutRecord, decision: GateDecision, now: number): RolloutRecord {
  if (record.status !== 'running' || record.step < 0 || record.wantStep !== record.step) return record;
  const lastGate = { at: now, verdict: decision.verdict, summary: decision.summary, reasons: decision.reasons };
  if (decision.verdict === 'fail') {
    return touch(record, now, { status: 'aborting', lastGate, reason: `Health gate failed at ${record.plan.steps[record.step].percent}%: ${decision.reasons.join('; ')}` });
  }
  if (decision.verdict === 'wait') {
    const since = record.unjudgeableSince ?? now;
    // A wait only matters once it blocks the step: the limit runs from the end of the hold at the earliest.
    const holdEnd = (record.stepStartedAt ?? now) + record.plan.steps[record.step].holdMs;
    if (now - Math.max(since, holdEnd) >= record.maxUnjudgeableMs) {
      return touch(record, now, {
        status: 'aborting',
        lastGate,
        unjudgeableSince: since,
        reason: `The step could not be judged for ${Math.round((now - Math.max(since, holdEnd)) / 1000)} s after its hold (limit ${Math.round(record.maxUnjudgeableMs / 1000)} s): ${decision.reasons.join('; ')}`,
      });
    }
    return touch(record, now, { lastGate, unjudgeableSince: since });
  }
  const cleared = { lastGate, unjudgeableSince: undefined };
  if ((remainingHoldMs(record, now) ?? 0) > 0) return touch(record, now, cleared);
  if (record.step + 1 < record.plan.steps.length) return touch(record, now, { ...cleared, wantStep: record.step + 1 });
  return touch(record, now, { ...cleared, status: 'promoting' });
}

export interface CommandResult {
  record: RolloutRecord;
  /** Set when the command changed nothing, saying why. */
  refused?: string;
}

/** A user command in any status. Never throws: a command that does not apply is refused with a reason. */
export function applyCommand(record: RolloutRecord, command: RolloutCommand, now: number): CommandResult {
  const refuse = (why: string): CommandResult => ({ record, refused: why });
  if (isTerminal(record)) return refuse(`The rollout of ${record.toVersion} already ended (${record.status}).`);

  switch (command) {
    case 'pause':
      if (record.status === 'paused') return refuse('The rollout is already paused.');
      if (record.status === 'promoting') return refuse(`The rollout is already promoting ${record.toVersion} to 100%.`);
      if (record.status === 'aborting') return refuse(`The rollout is already aborting (back to ${record.fromVersion}).`);
      return { record: touch(record, now, { status: 'paused', pausedAt: now }) };

    case 'resume': {
      if (record.status !== 'paused') return refuse(`The rollout is not paused (it is ${record.status}).`);
      const pausedFor = now - (record.pausedAt ?? now);
      return {
        record: touch(record, now, {
          status: record.step < 0 ? 'pending' : 'running',
          pausedAt: undefined,
          // The hold does not run while paused; the unjudgeable clock starts again.
          stepStartedAt: record.stepStartedAt === undefined ? undefined : record.stepStartedAt + pausedFor,
          unjudgeableSince: undefined,
        }),
      };
    }

    case 'promoteNow':
      if (record.status === 'promoting') return refuse(`The rollout is already promoting ${record.toVersion} to 100%.`);
      if (record.status === 'aborting') return refuse(`The rollout is aborting (back to ${record.fromVersion}); promote it afterwards with Repoint if you still want it.`);
      return { record: touch(record, now, { status: 'promoting', pausedAt: undefined, reason: 'promoted by hand before the last step' }) };

    case 'abort':
      if (record.status === 'aborting') return refuse('The rollout is already aborting.');
      if (record.status === 'promoting') return refuse(`The rollout is already promoting ${record.toVersion} to 100%; use Roll Back afterwards.`);
      return {
        record:
          record.step < 0
            ? touch(record, now, { status: 'aborted', endedAt: now, pausedAt: undefined, reason: 'aborted by hand before any traffic moved' })
            : touch(record, now, { status: 'aborting', pausedAt: undefined, reason: 'aborted by hand' }),
      };

    case 'leave':
      if (record.status === 'promoting' || record.status === 'aborting') return refuse(`The rollout is ${record.status}: it finishes its move first.`);
      return {
        record: touch(record, now, {
          status: 'stopped',
          endedAt: now,
          pausedAt: undefined,
          reason:
            record.step < 0
              ? 'left as is before any traffic moved'
              : `left as is by the user: ${record.plan.steps[record.step].percent}% → ${record.toVersion} stays on the alias (Promote or Abort Canary by hand)`,
        }),
      };
  }
}

/** `step 2/4`: the weight on the alias now (the promotion is the last step). */
export function stepLabel(record: RolloutRecord): string {
  const current = record.status === 'done' ? totalSteps(record.plan) : Math.max(0, record.step) + 1;
  return `step ${current}/${totalSteps(record.plan)}`;
}

/** The share of traffic the new version gets now: 0 before the first step, 100 when done. */
export function currentPercent(record: RolloutRecord): number {
  if (record.status === 'done') return 100;
  if (record.status === 'aborted' || record.step < 0) return 0;
  return record.plan.steps[record.step].percent;
}

/** `25% → 42`, `all on 41`, `100% → 42`: where the alias sends traffic as this record knows it. */
export function describeWeight(record: RolloutRecord): string {
  if (record.status === 'done') return `100% → ${record.toVersion}`;
  if (record.step < 0 || record.status === 'aborted') return `all on ${record.fromVersion}`;
  return `${record.plan.steps[record.step].percent}% → ${record.toVersion}`;
}

function touch(record: RolloutRecord, now: number, changes: Partial<RolloutRecord>): RolloutRecord {
  return { ...record, ...changes, updatedAt: now };
}
