/**
 * Alias rules and plans — pure, no SDK, no `vscode`.
 *
 * Validation (usable as an InputBox `validateInput`: each returns a message or undefined):
 * - `validateAliasName(name)`: 1–128 of [A-Za-z0-9_-], not all digits, not `$LATEST`.
 * - `checkWeightPercent(input)` / `parseWeightPercent(input)`: "10", "12.5", "10%" → 0.1, 0.125…;
 *   0 < N < 100 with at most one decimal. `parseWeightPercent` throws ReleaseError('validation').
 * - `validateVersion(version)`: `$LATEST` or a published version number.
 * - `validateCanary(alias, version, weight)`: one additional published version, not the primary.
 *
 * Display:
 * - `describeAlias(alias)`   → `prod → 41 (10% → 42)`   (tree item label, messages)
 * - `describeTarget(alias)`  → `41 (10% → 42)`
 * - `statusBarTarget(alias)` → `→ 41 · 10% → 42`        (status bar, after `orders-api:prod`)
 * - `versionAliasLabels(aliases)` → Map version → ['beta', 'prod 10%'] (version items, pickers)
 *
 * Plans: `planRepoint / planShift / planPromote / planAbort / planRollback(alias, …)` turn the alias
 * as read just before into an `AliasPlan`: the `AliasChange` for LambdaGateway.updateAlias (with
 * that read's RevisionId, so a concurrent move is refused) plus from/to states for
 * `confirmationMessage`. Plans throw ReleaseError('validation') when the move makes no sense.
 */
import type { AliasChange } from '../aws/lambdaGateway';
import type { AliasSummary, RoutingWeight } from '../aws/types';
import { ReleaseError } from './errors';

export const LATEST = '$LATEST';
const ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const PUBLISHED_VERSION = /^[1-9][0-9]*$/;

/** Default of the `lambdaRelease.protectedAliases` setting. */
export const DEFAULT_PROTECTED_ALIASES: readonly string[] = ['prod', 'production', 'live'];

/** Lambda's alias name rules, checked before any call so the message is ours, not the API's. */
export function validateAliasName(name: string): string | undefined {
  if (name === '') return 'Enter an alias name.';
  if (name === LATEST) return '`$LATEST` is reserved by Lambda and cannot be an alias name.';
  if (name.length > 128) return `An alias name has at most 128 characters (this one has ${name.length}).`;
  if (!ALIAS_NAME.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ''))].map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
    return `An alias name may contain only letters, digits, "-" and "_" (not ${bad}).`;
  }
  if (/^[0-9]+$/.test(name)) return 'An alias name cannot be all digits: Lambda would read it as a version number.';
  return undefined;
}

/** A published version number ("1", "42"): what a canary can route to. */
export function validatePublishedVersion(version: string): string | undefined {
  if (PUBLISHED_VERSION.test(version)) return undefined;
  return `A canary needs a published version number (e.g. 42), not "${version}".`;
}

/** `$LATEST` or a published version number ("1", "42"). */
export function validateVersion(version: string): string | undefined {
  if (version === LATEST || PUBLISHED_VERSION.test(version)) return undefined;
  return `"${version}" is not a version: expected a published version number (e.g. 42) or $LATEST.`;
}

/** Why a percentage typed by the user is not usable, or undefined when it is. */
export function checkWeightPercent(input: string | number): string | undefined {
  const text = String(input).trim().replace(/\s*%$/, '');
  if (text === '') return 'Enter the share of traffic for the new version, in percent (e.g. 10).';
  const value = Number(text);
  if (!Number.isFinite(value) || !/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return `"${String(input).trim()}" is not a number: enter a percentage such as 10 or 12.5.`;
  if (value < 0) return 'The percentage cannot be negative: enter more than 0 and less than 100, e.g. 10.';
  if (value === 0) return '0% would send no traffic to the new version. Enter more than 0 (use "Abort Canary" to clear the weights).';
  if (value === 100) return '100% would send all traffic to the new version. Enter less than 100 (use "Promote Canary" to point the alias fully at it).';
  if (value > 100) return `${text}% is more than 100%: enter more than 0 and less than 100, e.g. 10.`;
  if (!/^\+?\d*(\.\d?)?$/.test(text)) return 'Use at most one decimal (e.g. 12.5).';
  return undefined;
}

/** "10" / "12.5" / "10%" → 0.1 / 0.125 / 0.1, the fraction Lambda's RoutingConfig takes. */
export function parseWeightPercent(input: string | number): number {
  const problem = checkWeightPercent(input);
  if (problem) throw new ReleaseError('validation', problem);
  const tenths = Math.round(Number(String(input).trim().replace(/\s*%$/, '')) * 10);
  // Integer tenths of a percent divided once: 12.5 → 0.125 exactly, not 0.12500000000000003.
  return tenths / 1000;
}

/** A routing weight (0 < w < 1) as a percentage for display: 0.1 → "10%", 0.125 → "12.5%". */
export function formatPercent(weight: number): string {
  const percent = Math.round(weight * 1000) / 10;
  return `${percent}%`;
}

/**
 * A canary as Lambda accepts it: the primary is a published version, exactly one additional
 * published version that differs from the primary, 0 < weight < 1. An alias already running a
 * canary to another version must be promoted or aborted first (changing the weight is fine).
 */
export function validateCanary(alias: Pick<AliasSummary, 'name' | 'functionVersion' | 'routing'>, version: string, weight: number): string | undefined {
  if (!(weight > 0 && weight < 1)) return `The weight must be between 0 and 1 exclusive (got ${weight}).`;
  const unpublished = validatePublishedVersion(version);
  if (unpublished) return unpublished;
  if (alias.functionVersion === LATEST || !PUBLISHED_VERSION.test(alias.functionVersion)) {
    return `${alias.name} points at ${alias.functionVersion || 'nothing'}: a canary needs the alias on a published version first (repoint it).`;
  }
  if (version === alias.functionVersion) return `${alias.name} already points at ${version}: pick a different version for the canary.`;
  const other = alias.routing.find((r) => r.version !== version);
  if (other) return `${alias.name} already sends ${formatPercent(other.weight)} to ${other.version}: promote or abort that canary first.`;
  return undefined;
}

/**
 * Whether `name` matches one of the protected patterns (case-insensitive). A pattern is an exact
 * name, or may use `*` for any run of characters (`prod*`, `*-live`).
 */
export function isProtectedAlias(name: string, patterns: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return patterns.some((raw) => {
    const pattern = raw.trim().toLowerCase();
    if (pattern === '') return false;
    if (!pattern.includes('*')) return pattern === lower;
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    return regex.test(lower);
  });
}

/** `41 (10% → 42)`, or `41` without a canary. */
export function describeTarget(alias: Pick<AliasSummary, 'functionVersion' | 'routing'>): string {
  const canary = alias.routing.map((r) => `${formatPercent(r.weight)} → ${r.version}`).join(', ');
  return canary ? `${alias.functionVersion} (${canary})` : alias.functionVersion;
}

/** `prod → 41 (10% → 42)`. */
export function describeAlias(alias: Pick<AliasSummary, 'name' | 'functionVersion' | 'routing'>): string {
  return `${alias.name} → ${describeTarget(alias)}`;
}

/** `→ 41 · 10% → 42` (status bar text after `orders-api:prod`), or `→ 41` without a canary. */
export function statusBarTarget(alias: Pick<AliasSummary, 'functionVersion' | 'routing'>): string {
  return [`→ ${alias.functionVersion}`, ...alias.routing.map((r) => `${formatPercent(r.weight)} → ${r.version}`)].join(' · ');
}

/**
 * For each version, the aliases that send it traffic: `beta` (fully), `prod 90%` (primary of a
 * canary), `prod 10%` (the canary). Names are sorted.
 */
export function versionAliasLabels(aliases: readonly AliasSummary[]): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const add = (version: string, label: string) => labels.set(version, [...(labels.get(version) ?? []), label]);
  for (const alias of [...aliases].sort((a, b) => a.name.localeCompare(b.name))) {
    const extra = alias.routing.reduce((sum, r) => sum + r.weight, 0);
    add(alias.functionVersion, extra > 0 ? `${alias.name} ${formatPercent(1 - extra)}` : alias.name);
    for (const r of alias.routing) add(r.version, `${alias.name} ${formatPercent(r.weight)}`);
  }
  return labels;
}

export type AliasAction = 'create' | 'repoint' | 'shift' | 'promote' | 'abort' | 'rollback';

/** Where an alias sends traffic: a primary version and optional weighted additional version. */
export interface AliasTarget {
  version: string;
  routing: RoutingWeight[];
}

export interface AliasPlan {
  action: AliasAction;
  aliasName: string;
  /** What LambdaGateway.updateAlias receives, with the RevisionId read just before. */
  change: AliasChange;
  from: AliasTarget;
  to: AliasTarget;
}

/** Point the alias fully at `version` (roll forward or back); any canary weights are cleared. */
export function planRepoint(alias: AliasSummary, version: string, action: 'repoint' | 'rollback' = 'repoint'): AliasPlan {
  const problem = validateVersion(version);
  if (problem) throw new ReleaseError('validation', problem);
  if (alias.functionVersion === version && alias.routing.length === 0) {
    throw new ReleaseError('validation', `${alias.name} already points at ${version}; nothing to change.`);
  }
  return plan(action, alias, { version, routing: [] });
}

/** Move the alias back to an earlier version (see aliasHistory.rollbackTarget for which). */
export function planRollback(alias: AliasSummary, version: string): AliasPlan {
  return planRepoint(alias, version, 'rollback');
}

/** Send `weight` (0 < w < 1) of the alias's traffic to `version`; the primary stays. */
export function planShift(alias: AliasSummary, version: string, weight: number): AliasPlan {
  const problem = validateCanary(alias, version, weight);
  if (problem) throw new ReleaseError('validation', problem);
  if (alias.routing.length === 1 && alias.routing[0].version === version && alias.routing[0].weight === weight) {
    throw new ReleaseError('validation', `${alias.name} already sends ${formatPercent(weight)} to ${version}; nothing to change.`);
  }
  return plan('shift', alias, { version: alias.functionVersion, routing: [{ version, weight }] });
}

/** Point the alias fully at its canary version and clear the weights. */
export function planPromote(alias: AliasSummary): AliasPlan {
  const canary = onlyCanary(alias, 'promote');
  return plan('promote', alias, { version: canary.version, routing: [] });
}

/** Clear the weights: all traffic back to the primary version. */
export function planAbort(alias: AliasSummary): AliasPlan {
  onlyCanary(alias, 'abort');
  return plan('abort', alias, { version: alias.functionVersion, routing: [] });
}

/**
 * The text of the modal that guards a protected alias: names the function, the alias, where it
 * points now and where it will point. `note` (roll back only) says why that target was chosen.
 */
export function confirmationMessage(functionName: string, aliasName: string, p: Pick<AliasPlan, 'action' | 'from' | 'to'>, note?: string): string {
  const from = describeTarget({ functionVersion: p.from.version, routing: p.from.routing });
  const to = describeTarget({ functionVersion: p.to.version, routing: p.to.routing });
  const where = `alias "${aliasName}" of ${functionName}`;
  switch (p.action) {
    case 'shift':
      return `Send ${formatPercent(p.to.routing[0]?.weight ?? 0)} of ${where} to version ${p.to.routing[0]?.version}? It now points at ${from}; it will point at ${to}.`;
    case 'promote':
      return `Promote version ${p.to.version} on ${where}? It now points at ${from}; all traffic will go to ${to}.`;
    case 'abort':
      return `Abort the canary on ${where}? It now points at ${from}; all traffic will go back to ${to}.`;
    case 'rollback':
      return `Roll back ${where} from ${from} to ${to}${note ? ` (${note})` : ''}?`;
    default:
      return `Move ${where} from ${from} to ${to}?`;
  }
}

function plan(action: AliasAction, alias: AliasSummary, to: AliasTarget): AliasPlan {
  return {
    action,
    aliasName: alias.name,
    change: { version: to.version, routing: to.routing, revisionId: alias.revisionId },
    from: { version: alias.functionVersion, routing: alias.routing.map((r) => ({ ...r })) },
    to,
  };
}

function onlyCanary(alias: AliasSummary, what: 'promote' | 'abort'): RoutingWeight {
  const [canary, ...more] = alias.routing;
  if (!canary) throw new ReleaseError('validation', `${alias.name} has no canary to ${what}: it points fully at ${alias.functionVersion}.`);
  if (more.length > 0) throw new ReleaseError('validation', `${alias.name} routes to more than one additional version; fix it in the console.`);
  return canary;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
