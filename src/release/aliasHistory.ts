/**
 * Where each alias pointed before, so "Roll back" knows where to go — pure, no `vscode`.
 *
 * - `AliasHistory(store, maxEntries)`: moves per account/region/function/alias, oldest first,
 *   bounded to the last `maxEntries`. The store is anything shaped like VS Code's `globalState`
 *   Memento (`get` / `update`), so the extension passes `context.globalState` and tests a Map.
 * - `aliasKeyFromArn(arn)`: the history key of an alias from its ARN (account and region included,
 *   so two profiles of the same account share one history, and two accounts never mix).
 * - `rollbackTarget(alias, history, versions)`: the previous primary target from the history,
 *   else the highest published version below the current one, else a reason why there is none.
 */
import type { AliasSummary, RoutingWeight, VersionSummary } from '../aws/types';
import type { AliasAction } from './aliases';

/** What VS Code's Memento offers (globalState); declared here so this layer never imports vscode. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void> | Promise<void>;
}

export interface AliasKey {
  account: string;
  region: string;
  functionName: string;
  aliasName: string;
}

/** One recorded change of an alias. `from` is absent for a create. */
export interface AliasMove {
  /** ISO time of the change. */
  at: string;
  action: AliasAction;
  from?: string;
  fromRouting?: RoutingWeight[];
  to: string;
  routing?: RoutingWeight[];
}

export const DEFAULT_HISTORY_LENGTH = 20;
const KEY_PREFIX = 'lambdaRelease.aliasHistory';

export class AliasHistory {
  constructor(
    private readonly store: KeyValueStore,
    private readonly maxEntries = DEFAULT_HISTORY_LENGTH,
  ) {}

  /** Moves of one alias, oldest first. Malformed stored data (older format, hand edits) is skipped. */
  list(key: AliasKey): AliasMove[] {
    const stored = this.store.get<unknown>(storeKey(key));
    if (!Array.isArray(stored)) return [];
    return stored.filter(isMove);
  }

  /** Appends a move, keeping only the newest `maxEntries`. */
  async record(key: AliasKey, move: AliasMove): Promise<void> {
    const moves = [...this.list(key), move].slice(-Math.max(1, this.maxEntries));
    await this.store.update(storeKey(key), moves);
  }

  /** Forgets an alias (after it was deleted, so a new alias of that name starts clean). */
  async clear(key: AliasKey): Promise<void> {
    await this.store.update(storeKey(key), undefined);
  }
}

/** The store key of one alias's history. */
export function storeKey(key: AliasKey): string {
  return [KEY_PREFIX, key.account, key.region, key.functionName, key.aliasName].map(encodeURIComponent).join('/');
}

/** `arn:aws:lambda:us-east-1:123456789012:function:orders-api:prod` → its AliasKey. */
export function aliasKeyFromArn(arn: string): AliasKey | undefined {
  const parts = arn.split(':');
  if (parts.length !== 8 || parts[0] !== 'arn' || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
  const [, , , region, account, , functionName, aliasName] = parts;
  if (!region || !account || !functionName || !aliasName) return undefined;
  return { account, region, functionName, aliasName };
}

export type RollbackChoice =
  | { version: string; basis: 'history' | 'lowerVersion'; reason?: undefined }
  | { version: undefined; basis?: undefined; reason: string };

/**
 * Where "Roll back" should move the alias.
 *
 * History is replayed as a trail of primary targets: a move pushes its target, a rollback pops the
 * version it rolled back from. So 1 → 2 → 3, roll back (→ 2), roll back again goes to 1 — not back
 * to the bad 3. Canary weight changes do not move the primary and are ignored. Targets equal to
 * the current primary are skipped, and so are versions no longer published.
 *
 * Without a usable history: the highest published version below the current one (from `$LATEST`:
 * the highest published version).
 */
export function rollbackTarget(alias: Pick<AliasSummary, 'name' | 'functionVersion'>, history: readonly AliasMove[], versions: readonly VersionSummary[]): RollbackChoice {
  const current = alias.functionVersion;
  const published = new Set(versions.map((v) => v.version).filter((v) => v !== '$LATEST'));

  const trail = primaryTrail(history);
  for (let i = trail.length - 1; i >= 0; i--) {
    const version = trail[i];
    if (version !== current && (published.has(version) || version === '$LATEST')) return { version, basis: 'history' };
  }

  const below = [...published]
    .map(Number)
    .filter((n) => Number.isInteger(n) && (current === '$LATEST' || n < Number(current)))
    .sort((a, b) => b - a);
  if (below.length > 0) return { version: String(below[0]), basis: 'lowerVersion' };

  if (published.size === 0) return { version: undefined, reason: `${alias.name} has nowhere to roll back to: the function has no published versions.` };
  return {
    version: undefined,
    reason: `${alias.name} has nowhere to roll back to: it points at ${current}, the oldest published version, and no earlier target is remembered.`,
  };
}

/** Primary versions the alias pointed at, oldest first, with rolled-back targets popped off. */
function primaryTrail(history: readonly AliasMove[]): string[] {
  const trail: string[] = [];
  for (const move of history) {
    if (move.action === 'rollback') {
      // Drop what we rolled back from, then make sure the top is where we went.
      while (trail.length > 0 && trail[trail.length - 1] === move.from) trail.pop();
      if (trail[trail.length - 1] !== move.to) trail.push(move.to);
      continue;
    }
    if (move.from !== undefined && trail.length === 0) trail.push(move.from);
    if (trail[trail.length - 1] !== move.to) trail.push(move.to);
  }
  return trail;
}

function isMove(value: unknown): value is AliasMove {
  const move = value as Partial<AliasMove> | null;
  return typeof move === 'object' && move !== null && typeof move.to === 'string' && typeof move.action === 'string' && typeof move.at === 'string';
}
