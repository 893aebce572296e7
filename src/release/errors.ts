/**
 * Typed errors thrown by the pure and AWS layers. They never show UI: the command wrapper in
 * src/commands turns them into one message (with `hint` as the suggested next step).
 */
import { redactSecrets } from './redaction';

export type ReleaseErrorKind =
  | 'credentials' // missing, expired or wrong credentials / profile
  | 'notFound' // function, version, alias or log group does not exist
  | 'conflict' // function mid-update (ResourceConflictException) that did not settle in time
  | 'precondition' // RevisionId / CodeSha256 guard failed: someone changed it meanwhile
  | 'throttled' // TooManyRequestsException that outlasted the SDK's retries
  | 'validation' // bad user input (alias name, weight, workspace contents…)
  | 'limit' // a size limit of Lambda
  | 'network' // endpoint unreachable, connection reset, time-out
  | 'config' // malformed shared config file, unknown region, invalid endpoint URL
  | 'cancelled' // the user cancelled: silent
  | 'aws'; // any other service error

/** Marks ReleaseErrors across copies of this module (each lazy bundle carries its own). */
const BRAND = Symbol.for('lambda-release-manager.ReleaseError');

export class ReleaseError extends Error {
  readonly kind: ReleaseErrorKind;
  /** What the user can do about it, e.g. "Run `aws sso login --profile dev`." */
  readonly hint?: string;
  readonly [BRAND] = true;

  constructor(kind: ReleaseErrorKind, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ReleaseError';
    this.kind = kind;
    this.hint = options.hint;
  }

  /**
   * `instanceof` that also recognises errors made by another bundle's copy of these classes:
   * dist/aws.js and dist/packaging.js are separate bundles from dist/extension.js, so a plain
   * prototype check would miss every error the gateways throw (kind, hint and cancellation lost).
   * Subclasses match by name as well as brand.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    return this === ReleaseError || (value as Error).name === this.name;
  }
}

export class CancelledError extends ReleaseError {
  /**
   * @param stateReport when set, the cancel left something worth knowing (e.g. code uploaded but
   *   not published): the UI shows the message instead of staying silent.
   */
  constructor(
    message = 'Cancelled.',
    readonly stateReport = false,
  ) {
    super('cancelled', message);
    this.name = 'CancelledError';
  }
}

export function isCancellation(error: unknown): boolean {
  if (error instanceof ReleaseError) return error.kind === 'cancelled';
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'AbortError' || name === 'Canceled';
}

/** Throws a CancelledError when the signal has fired; call between steps of long operations. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * Masks secret values in a text that may reach the UI or the log (config lines, echoed headers)
 * and replaces a credential helper's command line and output: the decision lives in ./redaction.
 */
export function maskSecrets(text: string): string {
  return redactSecrets(text);
}

/**
 * The error and its causes, one per line, secrets masked: what the command wrapper writes to the
 * log. Enough to debug without dumping request objects.
 */
export function describeForLog(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { name?: string; message?: string; cause?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string } };
    const meta = e.$metadata ? ` [HTTP ${e.$metadata.httpStatusCode ?? '?'}${e.$metadata.requestId ? `, request ${e.$metadata.requestId}` : ''}]` : '';
    lines.push(maskSecrets(`${depth ? 'caused by ' : ''}${e.name ?? 'Error'}: ${e.message ?? String(current)}${meta}`));
    current = e.cause;
  }
  return lines.join('\n  ');
}

/**
 * What the user is shown for an error (a message, an error node, a status-bar tooltip, a tail
 * channel line): the message and the hint of a ReleaseError, anything else as "Unexpected error".
 */
export function describeForUser(error: unknown): string {
  const { message, hint } = userFacing(error);
  return hint ? `${message} ${hint}` : message;
}

/** describeForUser in two parts, for places that show the hint apart (an error node's description). */
export function userFacing(error: unknown): { message: string; hint?: string } {
  if (error instanceof ReleaseError) return { message: maskSecrets(error.message), hint: error.hint && maskSecrets(error.hint) };
  const e = error as { message?: unknown; hint?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { message: maskSecrets(`Unexpected error: ${message}`), hint: typeof e?.hint === 'string' ? maskSecrets(e.hint) : undefined };
}
