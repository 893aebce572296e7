/** SDK shapes → the plain facts of src/release/versionFacts.ts (environment values never copied). */
import type { FunctionConfiguration, GetProvisionedConcurrencyConfigCommandOutput, ProvisionedConcurrencyConfigListItem } from '@aws-sdk/client-lambda';
import { layerRef, type ProvisionedConcurrency, type VersionConfigFacts } from '../release/versionFacts';

export function toVersionConfigFacts(config: FunctionConfiguration): VersionConfigFacts {
  return {
    version: config.Version ?? '$LATEST',
    state: config.State,
    stateReason: config.StateReason,
    lastUpdateStatus: config.LastUpdateStatus,
    lastUpdateStatusReason: config.LastUpdateStatusReason,
    role: config.Role,
    deadLetterTarget: config.DeadLetterConfig?.TargetArn || undefined,
    runtime: config.Runtime,
    runtimeVersionArn: config.RuntimeVersionConfig?.RuntimeVersionArn,
    snapStart: config.SnapStart ? { applyOn: config.SnapStart.ApplyOn, optimizationStatus: config.SnapStart.OptimizationStatus } : undefined,
    layers: (config.Layers ?? []).filter((l) => l.Arn).map((l) => layerRef(l.Arn ?? '', l.CodeSize)),
    memoryMb: config.MemorySize,
    timeoutSeconds: config.Timeout,
    environmentKeys: Object.keys(config.Environment?.Variables ?? {}).sort(),
    codeSize: config.CodeSize,
    packageType: config.PackageType,
  };
}

export function toProvisioned(qualifier: string, pc: GetProvisionedConcurrencyConfigCommandOutput | ProvisionedConcurrencyConfigListItem): ProvisionedConcurrency {
  return {
    qualifier,
    requested: pc.RequestedProvisionedConcurrentExecutions,
    allocated: pc.AllocatedProvisionedConcurrentExecutions,
    available: pc.AvailableProvisionedConcurrentExecutions,
    status: pc.Status,
    statusReason: pc.StatusReason || undefined,
  };
}

/** `CORS: 2 origins · GET, POST` from a function URL's Cors block. */
export function corsSummary(cors: { AllowOrigins?: string[]; AllowMethods?: string[]; AllowCredentials?: boolean } | undefined): string | undefined {
  if (!cors || (!cors.AllowOrigins?.length && !cors.AllowMethods?.length)) return undefined;
  const origins = cors.AllowOrigins ?? [];
  const originText = origins.includes('*') ? 'any origin' : `${origins.length} origin${origins.length === 1 ? '' : 's'}`;
  const methods = cors.AllowMethods?.length ? ` · ${cors.AllowMethods.join(', ')}` : '';
  return `CORS: ${originText}${methods}${cors.AllowCredentials ? ' · credentials' : ''}`;
}
