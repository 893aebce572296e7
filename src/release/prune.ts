/**
 * Which published versions "Prune Old Versions…" may delete — pure. Position alone never decides
 * (unlike a plain keep-last-N): a version is kept when it is among the newest `keep`, or anything
 * still refers to it — an alias (primary or weighted), provisioned concurrency, a function URL
 * (through its alias), an event source mapping, or an unfinished rollout.
 *
 *   const plan = planPrune({ versions, aliases, keep: 10, provisioned, urls, eventSources, inUse });
 *   plan.refused   → a safety fact could not be read: delete nothing, say why
 *   plan.remove    → versions to delete, oldest first, with their code size
 *   plan.kept      → every other published version with its reasons
 */
import type { AliasSummary, VersionSummary } from '../aws/types';
import type { EventSourceRef, Fact, FunctionUrl, ProvisionedConcurrency } from './versionFacts';

export const DEFAULT_KEEP_VERSIONS = 10;

export interface PruneInput {
  /** ListVersionsByFunction ($LATEST is ignored). */
  versions: readonly VersionSummary[];
  aliases: readonly AliasSummary[];
  /** Keep at least this many of the newest published versions (≥ 1). */
  keep: number;
  provisioned: Fact<readonly ProvisionedConcurrency[]>;
  /** Function URLs by alias name (`''` = the function itself, which refers to no version). */
  urls: ReadonlyMap<string, Fact<FunctionUrl | null>>;
  eventSources: Fact<readonly EventSourceRef[]>;
  /**
   * Versions an unfinished rollout still needs (a rollout saves its state elsewhere): returns a
   * reason such as "rollout of prod to 42 in progress", or undefined.
   */
  inUse?: (version: string) => string | undefined;
}

export interface PruneCandidate {
  version: string;
  codeSize: number;
  description?: string;
  lastModified?: string;
}

export interface PrunePlan {
  /** Set when deleting anything would be unsafe because a fact could not be read. */
  refused?: string;
  remove: PruneCandidate[];
  kept: { version: string; reasons: string[] }[];
  freedBytes: number;
  /** Facts not read because the endpoint does not serve that API at all (so none can exist there). */
  notes: string[];
}

const PUBLISHED = /^[1-9][0-9]*$/;

export function checkKeepCount(keep: number): string | undefined {
  if (!Number.isInteger(keep) || keep < 1) return `Keep at least 1 version (got ${keep}): pruning never deletes every published version.`;
  return undefined;
}

export function planPrune(input: PruneInput): PrunePlan {
  const keepProblem = checkKeepCount(input.keep);
  if (keepProblem) return { refused: keepProblem, remove: [], kept: [], freedBytes: 0, notes: [] };
  const notes: string[] = [];
  // An unreadable safety fact refuses the prune, unless the endpoint does not serve that API at all.
  const unreadable: string[] = [];
  const readable = <T>(fact: Fact<readonly T[]>, what: string): readonly T[] => {
    if (fact.known) return fact.value;
    if (fact.unsupported) notes.push(`${what}: ${fact.reason}; none can exist there.`);
    else unreadable.push(`${what} (${fact.reason})`);
    return [];
  };
  const provisioned = readable(input.provisioned, 'Provisioned concurrency');
  const eventSources = readable(input.eventSources, 'Event source mappings');
  for (const [alias, url] of input.urls) {
    if (!url.known && !url.unsupported && alias) unreadable.push(`the function URL of ${alias} (${url.reason})`);
  }
  if (unreadable.length) {
    return { refused: `Nothing was deleted: could not read ${unreadable.join(', ')}, so a version still in use cannot be ruled out.`, remove: [], kept: [], freedBytes: 0, notes };
  }

  const reasons = new Map<string, string[]>();
  const because = (version: string, reason: string) => reasons.set(version, [...(reasons.get(version) ?? []), reason]);
  const aliasesByName = new Map(input.aliases.map((a) => [a.name, a]));
  for (const alias of input.aliases) {
    because(alias.functionVersion, `alias ${alias.name}`);
    for (const r of alias.routing) because(r.version, `alias ${alias.name} (weight ${Math.round(r.weight * 1000) / 10}%)`);
  }
  for (const pc of provisioned) {
    const alias = aliasesByName.get(pc.qualifier);
    if (alias) for (const v of [alias.functionVersion, ...alias.routing.map((r) => r.version)]) because(v, `provisioned concurrency on ${pc.qualifier}`);
    else because(pc.qualifier, 'provisioned concurrency');
  }
  for (const [name, url] of input.urls) {
    const alias = aliasesByName.get(name);
    if (alias && url.known && url.value) for (const v of [alias.functionVersion, ...alias.routing.map((r) => r.version)]) because(v, `function URL of ${name}`);
  }
  for (const mapping of eventSources) {
    if (!mapping.qualifier) continue; // unqualified: invokes $LATEST
    const alias = aliasesByName.get(mapping.qualifier);
    if (alias) for (const v of [alias.functionVersion, ...alias.routing.map((r) => r.version)]) because(v, `event source mapping via ${mapping.qualifier}`);
    else because(mapping.qualifier, 'event source mapping');
  }

  const published = input.versions.filter((v) => PUBLISHED.test(v.version)).sort((a, b) => Number(b.version) - Number(a.version));
  published.slice(0, input.keep).forEach((v, i) => because(v.version, i === 0 ? 'newest' : `among the newest ${input.keep}`));
  for (const v of published) {
    const rollout = input.inUse?.(v.version);
    if (rollout) because(v.version, rollout);
  }

  const remove = published
    .filter((v) => !reasons.has(v.version))
    .map((v) => ({ version: v.version, codeSize: v.codeSize ?? 0, description: v.description, lastModified: v.lastModified }))
    .sort((a, b) => Number(a.version) - Number(b.version));
  const kept = published.filter((v) => reasons.has(v.version)).map((v) => ({ version: v.version, reasons: reasons.get(v.version) ?? [] }));
  return { remove, kept, freedBytes: remove.reduce((sum, v) => sum + v.codeSize, 0), notes };
}
