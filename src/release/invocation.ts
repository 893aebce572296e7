/**
 * Invoking a function, the pure part: payload checks before any request (JSON with line and
 * column, Lambda's payload limits), the qualifier, the decoded log tail's REPORT line, a
 * FunctionError made readable, expectations (`<event>.expect.json`) matched against a response,
 * and the one-line / document forms of a result. No SDK, no editor.
 */
import { ReleaseError } from './errors';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** What a caller asks the gateway for. The qualifier is always explicit: a version number, an alias or `$LATEST`. */
export interface InvocationRequest {
  functionName: string;
  qualifier: string;
  type: InvocationType;
  /** UTF-8 JSON, already checked with `preparePayload`. */
  payload: Uint8Array;
}

/** What came back, decoded. */
export interface InvocationResult {
  functionName: string;
  qualifier: string;
  type: InvocationType;
  /** 200 (RequestResponse), 202 (Event), 204 (DryRun). */
  statusCode: number;
  /** X-Amz-Executed-Version: the version that ran (for an alias with weights, which one served). */
  executedVersion?: string;
  /** X-Amz-Function-Error: `Handled` / `Unhandled` when the function failed. */
  functionError?: string;
  /** The response payload as text (empty for Event and DryRun). */
  payload: string;
  /** The last 4 KB of the execution log, decoded from LogResult (synchronous calls only). */
  logTail?: string;
}

/**
 * Lambda's documented payload limits for Invoke: 6 MB request and response for a synchronous call,
 * 1 MB for an asynchronous (Event) request (raised from 256 KB in 2025). Lambda counts MiB.
 */
export const PAYLOAD_LIMITS: Readonly<Record<InvocationType, { bytes: number; label: string }>> = {
  RequestResponse: { bytes: 6 * 1024 * 1024, label: '6 MB for a synchronous (RequestResponse) invocation' },
  DryRun: { bytes: 6 * 1024 * 1024, label: '6 MB for a synchronous (RequestResponse) invocation' },
  Event: { bytes: 1024 * 1024, label: '1 MB for an asynchronous (Event) invocation' },
};

export const LATEST = '$LATEST';

/**
 * Parses the payload text, refusing invalid JSON before any request with where the problem is
 * (line and column, 1-based). `source` names it in the message: a file name or "the payload".
 */
export function parsePayload(text: string, source: string): unknown {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) {
    throw new ReleaseError('validation', `${source} is empty: a payload must be JSON (use {} for an empty event).`);
  }
  try {
    return JSON.parse(clean);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(message, clean);
    const { line, column } = lineAndColumn(clean, offset);
    const reason =
      message
        .replace(/\s*(in JSON )?at position \d+.*$/, '')
        .replace(/, ".*" is not valid JSON$/s, '')
        .trim() || 'unexpected input';
    throw new ReleaseError('validation', `${source} is not valid JSON: ${reason} at line ${line}, column ${column}.`, {
      hint: 'Fix the JSON (the editor marks the spot) and invoke again.',
      cause: error,
    });
  }
}

/** The offset V8 reports (`at position N`), or the end of the text (`Unexpected end of JSON input`). */
function jsonErrorOffset(message: string, text: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const token = /^Unexpected token '(.)'/.exec(message);
  if (token && text.includes(token[1])) return text.indexOf(token[1]);
  if (lineColumn) {
    const lines = text.split('\n');
    const line = Math.min(Number(lineColumn[1]), lines.length);
    return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Number(lineColumn[2]) - 1;
  }
  return text.trimEnd().length;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Refuses a payload over Lambda's limit for the invocation type, naming the limit. */
export function checkPayloadSize(bytes: number, type: InvocationType): void {
  const limit = PAYLOAD_LIMITS[type];
  if (bytes <= limit.bytes) return;
  throw new ReleaseError('limit', `The payload is ${formatSize(bytes)}; Lambda accepts at most ${limit.label}.`, {
    hint: type === 'Event' ? 'Put the data in S3 and pass its key, or invoke synchronously (6 MB).' : 'Put the data in S3 and pass its key in the event.',
  });
}

/** JSON-checked, size-checked bytes for Invoke. */
export function preparePayload(text: string, type: InvocationType, source = 'The payload'): { bytes: Uint8Array; value: unknown } {
  const value = parsePayload(text, source);
  const bytes = new TextEncoder().encode(text.replace(/^\uFEFF/, ''));
  checkPayloadSize(bytes.length, type);
  return { bytes, value };
}

/** `$LATEST`, a version number or an alias name; anything else is refused before a request. */
export function checkQualifier(qualifier: string): void {
  if (qualifier === LATEST || /^\d+$/.test(qualifier)) return;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(qualifier) || /^\d+$/.test(qualifier)) {
    throw new ReleaseError('validation', `"${qualifier}" is not a qualifier: use $LATEST, a version number or an alias name.`);
  }
}

export function isVersionNumber(qualifier: string): boolean {
  return /^\d+$/.test(qualifier);
}

// --------------------------------------------------------------------------- the log tail

/** The figures of the REPORT line Lambda writes at the end of each invocation. */
export interface InvocationReport {
  requestId?: string;
  durationMs: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  /** e.g. `timeout`, `error` (Lambda adds `Status:` when the invocation did not succeed). */
  status?: string;
}

export function decodeLogResult(base64: string | undefined): string | undefined {
  if (!base64) return undefined;
  return Buffer.from(base64, 'base64').toString('utf8');
}

/**
 * The last REPORT line of a log tail, as text (`REPORT RequestId: … Duration: 12.34 ms …`) or as
 * the JSON log format's `platform.report` record. Undefined when the 4 KB tail cut it off.
 */
export function parseReportLine(logTail: string | undefined): InvocationReport | undefined {
  if (!logTail) return undefined;
  const lines = logTail.split(/\r?\n/).reverse();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('REPORT ')) return parseTextReport(trimmed);
    if (trimmed.startsWith('{') && trimmed.includes('platform.report')) {
      const report = parseJsonReport(trimmed);
      if (report) return report;
    }
  }
  return undefined;
}

function parseTextReport(line: string): InvocationReport | undefined {
  const number = (label: string) => {
    const match = new RegExp(`${label}:\\s*([\\d.]+)`).exec(line);
    return match ? Number(match[1]) : undefined;
  };
  const durationMs = number('(?<!Billed |Init |Restore )Duration');
  if (durationMs === undefined) return undefined;
  return {
    requestId: /RequestId:\s*([\w-]+)/.exec(line)?.[1],
    durationMs,
    billedDurationMs: number('Billed Duration'),
    memorySizeMb: number('Memory Size'),
    maxMemoryUsedMb: number('Max Memory Used'),
    initDurationMs: number('Init Duration'),
    status: /Status:\s*(\w+)/.exec(line)?.[1],
  };
}

function parseJsonReport(line: string): InvocationReport | undefined {
  try {
    const parsed = JSON.parse(line) as { type?: string; record?: { requestId?: string; status?: string; metrics?: Record<string, number> } };
    const metrics = parsed.record?.metrics;
    if (parsed.type !== 'platform.report' || typeof metrics?.durationMs !== 'number') return undefined;
    return {
      requestId: parsed.record?.requestId,
      durationMs: metrics.durationMs,
      billedDurationMs: metrics.billedDurationMs,
      memorySizeMb: metrics.memorySizeMB,
      maxMemoryUsedMb: metrics.maxMemoryUsedMB,
      initDurationMs: metrics.initDurationMs,
      status: parsed.record?.status === 'success' ? undefined : parsed.record?.status,
    };
  } catch {
    return undefined;
  }
}

export function formatReport(report: InvocationReport | undefined): string | undefined {
  if (!report) return undefined;
  const parts = [`${report.durationMs} ms`];
  if (report.billedDurationMs !== undefined) parts.push(`billed ${report.billedDurationMs} ms`);
  if (report.maxMemoryUsedMb !== undefined) parts.push(`${report.maxMemoryUsedMb}${report.memorySizeMb !== undefined ? ` of ${report.memorySizeMb}` : ''} MB`);
  if (report.initDurationMs !== undefined) parts.push(`init ${report.initDurationMs} ms`);
  if (report.status) parts.push(`status ${report.status}`);
  return parts.join(' · ');
}

// --------------------------------------------------------------------------- function errors

export interface FunctionErrorDetails {
  /** `Handled` / `Unhandled`. */
  kind: string;
  errorType?: string;
  errorMessage?: string;
  /** Node puts the stack in `trace`, Python / Java / .NET in `stackTrace` (strings or frames). */
  stack: string[];
}

/** The error payload Lambda returns with X-Amz-Function-Error, made readable. */
export function describeFunctionError(kind: string, payload: string): FunctionErrorDetails {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { kind, errorMessage: payload.trim() || undefined, stack: [] };
  }
  if (!parsed || typeof parsed !== 'object') return { kind, errorMessage: typeof parsed === 'string' ? parsed : JSON.stringify(parsed), stack: [] };
  const body = parsed as { errorType?: unknown; errorMessage?: unknown; trace?: unknown; stackTrace?: unknown };
  const frames = Array.isArray(body.trace) ? body.trace : Array.isArray(body.stackTrace) ? body.stackTrace : typeof body.stackTrace === 'string' ? body.stackTrace.split('\n') : [];
  const stack = frames.map(formatFrame).filter((line) => line.trim());
  return {
    kind,
    errorType: typeof body.errorType === 'string' ? body.errorType : undefined,
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : undefined,
    // Node's trace starts with "TypeError: message" again: keep only the frames.
    stack: stack.filter((line, index) => !(index === 0 && body.errorType && line.startsWith(`${String(body.errorType)}:`))),
  };
}

/** Python's stackTrace is a list of `[file, line, function, code]` frames in older runtimes. */
function formatFrame(frame: unknown): string {
  if (typeof frame === 'string') return frame.replace(/\s+$/, '');
  if (Array.isArray(frame) && frame.length >= 3) return `File "${String(frame[0])}", line ${String(frame[1])}, in ${String(frame[2])}${frame[3] ? `: ${String(frame[3])}` : ''}`;
  return JSON.stringify(frame);
}

/** `Unhandled TypeError: Cannot read …` (one line). */
export function functionErrorSummary(details: FunctionErrorDetails): string {
  const what = [details.errorType, details.errorMessage].filter(Boolean).join(': ');
  return `${details.kind} ${what || 'error'}`;
}

/** Several lines: the summary, then the stack indented. */
export function formatFunctionError(details: FunctionErrorDetails): string {
  return [functionErrorSummary(details), ...details.stack.map((line) => `    ${line.trim()}`)].join('\n');
}

// --------------------------------------------------------------------------- expectations

export interface Mismatch {
  /** JSON path of the difference, e.g. `$.body.items[0].id`. */
  path: string;
  expected: unknown;
  /** `undefined` when the key is missing. */
  actual: unknown;
}

/**
 * The differences between an expected JSON subset and the actual value: every key of an expected
 * object must be present and match; arrays match element by element with the same length;
 * anything else must be equal. A JSON string (API Gateway's `body`) is matched parsed when the
 * expectation there is an object or array.
 */
export function matchSubset(expected: unknown, actual: unknown, path = '$'): Mismatch[] {
  if (expected !== null && typeof expected === 'object' && typeof actual === 'string') {
    try {
      return matchSubset(expected, JSON.parse(actual), path);
    } catch {
      return [{ path, expected, actual }];
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, index) => matchSubset(item, actual[index], `${path}[${index}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) => {
      const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return [{ path: child, expected: value, actual: undefined }];
      return matchSubset(value, (actual as Record<string, unknown>)[key], child);
    });
  }
  return Object.is(expected, actual) || expected === actual ? [] : [{ path, expected, actual }];
}

export function describeMismatch(m: Mismatch): string {
  const show = (v: unknown) => (v === undefined ? 'missing' : truncate(JSON.stringify(v), 80));
  return `${m.path}: expected ${show(m.expected)}, got ${show(m.actual)}`;
}

/** Why a result does not pass: FunctionError (always checked), a non-2xx status, or expectation mismatches. */
export function checkResult(result: InvocationResult, expectation?: unknown): string[] {
  if (result.functionError) return [functionErrorSummary(describeFunctionError(result.functionError, result.payload))];
  if (result.statusCode < 200 || result.statusCode > 299) return [`status code ${result.statusCode}`];
  if (expectation === undefined) return [];
  let actual: unknown;
  try {
    actual = JSON.parse(result.payload);
  } catch {
    actual = result.payload;
  }
  return matchSubset(expectation, actual).map(describeMismatch);
}

// --------------------------------------------------------------------------- presenting a result

/** `orders-api:prod` */
export function qualifiedName(functionName: string, qualifier: string): string {
  return `${functionName}:${qualifier}`;
}

/**
 * One line per invocation for the "Lambda Invocations" channel: what was called, what ran, the
 * status, the REPORT figures and the error, if any.
 */
export function formatInvocationLine(result: InvocationResult, roundTripMs?: number): string {
  const parts = [qualifiedName(result.functionName, result.qualifier)];
  if (result.type === 'Event') parts.push('queued (Event)');
  else if (result.type === 'DryRun') parts.push('dry run: permission check only');
  if (result.executedVersion) parts.push(`ran version ${result.executedVersion}`);
  parts.push(`status ${result.statusCode}`);
  const report = formatReport(parseReportLine(result.logTail));
  if (report) parts.push(report);
  if (roundTripMs !== undefined) parts.push(`round trip ${Math.round(roundTripMs)} ms`);
  if (result.functionError) parts.push(functionErrorSummary(describeFunctionError(result.functionError, result.payload)));
  return parts.join(' · ');
}

/**
 * The read-only result document: a JSON response pretty-printed (language jsonc, with the header
 * and the log tail as comments), anything else raw (plaintext).
 */
export function formatResultDocument(result: InvocationResult, roundTripMs?: number): { content: string; language: 'jsonc' | 'plaintext' } {
  const header = [`${formatInvocationLine(result, roundTripMs)}`];
  if (result.functionError) header.push(...formatFunctionError(describeFunctionError(result.functionError, result.payload)).split('\n'));
  const tail = result.logTail ? ['', '---- log tail (last 4 KB) ----', ...result.logTail.replace(/\n$/, '').split('\n')] : ['', '(no log tail returned)'];
  let pretty: string | undefined;
  try {
    pretty = result.payload.trim() ? JSON.stringify(JSON.parse(result.payload), null, 2) : undefined;
  } catch {
    pretty = undefined;
  }
  if (pretty !== undefined) {
    const comment = (lines: string[]) => lines.map((line) => (line ? `// ${line}` : '//')).join('\n');
    return { content: `${comment(header)}\n${pretty}\n${comment(tail)}\n`, language: 'jsonc' };
  }
  const body = result.payload || (result.type === 'RequestResponse' ? '(empty response)' : '(no response body)');
  return { content: `${header.join('\n')}\n\n${body}\n${tail.join('\n')}\n`, language: 'plaintext' };
}

/** Executions per version from the executed-version header, for "Check Routing". */
export function countExecutedVersions(results: Pick<InvocationResult, 'executedVersion'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) {
    const version = r.executedVersion ?? 'unknown';
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b)));
}

/**
 * "Check Routing"'s answer: executions per version beside the configured weights, e.g.
 * `20 invocations of orders-api:prod: version 2: 18 (90%), version 3: 2 (10%). Configured: 90% → 2, 10% → 3.`
 */
export function describeRouting(
  name: string,
  results: Pick<InvocationResult, 'executedVersion' | 'functionError'>[],
  alias: { functionVersion: string; routing: readonly { version: string; weight: number }[] },
): string {
  const served = [...countExecutedVersions(results)]
    .map(([version, n]) => `${version === 'unknown' ? 'no executed version reported' : `version ${version}`}: ${n} (${Math.round((n / results.length) * 100)}%)`)
    .join(', ');
  const percent = (weight: number) => `${Math.round(weight * 1000) / 10}%`;
  const primary = 1 - alias.routing.reduce((sum, r) => sum + r.weight, 0);
  const configured = [`${percent(primary)} → ${alias.functionVersion}`, ...alias.routing.map((r) => `${percent(r.weight)} → ${r.version}`)].join(', ');
  const failed = results.filter((r) => r.functionError).length;
  return `${results.length} invocations of ${name}: ${served}. Configured: ${configured}.${failed ? ` ${failed} returned a FunctionError.` : ''}`;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
