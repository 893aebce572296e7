import { CancelledError, ReleaseError, maskSecrets } from '../release/errors';
import { credentialHelperFailure, describeCredentialHelperFailure } from '../release/redaction';

/** What the failing call was about, to phrase the message and the hint. */
export interface ErrorContext {
  profile?: string;
  region?: string;
  /** e.g. "list functions", "update alias prod" */
  action: string;
  usesSso?: boolean;
}

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'UnauthorizedException',
  'TokenProviderError',
  'AccessDeniedException',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Turns an SDK error into a ReleaseError with a message a person can act on. The original
 * error stays as `cause` for the log. Credentials never appear: SDK messages do not carry them.
 */
export function toReleaseError(error: unknown, context: ErrorContext): ReleaseError {
  if (error instanceof ReleaseError) return error;
  // Read before scrubbing: the scrub replaces the helper's command line the program name comes from.
  const helper = credentialHelperFailure(error);
  scrubSecrets(error);
  const e = (error ?? {}) as AwsLikeError;
  const name = e.name ?? '';
  const message = (e.message ?? String(error)).trim();
  const where = context.profile ? ` (profile ${context.profile}${context.region ? `, ${context.region}` : ''})` : '';
  const what = `Could not ${context.action}${where}`;

  if (name === 'AbortError' || name === 'CancelledError') return new CancelledError();

  if (helper) {
    const profile = context.profile ?? 'default';
    return new ReleaseError('credentials', `${what}: ${describeCredentialHelperFailure(helper)}.`, {
      hint: `Run the credential_process of profile ${profile} in a terminal to see why it fails, fix it, then refresh.`,
      cause: error,
    });
  }

  if (CREDENTIAL_ERRORS.has(name) || /credential|token.*(expired|invalid)|security token/i.test(message) && !/^Resource/.test(name)) {
    const expired = /expired|refresh/i.test(message) || name.startsWith('Expired');
    let hint: string;
    // fromIni names the profile it could not resolve; when that is another one, it is a source_profile.
    const unresolved = /using profile: \[([^\]]+)\]/.exec(message)?.[1];
    if (unresolved && context.profile && unresolved !== context.profile) {
      hint = `Profile ${unresolved} (the source_profile of ${context.profile}) is missing from the AWS config files.`;
    } else if (unresolved && unresolved === context.profile) {
      // The SDK's ini loader drops a file it cannot parse without a word: say where to look.
      hint = `Profile ${unresolved} could not be read: check that its section exists and that the AWS config files are well formed (Open AWS Config File).`;
    } else if (context.usesSso || /sso/i.test(message)) hint = `Run \`aws sso login --profile ${context.profile ?? 'default'}\`, then refresh.`;
    else if (name === 'AccessDeniedException') hint = 'Ask for lambda:List*/Get* permissions for this identity, or hide the profile in settings.';
    else if (expired) hint = 'Refresh the credentials of this profile, then refresh the view.';
    else hint = `Check the keys of profile ${context.profile ?? 'default'} (aws configure --profile ${context.profile ?? 'default'}).`;
    const reason = name === 'AccessDeniedException' ? 'access denied' : expired ? 'credentials expired' : 'credentials missing or invalid';
    return new ReleaseError('credentials', `${what}: ${reason}. ${firstLine(message)}`, { hint, cause: error });
  }
  if (name === 'ResourceNotFoundException' || e.$metadata?.httpStatusCode === 404 && /not found/i.test(message)) {
    return new ReleaseError('notFound', `${what}: ${firstLine(message)}`, { hint: 'Refresh the view: it may have been deleted.', cause: error });
  }
  if (name === 'PreconditionFailedException') {
    return new ReleaseError('precondition', `${what}: it changed since you looked. ${firstLine(message)}`, {
      hint: 'Review the current state and try again.',
      cause: error,
    });
  }
  if (name === 'ResourceConflictException') {
    return new ReleaseError('conflict', `${what}: the function is being updated. ${firstLine(message)}`, {
      hint: 'Wait for the current update to finish, then try again.',
      cause: error,
    });
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || e.$metadata?.httpStatusCode === 429) {
    return new ReleaseError('throttled', `${what}: AWS is throttling requests.`, {
      hint: 'Try again in a moment, or lower lambdaRelease.maxConcurrentRequests.',
      cause: error,
    });
  }
  if (name === 'InvalidParameterValueException' || name === 'ValidationException') {
    return new ReleaseError('validation', `${what}: ${firstLine(message)}`, { cause: error });
  }
  if (name === 'CodeStorageExceededException' || name === 'RequestTooLargeException') {
    return new ReleaseError('limit', `${what}: ${firstLine(message)}`, { cause: error });
  }
  if (name === 'TimeoutError' && /inactivity|requestTimeout/.test(message)) {
    // Connected, then nothing came back: a hung or very slow endpoint, not an unreachable one.
    return new ReleaseError('network', `${what}: the endpoint stopped answering (${firstLine(message)}).`, {
      hint: 'Check the network and the endpoint, or raise lambdaRelease.requestTimeoutSeconds.',
      cause: error,
    });
  }
  if (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(name) || name === 'TimeoutError' || /ECONNREFUSED|ENOTFOUND|socket hang up|ECONNRESET/.test(message)) {
    return new ReleaseError('network', `${what}: the endpoint could not be reached (${firstLine(message)}).`, {
      hint: 'Check the network, the region and lambdaRelease.endpointUrl / endpoint_url.',
      cause: error,
    });
  }
  // The SDK refuses a malformed region (`Region not accepted: region="us east 1"…`) with a plain Error.
  if (/Invalid URL|getaddrinfo|Invalid region|region/i.test(message) && name === 'TypeError' || name === 'Error' && /endpoint|Region not accepted|Invalid region/i.test(message)) {
    return new ReleaseError('config', `${what}: ${firstLine(message)}`, {
      hint: 'Check the region and endpoint settings of this profile.',
      cause: error,
    });
  }
  if (/Deserialization error|char '<'|Unexpected token/i.test(message)) {
    return new ReleaseError('aws', `${what}: the endpoint answered something that is not the Lambda API (wrong endpoint or unknown region?).`, {
      hint: 'Check the region and lambdaRelease.endpointUrl / endpoint_url.',
      cause: error,
    });
  }
  return new ReleaseError('aws', `${what}: ${name ? `${name}: ` : ''}${firstLine(message)}`, { cause: error });
}

/**
 * The first line, shortened, with secret values masked: some messages echo a config line or a
 * credential_process output, and this text reaches the UI and the log.
 */
function firstLine(text: string): string {
  const line = maskSecrets(text.split('\n')[0] ?? '');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Masks secrets in the SDK error itself (message and stack, causes included): it stays attached
 * as `cause`, and anything that prints the raw error (a logger, util.inspect) must not show, say,
 * a failing credential_process command line or its output.
 */
function scrubSecrets(error: unknown): void {
  let current = error as { message?: unknown; stack?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    try {
      if (credentialHelperFailure(current)) {
        // A raw helper failure (child_process error): its output and command line go too.
        for (const field of ['stdout', 'stderr', 'cmd']) delete (current as Record<string, unknown>)[field];
      }
      if (typeof current.message === 'string') current.message = maskSecrets(current.message);
      if (typeof current.stack === 'string') current.stack = maskSecrets(current.stack);
    } catch {
      // A frozen error cannot be scrubbed; describeForLog still masks what it writes.
    }
    current = current.cause as typeof current;
  }
}
