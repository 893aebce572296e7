/**
 * "Prune Old Versions…" around the pure selection (prune.ts): read what refers to versions, then
 * delete one version at a time, stopping at the first failure and saying what was deleted.
 */
import type { AliasSummary, CallOptions, VersionSummary } from '../aws/types';
import { CancelledError, ReleaseError, isCancellation, throwIfAborted, userFacing } from './errors';
import { checkKeepCount, planPrune, type PruneCandidate, type PrunePlan } from './prune';
import type { EventSourceRef, Fact, FunctionUrl, ProvisionedConcurrency } from './versionFacts';

export interface PruneReader {
  getFunctionDetails(functionName: string, options?: CallOptions): Promise<{ versions: VersionSummary[]; aliases: AliasSummary[] }>;
  listProvisionedConcurrency(functionName: string, options?: CallOptions): Promise<Fact<ProvisionedConcurrency[]>>;
  functionUrl(functionName: string, qualifier?: string, options?: CallOptions): Promise<Fact<FunctionUrl | null>>;
  eventSourceMappings(functionName: string, options?: CallOptions): Promise<Fact<EventSourceRef[]>>;
}

/** Reads versions, aliases, provisioned concurrency, each alias's URL and the event source mappings, then plans. */
export async function readAndPlanPrune(
  reader: PruneReader,
  functionName: string,
  keep: number,
  inUse?: (version: string) => string | undefined,
  options: CallOptions = {},
): Promise<PrunePlan> {
  const keepProblem = checkKeepCount(keep);
  if (keepProblem) throw new ReleaseError('validation', keepProblem);
  const { versions, aliases } = await reader.getFunctionDetails(functionName, options);
  const [provisioned, eventSources, ...urls] = await Promise.all([
    reader.listProvisionedConcurrency(functionName, options),
    reader.eventSourceMappings(functionName, options),
    ...aliases.map((a) => reader.functionUrl(functionName, a.name, options)),
  ]);
  return planPrune({ versions, aliases, keep, provisioned, eventSources, urls: new Map(aliases.map((a, i) => [a.name, urls[i]])), inUse });
}

/** Deleting stopped (failure or Cancel): what was deleted before it, for the message. */
export class PruneStoppedError extends ReleaseError {
  constructor(
    readonly deleted: PruneCandidate[],
    readonly failedOn: string | undefined,
    functionName: string,
    cause: unknown,
  ) {
    const done = deleted.length ? `deleted ${deleted.map((v) => v.version).join(', ')}` : 'nothing was deleted';
    const message = failedOn
      ? `Pruning ${functionName} stopped at version ${failedOn} (${userFacing(cause).message}); ${done}.`
      : `Pruning ${functionName} cancelled; ${done}.`;
    super(failedOn ? 'aws' : 'cancelled', message, { cause });
    this.name = 'PruneStoppedError';
  }
}

export async function deleteVersions(
  gateway: { deleteVersion(functionName: string, version: string, options?: CallOptions): Promise<void> },
  functionName: string,
  versions: readonly PruneCandidate[],
  options: CallOptions & { onDeleted?: (version: PruneCandidate, index: number) => void } = {},
): Promise<PruneCandidate[]> {
  const deleted: PruneCandidate[] = [];
  for (const version of versions) {
    try {
      throwIfAborted(options.signal);
      await gateway.deleteVersion(functionName, version.version, options);
    } catch (error) {
      if (isCancellation(error) || error instanceof CancelledError) throw new PruneStoppedError(deleted, undefined, functionName, error);
      throw new PruneStoppedError(deleted, version.version, functionName, error);
    }
    deleted.push(version);
    options.onDeleted?.(version, deleted.length);
  }
  return deleted;
}
