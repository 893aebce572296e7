import {
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  type GetFunctionCommand,
  type GetFunctionCommandOutput,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
  type AliasConfiguration,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { allOrAbort } from '../release/abortScope';
import { CancelledError, ReleaseError, maskSecrets, throwIfAborted } from '../release/errors';
import { toReleaseError, type ErrorContext } from './errors';
import { callLimited, pause } from './gatewayCall';
import type { Limit } from './limiter';
import { toVersionConfigFacts } from './versionFactsMapping';
import type { AliasSummary, CallOptions, FunctionDetails, FunctionSummary, RoutingWeight, Target, VersionSummary } from './types';

export const PAGE_SIZE = 50;

/** A zip (inline or in S3), or a container image URI (pinned to a digest by the caller). */
export type CodeSource = { zipFile: Uint8Array } | { s3Bucket: string; s3Key: string } | { imageUri: string };

export interface PublishResult {
  version: string;
  codeSha256?: string;
  description?: string;
  /** True when Lambda returned an already published version (nothing changed since). */
  existing: boolean;
}

export interface AliasChange {
  version: string;
  routing?: RoutingWeight[];
  description?: string;
  /** RevisionId read just before: Lambda refuses the change if someone moved the alias meanwhile. */
  revisionId?: string;
}

/** How long deploy waits out a function that another update is holding. */
const CONFLICT_WAIT_MS = 120_000;

/**
 * Lambda over one (profile, region): paginated listing, waiters, and guarded mutations. Every
 * request goes through the (profile, region) limiter and carries the caller's AbortSignal.
 */
export class LambdaGateway {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'> & { config?: unknown },
    readonly target: Target,
    private readonly limit: Limit = (task) => task(),
    private readonly usesSso: boolean | (() => boolean) = false,
  ) {}

  async listFunctions(options: CallOptions = {}): Promise<FunctionSummary[]> {
    const functions = await this.call('list functions', options, (abortSignal) =>
      allPages(abortSignal, (Marker) => this.client.send(new ListFunctionsCommand({ Marker, MaxItems: PAGE_SIZE }), { abortSignal }), (page) => page.Functions),
    );
    return functions.map(toFunctionSummary).sort((a, b) => a.name.localeCompare(b.name));
  }

  async listVersions(functionName: string, options: CallOptions = {}): Promise<VersionSummary[]> {
    const versions = await this.call(`list versions of ${functionName}`, options, (abortSignal) =>
      allPages(
        abortSignal,
        (Marker) => this.client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker, MaxItems: PAGE_SIZE }), { abortSignal }),
        (page) => page.Versions,
      ),
    );
    return sortVersions(versions.map(toVersionSummary));
  }

  async listAliases(functionName: string, options: CallOptions = {}): Promise<AliasSummary[]> {
    const aliases = await this.call(`list aliases of ${functionName}`, options, (abortSignal) =>
      allPages(
        abortSignal,
        (Marker) => this.client.send(new ListAliasesCommand({ FunctionName: functionName, Marker, MaxItems: PAGE_SIZE }), { abortSignal }),
        (page) => page.Aliases,
      ),
    );
    return aliases.map(toAliasSummary).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Versions and aliases of one function, fetched in parallel (what expanding a function needs); one failing stops the other's paging. */
  async getFunctionDetails(functionName: string, options: CallOptions = {}): Promise<FunctionDetails> {
    const [versions, aliases] = await allOrAbort(options.signal, [
      (signal) => this.listVersions(functionName, { ...options, signal }),
      (signal) => this.listAliases(functionName, { ...options, signal }),
    ] as const);
    return { versions, aliases };
  }

  /** The configuration of `$LATEST` or of a version / alias (qualifier). */
  async getFunctionConfiguration(functionName: string, qualifier?: string, options: CallOptions = {}): Promise<FunctionConfiguration> {
    return this.call(`read the configuration of ${functionName}${qualifier ? `:${qualifier}` : ''}`, options, (abortSignal) =>
      this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal }),
    );
  }

  /** Reserved concurrency of the function (all versions share it); null when unreserved. */
  async getReservedConcurrency(functionName: string, options: CallOptions = {}): Promise<number | null> {
    const result = await this.call(`read the reserved concurrency of ${functionName}`, options, (abortSignal) =>
      this.client.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }), { abortSignal }),
    );
    return result.ReservedConcurrentExecutions ?? null;
  }

  async getFunction(functionName: string, options: CallOptions = {}): Promise<FunctionSummary> {
    return toFunctionSummary(await this.getFunctionConfiguration(functionName, undefined, options));
  }

  async getAlias(functionName: string, aliasName: string, options: CallOptions = {}): Promise<AliasSummary> {
    const alias = await this.call(`read alias ${aliasName} of ${functionName}`, options, (abortSignal) =>
      this.client.send(new GetAliasCommand({ FunctionName: functionName, Name: aliasName }), { abortSignal }),
    );
    return toAliasSummary(alias);
  }

  /**
   * Waits until LastUpdateStatus leaves InProgress (the SDK's waiter). A Failed update becomes an
   * error carrying LastUpdateStatusReason.
   *
   * The waiter retries whatever GetFunction throws, so it polls through a client wrapper that
   * stops it at once on an error retrying cannot fix (credentials, access denied, deleted function,
   * bad config, an endpoint unreachable several times in a row) and surfaces that error instead of
   * "still updating" minutes later. Throttling, 5xx and a network blip keep the waiter's retry.
   * The waiter's own errors are never attached as `cause`: their message is the JSON of the whole
   * GetFunction answer (environment values, the presigned code URL).
   */
  async waitUntilUpdated(functionName: string, options: CallOptions & { maxWaitSeconds?: number } = {}): Promise<FunctionSummary> {
    throwIfAborted(options.signal);
    const maxWaitSeconds = options.maxWaitSeconds ?? 300;
    const context = this.context(`wait for ${functionName} to finish updating`);
    const stop = new AbortController();
    const onCallerAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let fatal: ReleaseError | undefined;
    let lastSeen: FunctionConfiguration | undefined;
    let networkFailures = 0;
    const client = {
      config: this.client.config, // the waiter reads its logger from there
      send: async (command: GetFunctionCommand, sendOptions?: { abortSignal?: AbortSignal }): Promise<GetFunctionCommandOutput> => {
        // The waiter may poll once more after it has settled (it sleeps, then sends): not after a stop.
        if (stop.signal.aborted) throw new CancelledError();
        try {
          const result = await this.limit(() => this.client.send(command, { ...sendOptions, abortSignal: stop.signal }));
          networkFailures = 0;
          lastSeen = result.Configuration;
          return result;
        } catch (error) {
          if (stop.signal.aborted) throw new CancelledError();
          const translated = toReleaseError(error, context);
          networkFailures = translated.kind === 'network' ? networkFailures + 1 : 0;
          if (isPermanent(translated) || networkFailures >= MAX_NETWORK_FAILURES_WHILE_WAITING) {
            fatal = translated; // before abort(): aborting settles the waiter synchronously
            stop.abort();
          }
          throw translated;
        }
      },
    };
    let settled: FunctionConfiguration | undefined;
    try {
      const result = await waitUntilFunctionUpdatedV2(
        { client: client as unknown as LambdaClient, maxWaitTime: maxWaitSeconds, minDelay: 1, maxDelay: 5, abortSignal: stop.signal },
        { FunctionName: functionName },
      );
      // The waiter's last GetFunction already holds the settled configuration: no extra call.
      settled = (result.reason as GetFunctionCommandOutput | undefined)?.Configuration;
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      if (fatal) throw fatal;
      throw waiterError(functionName, error, lastSeen, maxWaitSeconds, context);
    } finally {
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
    const fn = settled?.FunctionName ? toFunctionSummary(settled) : await this.getFunction(functionName, options);
    if (fn.lastUpdateStatus === 'Failed') throw new ReleaseError('aws', `The update of ${functionName} failed.`);
    return fn;
  }

  /**
   * UpdateFunctionCode. An update already in progress (ResourceConflictException) is waited out
   * within a bound (`conflictWaitMs`, default 120 s) rather than surfaced raw; `revisionId` guards
   * against a concurrent change.
   */
  async updateFunctionCode(
    functionName: string,
    code: CodeSource,
    options: CallOptions & { revisionId?: string; conflictWaitMs?: number } = {},
  ): Promise<FunctionSummary> {
    const input = {
      FunctionName: functionName,
      RevisionId: options.revisionId,
      ...('zipFile' in code ? { ZipFile: code.zipFile } : 'imageUri' in code ? { ImageUri: code.imageUri } : { S3Bucket: code.s3Bucket, S3Key: code.s3Key }),
    };
    const deadline = Date.now() + (options.conflictWaitMs ?? CONFLICT_WAIT_MS);
    for (;;) {
      try {
        const result = await this.call(`update the code of ${functionName}`, options, (abortSignal) =>
          this.client.send(new UpdateFunctionCodeCommand(input), { abortSignal }),
        );
        return toFunctionSummary(result);
      } catch (error) {
        if (!(error instanceof ReleaseError) || error.kind !== 'conflict' || Date.now() > deadline) throw error;
        // The SDK waiter refuses a maxWaitTime not above its minDelay (1 s): at least 2 s.
        await this.waitUntilUpdated(functionName, { signal: options.signal, maxWaitSeconds: Math.max(2, Math.ceil((deadline - Date.now()) / 1000)) });
        // GetFunction may already say Successful while the update still holds the function: pause
        // between attempts instead of hammering UpdateFunctionCode until the bound.
        await pause(Math.min(1000, Math.max(0, deadline - Date.now())), options.signal);
      }
    }
  }

  /**
   * PublishVersion guarded by the CodeSha256 of what was deployed (and its RevisionId when
   * known), so a concurrent deploy by someone else cannot be published by mistake.
   */
  async publishVersion(
    functionName: string,
    guard: { codeSha256: string; revisionId?: string; description?: string },
    options: CallOptions & {
      /** The newest published version before this publish, when the caller already read it (saves a listing). */
      latestBefore?: Promise<string | undefined>;
    } = {},
  ): Promise<PublishResult> {
    // Tells "published a new version" from "Lambda returned the existing one" (nothing changed).
    // Only that flag needs it: a failed listing must not block the publish (existing is then false).
    const before = await (options.latestBefore ?? this.latestPublishedVersion(functionName, options)).catch(() => undefined);
    try {
      const result = await this.call(`publish a version of ${functionName}`, options, (abortSignal) =>
        this.client.send(
          new PublishVersionCommand({ FunctionName: functionName, CodeSha256: guard.codeSha256, RevisionId: guard.revisionId, Description: guard.description }),
          { abortSignal },
        ),
      );
      const version = result.Version ?? '';
      return {
        version,
        codeSha256: result.CodeSha256,
        description: result.Description,
        existing: before !== undefined && Number(version) <= Number(before),
      };
    } catch (error) {
      if (error instanceof ReleaseError && error.kind === 'precondition') {
        throw new ReleaseError('precondition', `${functionName} changed since your deploy (someone else deployed or changed its configuration); nothing was published.`, {
          hint: 'Review the function, deploy again, then publish.',
          cause: error,
        });
      }
      throw error;
    }
  }

  async createAlias(functionName: string, aliasName: string, change: AliasChange, options: CallOptions = {}): Promise<AliasSummary> {
    const alias = await this.call(`create alias ${aliasName} of ${functionName}`, options, (abortSignal) =>
      this.client.send(
        new CreateAliasCommand({
          FunctionName: functionName,
          Name: aliasName,
          FunctionVersion: change.version,
          Description: change.description,
          RoutingConfig: toRoutingConfig(change.routing),
        }),
        { abortSignal },
      ),
    ).catch((error: unknown) => {
      // Lambda answers an existing name with ResourceConflictException (moto: ConflictException),
      // which the generic mapping would call "the function is being updated".
      const cause = error instanceof ReleaseError ? (error.cause as { name?: string; message?: string } | undefined) : undefined;
      if (/ConflictException$/.test(cause?.name ?? '') && /already exists/i.test(cause?.message ?? '')) {
        throw new ReleaseError('conflict', `Alias ${aliasName} of ${functionName} already exists.`, {
          hint: 'Pick another name, or repoint the existing alias.',
          cause: error,
        });
      }
      throw error;
    });
    return toAliasSummary(alias);
  }

  /** UpdateAlias carrying the RevisionId read before; a mismatch is never retried blindly. */
  async updateAlias(functionName: string, aliasName: string, change: AliasChange, options: CallOptions = {}): Promise<AliasSummary> {
    const alias = await this.call(`update alias ${aliasName} of ${functionName}`, options, (abortSignal) =>
      this.client.send(
        new UpdateAliasCommand({
          FunctionName: functionName,
          Name: aliasName,
          FunctionVersion: change.version,
          Description: change.description,
          RevisionId: change.revisionId,
          // An empty map clears the weights; undefined would leave them as they were.
          RoutingConfig: { AdditionalVersionWeights: toRoutingConfig(change.routing)?.AdditionalVersionWeights ?? {} },
        }),
        { abortSignal },
      ),
    );
    return toAliasSummary(alias);
  }

  async deleteAlias(functionName: string, aliasName: string, options: CallOptions = {}): Promise<void> {
    await this.call(`delete alias ${aliasName} of ${functionName}`, options, (abortSignal) =>
      this.client.send(new DeleteAliasCommand({ FunctionName: functionName, Name: aliasName }), { abortSignal }),
    );
  }

  /** The highest published version number, or undefined when none is published. */
  async latestPublishedVersion(functionName: string, options: CallOptions = {}): Promise<string | undefined> {
    const versions = await this.listVersions(functionName, options);
    return versions.find((v) => v.version !== '$LATEST')?.version;
  }

  private context(action: string): ErrorContext {
    return { action, profile: this.target.profile, region: this.target.region, usesSso: typeof this.usesSso === 'function' ? this.usesSso() : this.usesSso };
  }

  /** Runs one request (or one paginated walk, which holds one slot) under the limiter, translating errors. */
  private call<T>(action: string, options: CallOptions, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    return callLimited(this.limit, () => this.context(action), options.signal, run);
  }
}

/** Consecutive unreachable-endpoint errors (each already retried by the SDK) that end a wait. */
const MAX_NETWORK_FAILURES_WHILE_WAITING = 3;

/** Errors that polling again cannot fix. */
function isPermanent(error: ReleaseError): boolean {
  if (['credentials', 'notFound', 'config', 'validation'].includes(error.kind)) return true;
  const cause = error.cause as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return /AccessDenied/.test(cause?.name ?? '') || cause?.$metadata?.httpStatusCode === 403;
}

/**
 * The SDK waiter's error, told apart without keeping it: its message is the JSON of the last
 * GetFunction answer, secrets included. Only the state and the update status fields survive.
 */
function waiterError(functionName: string, error: unknown, lastSeen: FunctionConfiguration | undefined, maxWaitSeconds: number, context: ErrorContext): ReleaseError {
  const state = waiterState(error);
  const cause = waiterSummary(state, lastSeen);
  if (state === 'FAILURE' || lastSeen?.LastUpdateStatus === 'Failed') {
    const code = lastSeen?.LastUpdateStatusReasonCode ? ` (${lastSeen.LastUpdateStatusReasonCode})` : '';
    return new ReleaseError('aws', `The update of ${functionName} failed: ${lastSeen?.LastUpdateStatusReason ?? 'no reason given'}${code}.`, { cause });
  }
  if (state === 'TIMEOUT') return new ReleaseError('conflict', `${functionName} is still updating after ${maxWaitSeconds} s.`, { cause });
  // Not the waiter's JSON (e.g. it refused its options): that message is ours and safe to show.
  const message = error instanceof Error && !error.message.trimStart().startsWith('{') ? `: ${maskSecrets(error.message).slice(0, 300)}` : '';
  return new ReleaseError('aws', `Could not ${context.action}${message}.`, { cause });
}

/** FAILURE, TIMEOUT… read from the waiter's error (its message is JSON with a `state`, its name says TimeoutError). */
function waiterState(error: unknown): string | undefined {
  if ((error as { name?: string } | undefined)?.name === 'TimeoutError') return 'TIMEOUT';
  try {
    const parsed = JSON.parse((error as Error)?.message ?? '') as { state?: unknown } | null;
    return typeof parsed?.state === 'string' ? parsed.state : undefined;
  } catch {
    return undefined;
  }
}

/** What the log may keep of a wait that did not succeed: its state and the update status fields, nothing else. */
function waiterSummary(state: string | undefined, lastSeen: FunctionConfiguration | undefined): Error {
  const fields = [
    `state ${state ?? 'unknown'}`,
    lastSeen?.LastUpdateStatus && `LastUpdateStatus ${lastSeen.LastUpdateStatus}`,
    lastSeen?.LastUpdateStatusReasonCode && `LastUpdateStatusReasonCode ${lastSeen.LastUpdateStatusReasonCode}`,
    lastSeen?.LastUpdateStatusReason && `LastUpdateStatusReason ${lastSeen.LastUpdateStatusReason}`,
  ].filter(Boolean);
  const summary = new Error(`Lambda waiter: ${fields.join(', ')}`);
  summary.name = 'WaiterResult';
  return summary;
}

/**
 * Follows NextMarker through every page, PAGE_SIZE items a request. Paged by hand, not with the
 * SDK paginators: those refuse any client that is not a LambdaClient instance (so no fake fits
 * this seam) and cannot stop between pages on the caller's AbortSignal.
 */
async function allPages<P extends { NextMarker?: string }, T>(
  signal: AbortSignal | undefined,
  fetchPage: (marker: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[] | undefined,
): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    throwIfAborted(signal);
    const page = await fetchPage(marker);
    items.push(...(itemsOf(page) ?? []));
    // An endpoint that repeats its marker would otherwise loop forever.
    marker = page.NextMarker && page.NextMarker !== marker ? page.NextMarker : undefined;
  } while (marker);
  return items;
}

export function toFunctionSummary(fn: FunctionConfiguration): FunctionSummary {
  return {
    name: fn.FunctionName ?? '',
    arn: fn.FunctionArn ?? '',
    runtime: fn.Runtime,
    handler: fn.Handler,
    memoryMb: fn.MemorySize,
    timeoutSeconds: fn.Timeout,
    codeSize: fn.CodeSize,
    codeSha256: fn.CodeSha256,
    lastModified: fn.LastModified,
    description: fn.Description || undefined,
    packageType: fn.PackageType,
    architectures: fn.Architectures,
    state: fn.State,
    lastUpdateStatus: fn.LastUpdateStatus,
    revisionId: fn.RevisionId,
  };
}

function toVersionSummary(v: FunctionConfiguration): VersionSummary {
  return {
    version: v.Version ?? '$LATEST',
    arn: v.FunctionArn ?? '',
    description: v.Description || undefined,
    lastModified: v.LastModified,
    codeSha256: v.CodeSha256,
    codeSize: v.CodeSize,
    runtime: v.Runtime,
    memoryMb: v.MemorySize,
    timeoutSeconds: v.Timeout,
    revisionId: v.RevisionId,
    facts: toVersionConfigFacts(v),
  };
}

export function toAliasSummary(a: AliasConfiguration): AliasSummary {
  const weights = a.RoutingConfig?.AdditionalVersionWeights ?? {};
  return {
    name: a.Name ?? '',
    arn: a.AliasArn ?? '',
    functionVersion: a.FunctionVersion ?? '',
    description: a.Description || undefined,
    revisionId: a.RevisionId,
    routing: Object.entries(weights).map(([version, weight]) => ({ version, weight })),
  };
}

/** `$LATEST` first, then published versions newest (highest number) first. */
export function sortVersions(versions: VersionSummary[]): VersionSummary[] {
  const rank = (v: VersionSummary) => (v.version === '$LATEST' ? Number.POSITIVE_INFINITY : Number(v.version));
  return [...versions].sort((a, b) => rank(b) - rank(a));
}

function toRoutingConfig(routing: RoutingWeight[] | undefined) {
  if (!routing?.length) return undefined;
  return { AdditionalVersionWeights: Object.fromEntries(routing.map((r) => [r.version, r.weight])) };
}

