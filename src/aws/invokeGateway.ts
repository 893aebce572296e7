/**
 * Invoke over one (profile, region): a qualifier is always explicit, the log tail is requested for
 * synchronous calls, and what Lambda returns in headers (executed version, FunctionError, the
 * base64 log tail) is decoded. A call has its own deadline (lambdaRelease.invoke.timeoutSeconds,
 * up to Lambda's 15 minutes) instead of the general request time-out, and the caller's
 * AbortSignal cancels it. No retries: a retried invocation runs the function twice.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CancelledError, ReleaseError } from '../release/errors';
import { checkPayloadSize, checkQualifier, decodeLogResult, qualifiedName, type InvocationRequest, type InvocationResult } from '../release/invocation';
import { MAX_INVOKE_TIMEOUT_MS } from './clients';
import { toReleaseError } from './errors';
import type { CallOptions, Target } from './types';

export class InvokeGateway {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    readonly target: Target,
    /** Deadline of one invocation (ms). */
    private readonly timeoutMs: number = MAX_INVOKE_TIMEOUT_MS,
    private readonly usesSso: boolean | (() => boolean) = false,
  ) {}

  async invoke(request: InvocationRequest, options: CallOptions = {}): Promise<InvocationResult> {
    const { functionName, qualifier, type } = request;
    if (!qualifier) throw new ReleaseError('validation', `Invoke ${functionName}: name a qualifier ($LATEST, a version number or an alias).`);
    checkQualifier(qualifier);
    checkPayloadSize(request.payload.length, type);
    if (options.signal?.aborted) throw new CancelledError();

    const name = qualifiedName(functionName, qualifier);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const abortSignal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    try {
      const output = await this.client.send(
        new InvokeCommand({
          FunctionName: functionName,
          Qualifier: qualifier,
          InvocationType: type,
          // The log tail exists for synchronous calls only.
          LogType: type === 'RequestResponse' ? 'Tail' : 'None',
          Payload: request.payload,
        }),
        { abortSignal },
      );
      return {
        functionName,
        qualifier,
        type,
        statusCode: output.StatusCode ?? 0,
        executedVersion: output.ExecutedVersion || undefined,
        functionError: output.FunctionError || undefined,
        payload: output.Payload ? Buffer.from(output.Payload).toString('utf8') : '',
        logTail: decodeLogResult(output.LogResult),
      };
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError(`Cancelled the wait for ${name}: if the call reached Lambda, the function may still be running.`);
      if (deadline.aborted || isSocketTimeout(error)) {
        throw new ReleaseError('network', `No answer from ${name} within ${Math.round(this.timeoutMs / 1000)} s (the invoke time-out); the function may still be running.`, {
          hint: 'Raise lambdaRelease.invoke.timeoutSeconds (at most 900, Lambda\'s longest time-out), or invoke asynchronously (Event).',
          cause: error,
        });
      }
      throw invokeError(error, name, this.context(name));
    }
  }

  private context(name: string) {
    const usesSso = typeof this.usesSso === 'function' ? this.usesSso() : this.usesSso;
    return { profile: this.target.profile, region: this.target.region, action: `invoke ${name}`, usesSso };
  }
}

function isSocketTimeout(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'TimeoutError' && /timed out|timeout|inactivity/i.test(e.message ?? '');
}

/** toReleaseError, with hints about invoking rather than listing. */
function invokeError(error: unknown, name: string, context: ReturnType<InvokeGateway['context']>): ReleaseError {
  const translated = toReleaseError(error, context);
  const awsName = (error as { name?: string })?.name ?? '';
  if (awsName === 'AccessDeniedException' || (translated.kind === 'credentials' && /not authorized|AccessDenied/i.test(translated.message))) {
    return new ReleaseError('credentials', translated.message, {
      hint: `Ask for lambda:InvokeFunction on ${name} for profile ${context.profile}.`,
      cause: error,
    });
  }
  if (translated.kind === 'throttled') {
    return new ReleaseError('throttled', `Could not invoke ${name} (profile ${context.profile}, ${context.region}): Lambda throttled the invocation (429: no concurrency left for this function or account).`, {
      hint: 'Try again in a moment; check the function\'s reserved concurrency and the account\'s concurrent executions.',
      cause: error,
    });
  }
  if (translated.kind === 'notFound') {
    return new ReleaseError('notFound', translated.message, {
      hint: 'Check that the version or alias exists (Refresh the view: the function may have been deleted).',
      cause: error,
    });
  }
  return translated;
}
