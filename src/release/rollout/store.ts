/**
 * Saved rollouts, pure: every record in one globalState-shaped store (get/update), so a reload or
 * a crash finds an unfinished rollout, and the lease that keeps two windows from driving the same
 * one. Ended rollouts are kept (the newest `keepEnded`) so their outcome can still be shown.
 */
import type { KeyValueStore } from '../aliasHistory';
import { isTerminal, type RolloutRecord } from './state';

const KEY = 'lambdaRelease.rollouts';

/** An owner silent for longer than this is gone (its window closed or crashed). */
export const DEFAULT_LEASE_MS = 30_000;

export class RolloutStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly keepEnded = 10,
  ) {}

  list(): RolloutRecord[] {
    const stored = this.store.get<unknown>(KEY);
    if (!stored || typeof stored !== 'object') return [];
    return Object.values(stored as Record<string, unknown>).filter(isRecord);
  }

  get(id: string): RolloutRecord | undefined {
    return this.list().find((r) => r.id === id);
  }

  /** Rollouts not ended yet, oldest first. */
  unfinished(): RolloutRecord[] {
    return this.list()
      .filter((r) => !isTerminal(r))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The unfinished rollout of one alias, if any (there is at most one). */
  forAlias(key: AliasRef): RolloutRecord | undefined {
    return this.unfinished().find((r) => sameAlias(r, key));
  }

  async save(record: RolloutRecord): Promise<void> {
    const all = new Map(this.list().map((r) => [r.id, r]));
    all.set(record.id, record);
    const ended = [...all.values()].filter(isTerminal).sort((a, b) => (b.endedAt ?? b.updatedAt) - (a.endedAt ?? a.updatedAt));
    for (const old of ended.slice(this.keepEnded)) all.delete(old.id);
    await this.store.update(KEY, Object.fromEntries(all));
  }
}

export interface AliasRef {
  profile: string;
  region: string;
  functionName: string;
  aliasName: string;
}

export function aliasRefOf(record: RolloutRecord): AliasRef {
  return { profile: record.ref.target.profile, region: record.ref.target.region, functionName: record.ref.functionName, aliasName: record.aliasName };
}

export function sameAlias(record: RolloutRecord, key: AliasRef): boolean {
  const mine = aliasRefOf(record);
  return mine.profile === key.profile && mine.region === key.region && mine.functionName === key.functionName && mine.aliasName === key.aliasName;
}

export type LeaseCheck = { ok: true } | { ok: false; reason: string; retryInMs: number };

/**
 * May `ownerId` drive this rollout now? Yes when nobody owns it, it owns it already, or the owner's
 * heartbeat is older than the lease. Otherwise no, with when to look again.
 */
export function checkLease(record: RolloutRecord, ownerId: string, now: number, leaseMs = DEFAULT_LEASE_MS): LeaseCheck {
  const owner = record.owner;
  if (!owner || owner.id === ownerId) return { ok: true };
  const silentFor = now - owner.heartbeatAt;
  if (silentFor >= leaseMs) return { ok: true };
  return {
    ok: false,
    reason: `another VS Code window is running this rollout (its last heartbeat was ${Math.max(0, Math.round(silentFor / 1000))} s ago)`,
    retryInMs: leaseMs - silentFor,
  };
}

function isRecord(value: unknown): value is RolloutRecord {
  const r = value as Partial<RolloutRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.status === 'string' &&
    typeof r.aliasName === 'string' &&
    typeof r.ref?.functionName === 'string' &&
    Array.isArray(r.plan?.steps)
  );
}
