/** What every gateway does around one request: honour the signal, hold a limiter slot, translate errors. */
import { CancelledError, throwIfAborted } from '../release/errors';
import { toReleaseError, type ErrorContext } from './errors';
import type { Limit } from './limiter';

/**
 * Runs `run` under `limit`. A failure after the caller's signal fired is a cancellation, never an
 * error dialog; any other failure becomes a ReleaseError carrying `context` (action, profile, region).
 */
export async function callLimited<T>(
  limit: Limit,
  context: () => ErrorContext,
  signal: AbortSignal | undefined,
  run: (signal?: AbortSignal) => Promise<T>,
): Promise<T> {
  throwIfAborted(signal);
  try {
    return await limit(() => run(signal));
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw toReleaseError(error, context());
  }
}

/** A sleep that ends early (with a CancelledError) when the signal fires. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
