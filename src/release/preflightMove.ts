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
