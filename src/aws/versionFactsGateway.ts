/**
 * What a version carries into production, over one (profile, region): reserved and provisioned
 * concurrency, function URLs, runtime management, code signing, account limits, event source
 * mappings — and their setters, plus DeleteFunction of one version (pruning).
 *
 * Reads return a `Fact`: a failure (AccessDenied, an endpoint that does not serve the API) is
 * `known: false` with a reason a person can read, so one missing permission never turns a whole
 * function into an error node. Only cancellation throws. Setters throw ReleaseErrors like
 * LambdaGateway and validate their input before any request.
 * Every request goes through the same (profile, region) limiter as LambdaGateway.
 */
import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  GetRuntimeManagementConfigCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  PutRuntimeManagementConfigCommand,
  type FunctionUrlAuthType,
  type UpdateRuntimeOn,
} from '@aws-sdk/client-lambda';
import { ReleaseError, isCancellation, throwIfAborted, userFacing } from '../release/errors';
import { checkConcurrency, checkProvisionedQualifier, checkRuntimeManagement, checkUrlQualifier } from '../release/versionFactRules';
import {
  known,
  qualifierOfArn,
  unknown,
  type AccountLimits,
  type EventSourceRef,
  type Fact,
  type FunctionUrl,
  type ProvisionedConcurrency,
  type RuntimeManagement,
  type VersionConfigFacts,
} from '../release/versionFacts';
import type { PreflightReader } from '../release/preflightMove';
import { callLimited, pause as cancellablePause } from './gatewayCall';
import type { Limit } from './limiter';
import type { CallOptions, Target } from './types';
import { corsSummary, toProvisioned, toVersionConfigFacts } from './versionFactsMapping';

/** Errors that mean "there is none" for a given read (Lambda names them per API). */
const NONE_ERRORS = /ResourceNotFoundException|ProvisionedConcurrencyConfigNotFoundException/;

export class VersionFactsGateway implements PreflightReader {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    readonly target: Target,
    private readonly limit: Limit = (task) => task(),
    private readonly pause: (ms: number, signal?: AbortSignal) => Promise<void> = cancellablePause,
  ) {}

  // ---- reads ------------------------------------------------------------------------------

  async versionConfig(functionName: string, version: string, options: CallOptions = {}): Promise<Fact<VersionConfigFacts>> {
    return this.read(`read version ${version} of ${functionName}`, options, async (abortSignal) =>
      toVersionConfigFacts(await this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }), { abortSignal })),
    );
  }

  /** Reserved concurrency of the function (shared by all versions); null = unreserved. */
  async reservedConcurrency(functionName: string, options: CallOptions = {}): Promise<Fact<number | null>> {
    return this.read(`read the reserved concurrency of ${functionName}`, options, async (abortSignal) => {
      const result = await this.client.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }), { abortSignal });
      return result.ReservedConcurrentExecutions ?? null;
    });
  }

  /** Provisioned concurrency on one alias or version; null = none configured. */
  async provisionedConcurrency(functionName: string, qualifier: string, options: CallOptions = {}): Promise<Fact<ProvisionedConcurrency | null>> {
    return this.read(
      `read the provisioned concurrency of ${functionName}:${qualifier}`,
      options,
      async (abortSignal) => toProvisioned(qualifier, await this.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal })),
      null,
    );
  }

  /** Every provisioned concurrency config of the function (aliases and versions), one paged listing. */
  async listProvisionedConcurrency(functionName: string, options: CallOptions = {}): Promise<Fact<ProvisionedConcurrency[]>> {
    return this.read(`list the provisioned concurrency of ${functionName}`, options, async (abortSignal) => {
      const configs: ProvisionedConcurrency[] = [];
      let marker: string | undefined;
      do {
        throwIfAborted(abortSignal);
        const page = await this.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: functionName, Marker: marker, MaxItems: 50 }), { abortSignal });
        for (const item of page.ProvisionedConcurrencyConfigs ?? []) configs.push(toProvisioned(qualifierOfArn(item.FunctionArn) ?? '', item));
        marker = page.NextMarker && page.NextMarker !== marker ? page.NextMarker : undefined;
      } while (marker);
      return configs;
    });
  }

  /** The function URL of an alias, or of the function itself (qualifier undefined); null = none. */
  async functionUrl(functionName: string, qualifier?: string, options: CallOptions = {}): Promise<Fact<FunctionUrl | null>> {
    return this.read(
      `read the function URL of ${functionName}${qualifier ? `:${qualifier}` : ''}`,
      options,
      async (abortSignal) => {
        const result = await this.client.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal });
        return { qualifier, url: result.FunctionUrl ?? '', authType: result.AuthType ?? '?', cors: corsSummary(result.Cors) };
      },
      null,
    );
  }

  async runtimeManagement(functionName: string, qualifier?: string, options: CallOptions = {}): Promise<Fact<RuntimeManagement>> {
    return this.read(`read the runtime management of ${functionName}`, options, async (abortSignal) => {
      const result = await this.client.send(new GetRuntimeManagementConfigCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal });
      return { updateRuntimeOn: result.UpdateRuntimeOn, runtimeVersionArn: result.RuntimeVersionArn };
    });
  }

  /** The code signing config ARN of the function; null = none. */
  async codeSigning(functionName: string, options: CallOptions = {}): Promise<Fact<string | null>> {
    return this.read(
      `read the code signing config of ${functionName}`,
      options,
      async (abortSignal) => (await this.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: functionName }), { abortSignal })).CodeSigningConfigArn ?? null,
      null,
    );
  }

  /** Account concurrency and code storage (GetAccountSettings), for the region node and for validation. */
  async accountSettings(options: CallOptions = {}): Promise<Fact<AccountLimits>> {
    return this.read('read the account settings', options, async (abortSignal) => {
      const result = await this.client.send(new GetAccountSettingsCommand({}), { abortSignal });
      return {
        concurrentExecutions: result.AccountLimit?.ConcurrentExecutions,
        unreservedConcurrentExecutions: result.AccountLimit?.UnreservedConcurrentExecutions,
        totalCodeSize: result.AccountUsage?.TotalCodeSize,
        codeSizeLimit: result.AccountLimit?.TotalCodeSize,
        functionCount: result.AccountUsage?.FunctionCount,
      };
    });
  }

  /**
   * Event source mappings that invoke this function, with the qualifier each invokes. Every mapping
   * of the region is listed and matched by function name: filtering by the unqualified name would
   * miss mappings made on a version or an alias.
   */
  async eventSourceMappings(functionName: string, options: CallOptions = {}): Promise<Fact<EventSourceRef[]>> {
    return this.read(`list the event source mappings of ${functionName}`, options, async (abortSignal) => {
      const mappings: EventSourceRef[] = [];
      let marker: string | undefined;
      do {
        throwIfAborted(abortSignal);
        const page = await this.client.send(new ListEventSourceMappingsCommand({ Marker: marker, MaxItems: 100 }), { abortSignal });
        for (const m of page.EventSourceMappings ?? []) {
          if (functionNameOfArn(m.FunctionArn) === functionName) mappings.push({ uuid: m.UUID ?? '', qualifier: qualifierOfArn(m.FunctionArn), source: m.EventSourceArn });
        }
        marker = page.NextMarker && page.NextMarker !== marker ? page.NextMarker : undefined;
      } while (marker);
      return mappings;
    });
  }

  // ---- setters ----------------------------------------------------------------------------

  async putReservedConcurrency(functionName: string, count: number, options: CallOptions & { pool?: number } = {}): Promise<number> {
    validate(checkConcurrency(String(count), 'reserved', options.pool));
    const result = await this.call(`set the reserved concurrency of ${functionName}`, options, (abortSignal) =>
      this.client.send(new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: count }), { abortSignal }),
    );
    return result.ReservedConcurrentExecutions ?? count;
  }

  async deleteReservedConcurrency(functionName: string, options: CallOptions = {}): Promise<void> {
    await this.call(`remove the reserved concurrency of ${functionName}`, options, (abortSignal) =>
      this.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: functionName }), { abortSignal }),
    );
  }

  async putProvisionedConcurrency(functionName: string, qualifier: string, count: number, options: CallOptions = {}): Promise<ProvisionedConcurrency> {
    validate(checkProvisionedQualifier(qualifier) ?? checkConcurrency(String(count), 'provisioned'));
    const result = await this.call(`set the provisioned concurrency of ${functionName}:${qualifier}`, options, (abortSignal) =>
      this.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: qualifier, ProvisionedConcurrentExecutions: count }), { abortSignal }),
    );
    return toProvisioned(qualifier, result);
  }

  async deleteProvisionedConcurrency(functionName: string, qualifier: string, options: CallOptions = {}): Promise<void> {
    validate(checkProvisionedQualifier(qualifier));
    await this.call(`remove the provisioned concurrency of ${functionName}:${qualifier}`, options, (abortSignal) =>
      this.client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal }),
    );
  }

  /**
   * Polls until the provisioned concurrency is READY (returned) or FAILED (thrown with Lambda's
   * reason). Cancellable through the signal; `onStatus` reports each read for a progress line.
   */
  async waitForProvisioned(
    functionName: string,
    qualifier: string,
    options: CallOptions & { intervalMs?: number; maxWaitMs?: number; onStatus?: (pc: ProvisionedConcurrency) => void } = {},
  ): Promise<ProvisionedConcurrency> {
    const deadline = Date.now() + (options.maxWaitMs ?? 15 * 60_000);
    for (;;) {
      const pc = toProvisioned(
        qualifier,
        await this.call(`read the provisioned concurrency of ${functionName}:${qualifier}`, options, (abortSignal) =>
          this.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: qualifier }), { abortSignal }),
        ),
      );
      options.onStatus?.(pc);
      if (pc.status === 'READY') return pc;
      if (pc.status === 'FAILED') throw new ReleaseError('aws', `Provisioned concurrency of ${functionName}:${qualifier} FAILED: ${pc.statusReason ?? 'no reason given'}.`);
      if (Date.now() > deadline) throw new ReleaseError('conflict', `Provisioned concurrency of ${functionName}:${qualifier} is still ${pc.status ?? 'not ready'}; it keeps going in the background.`);
      await this.pause(options.intervalMs ?? 5000, options.signal);
    }
  }

  async createFunctionUrl(functionName: string, qualifier: string | undefined, authType: FunctionUrlAuthType, options: CallOptions = {}): Promise<FunctionUrl> {
    validate(checkUrlQualifier(qualifier));
    const result = await this.call(`create a function URL for ${functionName}${qualifier ? `:${qualifier}` : ''}`, options, (abortSignal) =>
      this.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: qualifier, AuthType: authType }), { abortSignal }),
    );
    return { qualifier, url: result.FunctionUrl ?? '', authType: result.AuthType ?? authType, cors: corsSummary(result.Cors) };
  }

  /** The function's runtime update mode; Manual pins `runtimeVersionArn` (runtime rollback). */
  async putRuntimeManagement(functionName: string, mode: UpdateRuntimeOn, runtimeVersionArn?: string, options: CallOptions = {}): Promise<RuntimeManagement> {
    validate(checkRuntimeManagement(mode, runtimeVersionArn));
    const result = await this.call(`set the runtime update mode of ${functionName}`, options, (abortSignal) =>
      this.client.send(new PutRuntimeManagementConfigCommand({ FunctionName: functionName, UpdateRuntimeOn: mode, RuntimeVersionArn: runtimeVersionArn }), { abortSignal }),
    );
    return { updateRuntimeOn: result.UpdateRuntimeOn, runtimeVersionArn: result.RuntimeVersionArn };
  }

  /** DeleteFunction of one published version (never the function: a qualifier is required). */
  async deleteVersion(functionName: string, version: string, options: CallOptions = {}): Promise<void> {
    if (!/^[1-9][0-9]*$/.test(version)) throw new ReleaseError('validation', `Only a published version can be deleted here, not "${version}".`);
    await this.call(`delete version ${version} of ${functionName}`, options, (abortSignal) =>
      this.client.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version }), { abortSignal }),
    );
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** A read as a Fact: `none` (when given) for Lambda's "there is none" errors, else unknown with the reason. */
  private async read<T>(action: string, options: CallOptions, run: (signal?: AbortSignal) => Promise<T>, none?: T): Promise<Fact<T>> {
    try {
      return known(await this.call(action, options, run));
    } catch (error) {
      if (isCancellation(error)) throw error;
      const cause = (error as { cause?: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } }).cause;
      if (none !== undefined && NONE_ERRORS.test(cause?.name ?? '')) return known(none);
      return unknownFrom(error, cause);
    }
  }

  private call<T>(action: string, options: CallOptions, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    return callLimited(this.limit, () => ({ action, profile: this.target.profile, region: this.target.region }), options.signal, run);
  }
}

/** Why a read failed, in words for a tooltip; an endpoint answering 404 with a web page does not serve the API. */
function unknownFrom(error: unknown, cause: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined): Fact<never> {
  const status = cause?.$metadata?.httpStatusCode;
  if (status === 404 && /Deserialization|Unexpected token|char '<'|not valid JSON/i.test(`${cause?.message ?? ''} ${cause?.name ?? ''}`)) {
    return unknown('this endpoint does not serve that API (it answered 404 with a web page, as local emulators do)', true);
  }
  if (/AccessDenied/.test(cause?.name ?? '') || status === 403) return unknown('access denied for this identity');
  return unknown(userFacing(error).message);
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → NAME. */
function functionNameOfArn(arn: string | undefined): string | undefined {
  return arn?.split(':')[6];
}

function validate(problem: string | undefined): void {
  if (problem) throw new ReleaseError('validation', problem);
}
