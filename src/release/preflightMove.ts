/**
 * The one entry point for "check this alias move before making it" (manual moves through
 * AliasOperations, Release…, and a rollout's steps): reads the facts through a narrow reader
 * (VersionFactsGateway implements it) and runs the pure checks of preflight.ts.
 *
 *   const findings = await preflightAliasMove(services.versionFacts(target), 'orders-api',
 *                                             { aliasName: 'prod', action: 'shift', from, to }, { signal });
 *   if (findings.some((f) => f.severity === 'refuse')) stop; else show the rest in the modal.
 *
 * Reads never throw (a failure becomes an `unknown` finding), except for cancellation.
 */
import type { CallOptions } from '../aws/types';
import type { AliasAction, AliasTarget } from './aliases';
import { preflightChecks, type PreflightFinding } from './preflight';
import type { Fact, ProvisionedConcurrency, VersionConfigFacts } from './versionFacts';

export interface PreflightReader {
  versionConfig(functionName: string, version: string, options?: CallOptions): Promise<Fact<VersionConfigFacts>>;
  provisionedConcurrency(functionName: string, qualifier: string, options?: CallOptions): Promise<Fact<ProvisionedConcurrency | null>>;
}

export interface AliasMove {
  aliasName: string;
  action: AliasAction;
  /** Where the alias points before and after (AliasPlan's `from` / `to`). */
  from: AliasTarget;
  to: AliasTarget;
}

/** Which version serves now and which one the move sends traffic to; undefined when nothing new gets traffic. */
export function movedVersions(move: AliasMove): { current: string; target: string; weighted: boolean } | undefined {
  const canary = move.to.routing[0]?.version;
  if (move.action === 'abort' || move.action === 'create') return undefined;
  if (canary) return { current: move.to.version, target: canary, weighted: true };
  if (move.to.version === move.from.version) return undefined;
  return { current: move.from.version, target: move.to.version, weighted: false };
}

export async function preflightAliasMove(reader: PreflightReader, functionName: string, move: AliasMove, options: CallOptions = {}): Promise<PreflightFinding[]> {
  const versions = movedVersions(move);
  if (!versions) return [];
  const [current, target, aliasProvisioned, targetProvisioned] = await Promise.all([
    reader.versionConfig(functionName, versions.current, options),
    reader.versionConfig(functionName, versions.target, options),
    reader.provisionedConcurrency(functionName, move.aliasName, options),
    versions.target === '$LATEST' ? Promise.resolve<Fact<null>>({ known: true, value: null }) : reader.provisionedConcurrency(functionName, versions.target, options),
  ]);
  return preflightChecks({
    functionName,
    aliasName: move.aliasName,
    currentVersion: versions.current,
    targetVersion: versions.target,
    weighted: versions.weighted,
    current,
    target,
    aliasProvisioned,
    targetProvisioned,
  });
}

/**
 * Release…'s pre-flight (its `preflight` hook): the same checks, with the release version as the
 * target. A version not yet published is judged by `$LATEST`'s configuration (what PublishVersion
 * will freeze) and has no provisioned concurrency yet.
 */
export async function preflightRelease(
  reader: PreflightReader,
  context: { functionName: string; aliasName: string; currentVersion: string; release: { version: string; published: boolean }; weighted: boolean },
  options: CallOptions = {},
): Promise<PreflightFinding[]> {
  const { functionName, aliasName, currentVersion, release } = context;
  if (release.published && release.version === currentVersion && !context.weighted) return [];
  const [current, target, aliasProvisioned, targetProvisioned] = await Promise.all([
    reader.versionConfig(functionName, currentVersion, options),
    reader.versionConfig(functionName, release.published ? release.version : '$LATEST', options),
    reader.provisionedConcurrency(functionName, aliasName, options),
    release.published ? reader.provisionedConcurrency(functionName, release.version, options) : Promise.resolve<Fact<null>>({ known: true, value: null }),
  ]);
  return preflightChecks({
    functionName,
    aliasName,
    currentVersion,
    targetVersion: release.version,
    weighted: context.weighted,
    current,
    target,
    aliasProvisioned,
    targetProvisioned,
  });
}
