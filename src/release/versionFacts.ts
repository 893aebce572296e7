/**
 * What a version carries into production, as plain data (no SDK, no `vscode`): its configuration
 * facts, provisioned concurrency, function URLs, runtime management, account limits.
 *
 * A read that failed is a `Fact` with `known: false` and the reason — never a silent "none" — so
 * the tree can say why a field is unknown and pre-flight can say a check was not made.
 * `unsupported: true` marks an endpoint that does not serve the API at all (local emulators answer
 * 404 with a web page): nothing of that kind can exist there.
 */

export type Fact<T> = { known: true; value: T } | { known: false; reason: string; unsupported?: boolean };

export function known<T>(value: T): Fact<T> {
  return { known: true, value };
}

export function unknown(reason: string, unsupported = false): Fact<never> {
  return unsupported ? { known: false, reason, unsupported } : { known: false, reason };
}

export interface LayerRef {
  arn: string;
  /** Layer name without account and region, e.g. `shared-utils`. */
  name: string;
  version: string;
  codeSize?: number;
}

/** The fields of GetFunctionConfiguration (or a ListVersionsByFunction row) that travel with a version. */
export interface VersionConfigFacts {
  version: string;
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  role?: string;
  deadLetterTarget?: string;
  runtime?: string;
  /** RuntimeVersionConfig.RuntimeVersionArn; undefined when Lambda did not report it. */
  runtimeVersionArn?: string;
  snapStart?: { applyOn?: string; optimizationStatus?: string };
  layers: LayerRef[];
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Environment variable NAMES only: values never leave the gateway. */
  environmentKeys: string[];
  codeSize?: number;
  packageType?: string;
}

export interface ProvisionedConcurrency {
  /** The alias name or version number it is configured on. */
  qualifier: string;
  requested?: number;
  allocated?: number;
  available?: number;
  /** IN_PROGRESS | READY | FAILED */
  status?: string;
  statusReason?: string;
}

export interface FunctionUrl {
  /** Alias name, or undefined for the unqualified function ($LATEST). */
  qualifier?: string;
  url: string;
  /** AWS_IAM | NONE */
  authType: string;
  /** e.g. "CORS: 2 origins, GET/POST" or undefined when no CORS is configured. */
  cors?: string;
}

export interface RuntimeManagement {
  /** Auto | FunctionUpdate | Manual */
  updateRuntimeOn?: string;
  runtimeVersionArn?: string;
}

export interface AccountLimits {
  concurrentExecutions?: number;
  unreservedConcurrentExecutions?: number;
  totalCodeSize?: number;
  codeSizeLimit?: number;
  functionCount?: number;
}

/** An event source mapping and the qualifier (version or alias) it invokes; undefined = unqualified. */
export interface EventSourceRef {
  uuid: string;
  qualifier?: string;
  source?: string;
}

/** `arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION` → name and version. */
export function layerRef(arn: string, codeSize?: number): LayerRef {
  const parts = arn.split(':');
  const version = parts.length >= 8 ? parts[7] : '';
  const name = parts.length >= 7 ? parts[6] : arn;
  return { arn, name, version, codeSize };
}

/** The qualifier of a qualified function ARN (`…:function:NAME:QUALIFIER`), undefined when unqualified. */
export function qualifierOfArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const parts = arn.split(':');
  return parts.length >= 8 ? parts[7] : undefined;
}

/** One line for a tooltip: `5 requested · 5 allocated · READY`. */
export function describeProvisioned(pc: ProvisionedConcurrency): string {
  const parts = [
    pc.requested !== undefined ? `${pc.requested} requested` : undefined,
    pc.allocated !== undefined ? `${pc.allocated} allocated` : undefined,
    pc.available !== undefined ? `${pc.available} available` : undefined,
    pc.status,
    pc.statusReason ? `(${pc.statusReason})` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}
