/**
 * Compare versions: turns one version's GetFunctionConfiguration output into a stable, readable,
 * YAML-like text document, so two of them side by side in a diff editor show only what matters.
 *
 * API
 * - `normaliseConfiguration(config, options?) → string`
 *     config:  the GetFunctionConfiguration output (typed structurally: `FunctionConfigurationLike`;
 *              the SDK's `FunctionConfiguration` is assignable to it).
 *     options: `revealValues` (show environment values; default false → `••• sha256:1a2b3c4d`),
 *              `maskSalt` (salt of that hash; default a random value per process, so equal values
 *              hash alike within a session but a hash cannot be looked up in a list of common
 *              secrets; tests pass a fixed salt), `reservedConcurrency` (from GetFunctionConcurrency:
 *              a number, or `null` for "unreserved"; omitted → section left out),
 *              `provisionedConcurrency` (requested count, `null` none, or "unknown (why)"), `eventInvokeConfig`
 *              (GetFunctionEventInvokeConfig: retries, max age, destinations; omitted → left out),
 *              `label` (header text, default `FunctionName:Version`).
 * - `diffTitle(functionName, left, right) → "orders-api 41 ↔ 42"`
 * - `previousVersion(versions, version) → string | undefined`: the published version just before
 *     `version` (for `$LATEST`: the newest published one), for "Compare with previous version".
 * - `versionOfArn(arn)`, `unqualifiedArn(arn)`: helpers for qualified function ARNs.
 *
 * Rules of the document: a fixed, human order for known fields; maps (environment, unknown extras)
 * sorted by key; volatile fields (LastModified, RevisionId, State*, LastUpdateStatus*, MasterArn,
 * response metadata, the ARN's version suffix, SnapStart's OptimizationStatus) dropped, because
 * they differ between any two versions without meaning a change. Fields the API adds later appear
 * under `other:` instead of vanishing. Absent values are left out rather than printed as empty.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Structural subset of the Lambda FunctionConfiguration shape (all optional, like the SDK's). */
export interface FunctionConfigurationLike {
  FunctionName?: string;
  FunctionArn?: string;
  Version?: string;
  Description?: string;
  Runtime?: string;
  Handler?: string;
  Role?: string;
  CodeSize?: number;
  CodeSha256?: string;
  PackageType?: string;
  MemorySize?: number;
  Timeout?: number;
  Architectures?: readonly string[];
  EphemeralStorage?: { Size?: number };
  Environment?: { Variables?: Record<string, string>; Error?: { ErrorCode?: string; Message?: string } };
  KMSKeyArn?: string;
  Layers?: readonly { Arn?: string; CodeSize?: number; SigningProfileVersionArn?: string; SigningJobArn?: string }[];
  VpcConfig?: { SubnetIds?: readonly string[]; SecurityGroupIds?: readonly string[]; VpcId?: string; Ipv6AllowedForDualStack?: boolean };
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig?: { Mode?: string };
  SnapStart?: { ApplyOn?: string; OptimizationStatus?: string };
  LoggingConfig?: { LogFormat?: string; ApplicationLogLevel?: string; SystemLogLevel?: string; LogGroup?: string };
  FileSystemConfigs?: readonly { Arn?: string; LocalMountPath?: string }[];
  ImageConfigResponse?: { ImageConfig?: { EntryPoint?: readonly string[]; Command?: readonly string[]; WorkingDirectory?: string }; Error?: unknown };
  RuntimeVersionConfig?: { RuntimeVersionArn?: string; Error?: unknown };
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/** Structural subset of GetFunctionEventInvokeConfig's output (async invocation settings). */
export interface EventInvokeConfigLike {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

export interface NormaliseOptions {
  revealValues?: boolean;
  maskSalt?: string;
  /** Reserved concurrency of the function; `null` = unreserved; `undefined` = not known (section omitted). */
  reservedConcurrency?: number | null;
  /**
   * Provisioned concurrency of this version: a count (requested), `null` for none, or a string saying
   * why it is unknown; `undefined` = not asked (left out).
   */
  provisionedConcurrency?: number | null | string;
  eventInvokeConfig?: EventInvokeConfigLike;
  label?: string;
}

/** Fields rendered explicitly below or deliberately dropped; everything else lands under `other:`. */
const KNOWN_FIELDS = new Set([
  'FunctionName', 'FunctionArn', 'Version', 'Description', 'Runtime', 'Handler', 'Role', 'CodeSize', 'CodeSha256',
  'PackageType', 'MemorySize', 'Timeout', 'Architectures', 'EphemeralStorage', 'Environment', 'KMSKeyArn', 'Layers',
  'VpcConfig', 'DeadLetterConfig', 'TracingConfig', 'SnapStart', 'LoggingConfig', 'FileSystemConfigs',
  'ImageConfigResponse', 'RuntimeVersionConfig', 'SigningProfileVersionArn', 'SigningJobArn',
]);

/** Volatile: they change with every update or publish, or are transport noise. */
const VOLATILE_FIELDS = new Set([
  'LastModified', 'RevisionId', 'MasterArn', 'State', 'StateReason', 'StateReasonCode', 'LastUpdateStatus',
  'LastUpdateStatusReason', 'LastUpdateStatusReasonCode', 'ResponseMetadata', '$metadata', 'ConfigSha256',
]);

let processSalt: string | undefined;
function defaultSalt(): string {
  processSalt ??= randomBytes(16).toString('hex');
  return processSalt;
}

/** `••• sha256:1a2b3c4d`: equal values mask alike (so a change shows), but the value stays hidden. */
export function maskValue(value: string, salt: string): string {
  if (value === '') return '""';
  const digest = createHash('sha256').update(salt).update('\0').update(value).digest('hex');
  return `••• sha256:${digest.slice(0, 8)}`;
}

export function normaliseConfiguration(config: FunctionConfigurationLike, options: NormaliseOptions = {}): string {
  const doc = new YamlWriter();
  const version = config.Version ?? versionOfArn(config.FunctionArn) ?? '$LATEST';
  doc.comment(options.label ?? `${config.FunctionName ?? unqualifiedArn(config.FunctionArn ?? '') ?? 'function'}:${version}`);
  doc.comment(options.revealValues ? 'environment values shown' : 'environment values masked (a changed value shows a different hash)');

  doc.field(0, 'function', config.FunctionName);
  doc.field(0, 'arn', config.FunctionArn === undefined ? undefined : unqualifiedArn(config.FunctionArn));
  doc.field(0, 'version', version);
  doc.field(0, 'description', config.Description ?? '');

  doc.section(0, 'code', (d) => {
    d.field(1, 'sha256', config.CodeSha256);
    d.field(1, 'size', config.CodeSize);
    d.field(1, 'packageType', config.PackageType);
    const image = config.ImageConfigResponse?.ImageConfig;
    if (image) {
      d.list(1, 'imageEntryPoint', image.EntryPoint);
      d.list(1, 'imageCommand', image.Command);
      d.field(1, 'imageWorkingDirectory', image.WorkingDirectory);
    }
    d.field(1, 'signingProfileVersionArn', config.SigningProfileVersionArn);
    d.field(1, 'signingJobArn', config.SigningJobArn);
  });

  doc.field(0, 'runtime', config.Runtime);
  doc.field(0, 'runtimeVersionArn', config.RuntimeVersionConfig?.RuntimeVersionArn);
  doc.field(0, 'handler', config.Handler);
  doc.inlineList(0, 'architectures', config.Architectures);
  doc.field(0, 'memoryMb', config.MemorySize);
  doc.field(0, 'timeoutSeconds', config.Timeout);
  doc.field(0, 'ephemeralStorageMb', config.EphemeralStorage?.Size);
  doc.field(0, 'role', config.Role);

  if (options.reservedConcurrency !== undefined || options.provisionedConcurrency !== undefined) {
    doc.section(0, 'concurrency', (d) => {
      if (options.reservedConcurrency !== undefined) d.field(1, 'reserved', options.reservedConcurrency ?? 'unreserved');
      if (options.provisionedConcurrency !== undefined) d.field(1, 'provisioned', options.provisionedConcurrency ?? 'none');
    });
  }

  const variables = config.Environment?.Variables;
  doc.section(0, 'environment', (d) => {
    if (variables) {
      for (const name of Object.keys(variables).sort(compareKeys)) {
        const value = variables[name] ?? '';
        d.raw(1, name, options.revealValues ? quote(value) : maskValue(value, options.maskSalt ?? defaultSalt()));
      }
    }
    d.field(1, 'error', config.Environment?.Error ? `${config.Environment.Error.ErrorCode ?? ''} ${config.Environment.Error.Message ?? ''}`.trim() : undefined);
  });
  doc.field(0, 'kmsKeyArn', config.KMSKeyArn);

  doc.list(0, 'layers', config.Layers?.map((layer) => layer.Arn ?? '?'));

  const vpc = config.VpcConfig;
  if (vpc && (vpc.VpcId || vpc.SubnetIds?.length || vpc.SecurityGroupIds?.length)) {
    doc.section(0, 'vpc', (d) => {
      d.field(1, 'vpcId', vpc.VpcId);
      d.list(1, 'subnetIds', vpc.SubnetIds && [...vpc.SubnetIds].sort());
      d.list(1, 'securityGroupIds', vpc.SecurityGroupIds && [...vpc.SecurityGroupIds].sort());
      d.field(1, 'ipv6AllowedForDualStack', vpc.Ipv6AllowedForDualStack);
    });
  }

  doc.list(0, 'fileSystems', config.FileSystemConfigs?.map((fs) => `${fs.Arn ?? '?'} → ${fs.LocalMountPath ?? '?'}`));
  doc.field(0, 'deadLetterTarget', config.DeadLetterConfig?.TargetArn);

  const invoke = options.eventInvokeConfig;
  if (invoke) {
    doc.section(0, 'asyncInvoke', (d) => {
      d.field(1, 'maxRetryAttempts', invoke.MaximumRetryAttempts);
      d.field(1, 'maxEventAgeSeconds', invoke.MaximumEventAgeInSeconds);
      d.field(1, 'onSuccess', invoke.DestinationConfig?.OnSuccess?.Destination);
      d.field(1, 'onFailure', invoke.DestinationConfig?.OnFailure?.Destination);
    });
  }

  doc.field(0, 'tracing', config.TracingConfig?.Mode);
  doc.field(0, 'snapStart', config.SnapStart?.ApplyOn);

  const logging = config.LoggingConfig;
  doc.section(0, 'logging', (d) => {
    d.field(1, 'format', logging?.LogFormat);
    d.field(1, 'applicationLogLevel', logging?.ApplicationLogLevel);
    d.field(1, 'systemLogLevel', logging?.SystemLogLevel);
    d.field(1, 'logGroup', logging?.LogGroup);
  });

  // Fields the API gained after this file was written: shown rather than silently dropped.
  const all = config as Record<string, unknown>;
  const extras = Object.keys(all)
    .filter((key) => !KNOWN_FIELDS.has(key) && !VOLATILE_FIELDS.has(key) && all[key] !== undefined && all[key] !== null)
    .sort(compareKeys);
  doc.section(0, 'other', (d) => {
    for (const key of extras) d.raw(1, key, stableJson(all[key]));
  });

  return doc.toString();
}

/** `orders-api 41 ↔ 42` */
export function diffTitle(functionName: string, left: string, right: string): string {
  return `${functionName} ${left} ↔ ${right}`;
}

/**
 * The published version just before `version` (numeric order, so deleted versions in between are
 * skipped); for `$LATEST` the newest published version. `undefined` when there is none.
 */
export function previousVersion(versions: readonly (string | { version: string })[], version: string): string | undefined {
  const published = versions
    .map((v) => (typeof v === 'string' ? v : v.version))
    .filter((v) => /^\d+$/.test(v))
    .map(Number)
    .sort((a, b) => a - b);
  if (version === '$LATEST') return published.length ? String(published[published.length - 1]) : undefined;
  if (!/^\d+$/.test(version)) return undefined;
  const current = Number(version);
  const before = published.filter((v) => v < current);
  return before.length ? String(before[before.length - 1]) : undefined;
}

const FUNCTION_ARN = /^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+)(?::([^:]+))?$/;

/** `…:function:orders-api:42` → `42`; unqualified or not a function ARN → undefined. */
export function versionOfArn(arn: string | undefined): string | undefined {
  return arn ? FUNCTION_ARN.exec(arn)?.[2] : undefined;
}

/** `…:function:orders-api:42` → `…:function:orders-api` (other strings unchanged). */
export function unqualifiedArn(arn: string): string {
  return FUNCTION_ARN.exec(arn)?.[1] ?? arn;
}

/** Plain code-point order: independent of the machine's locale, so documents are identical everywhere. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PLAIN = /^[A-Za-z0-9_$./@+=-][A-Za-z0-9_$./@+=:,*() →-]*$/;

/** A scalar as YAML would read it back unchanged: plain when safe, JSON-quoted otherwise. */
function quote(value: string): string {
  if (!PLAIN.test(value) || value.endsWith(' ') || value.includes(': ') || value.endsWith(':') || /^(true|false|null|~|yes|no|on|off|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(value)) return JSON.stringify(value);
  return value;
}

function scalar(value: string | number | boolean): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** JSON with sorted keys, for fields this file does not know yet. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort(compareKeys)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Tiny YAML-like writer: empty sections and absent values leave no line behind. */
class YamlWriter {
  private readonly lines: string[] = [];

  comment(text: string): void {
    this.lines.push(`# ${text}`);
  }

  field(depth: number, key: string, value: string | number | boolean | undefined | null): void {
    if (value === undefined || value === null) return;
    this.raw(depth, key, scalar(value));
  }

  raw(depth: number, key: string, rendered: string): void {
    this.lines.push(`${'  '.repeat(depth)}${quoteKey(key)}: ${rendered}`);
  }

  inlineList(depth: number, key: string, items: readonly string[] | undefined): void {
    if (!items?.length) return;
    this.raw(depth, key, `[${items.map(quote).join(', ')}]`);
  }

  list(depth: number, key: string, items: readonly string[] | undefined): void {
    if (!items?.length) return;
    this.lines.push(`${'  '.repeat(depth)}${key}:`);
    for (const item of items) this.lines.push(`${'  '.repeat(depth + 1)}- ${quote(item)}`);
  }

  section(depth: number, key: string, body: (writer: YamlWriter) => void): void {
    const header = this.lines.length;
    this.lines.push(`${'  '.repeat(depth)}${key}:`);
    body(this);
    if (this.lines.length === header + 1) this.lines.pop();
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function quoteKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_.$-]*$/.test(key) ? key : JSON.stringify(key);
}
