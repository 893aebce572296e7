import * as assert from 'node:assert/strict';
import { allOrAbort, childController } from '../../src/release/abortScope';
import { CancelledError, ReleaseError } from '../../src/release/errors';

/** A task that runs until its signal fires, then rejects as a cancellation (as the gateways do). */
const untilAborted = (seen: AbortSignal[]) => (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    seen.push(signal);
    signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });

describe('allOrAbort: parallel steps of one command end together', () => {
  it('returns every result in order when all succeed', async () => {
    assert.deepEqual(await allOrAbort(undefined, [async () => 1, async () => 'two'] as const), [1, 'two']);
  });

  it('a failure aborts the others and is the error thrown (not the cancellations it caused)', async () => {
    const seen: AbortSignal[] = [];
    const failure = new ReleaseError('notFound', 'Function not found');
    await assert.rejects(allOrAbort(undefined, [untilAborted(seen), async () => Promise.reject(failure), untilAborted(seen)]), (error) => error === failure);
    assert.equal(seen.length, 2);
    assert.ok(seen.every((s) => s.aborted));
  });

  it('the caller cancelling stays a cancellation, whatever the aborted tasks throw', async () => {
    const parent = new AbortController();
    const seen: AbortSignal[] = [];
    const run = allOrAbort(parent.signal, [
      untilAborted(seen),
      (signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new ReleaseError('network', 'socket closed')), { once: true })),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    parent.abort();
    await assert.rejects(run, CancelledError);
  });

  it('childController fires with its parent, and alone without touching the parent', () => {
    const parent = new AbortController();
    const a = childController(parent.signal);
    const b = childController(parent.signal);
    a.abort();
    assert.equal(parent.signal.aborted, false);
    parent.abort();
    assert.ok(b.signal.aborted);
    assert.ok(childController(parent.signal).signal.aborted, 'born aborted under an aborted parent');
  });
});
