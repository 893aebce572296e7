/**
 * Work that runs side by side inside one command ends together: the first step that fails aborts
 * the others through their signal, so no prompt, upload or progress outlives the failure.
 */
import { isCancellation } from './errors';

/** A controller that also aborts when `parent` does (the command's signal). */
export function childController(parent: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  return controller;
}

type Tasks<T extends readonly unknown[]> = { [K in keyof T]: (signal: AbortSignal) => Promise<T[K]> };

/**
 * Runs `tasks` in parallel, each with a signal of its own scope. When one fails, the others are
 * aborted and awaited, then the first real failure is thrown (not the cancellations it caused), so
 * when the caller reports the error nothing of this step is still running.
 */
export async function allOrAbort<T extends readonly unknown[]>(signal: AbortSignal | undefined, tasks: Tasks<T>): Promise<T> {
  const scope = childController(signal);
  let first: { error: unknown } | undefined;
  const running = tasks.map((task) =>
    Promise.resolve()
      .then(() => task(scope.signal))
      .catch((error: unknown) => {
        // A cancellation caused by another task's failure is not the news: that failure is.
        if (!first || (isCancellation(first.error) && !isCancellation(error))) first = { error };
        scope.abort();
        throw error;
      }),
  );
  const settled = await Promise.allSettled(running);
  scope.abort(); // releases the listener on the parent signal
  // The user cancelled: stay a (silent) cancellation, whatever else the abort made a task throw.
  const cancelled = signal?.aborted && settled.find((r) => r.status === 'rejected' && isCancellation(r.reason));
  if (cancelled) throw (cancelled as PromiseRejectedResult).reason;
  if (first) throw first.error;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** A sleep that ends early, without an error, when the signal fires (poll loops check the signal next). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
