/**
 * The smoke-test gate: invoke a NEW VERSION BY ITS NUMBER (never through an alias, which would
 * send the test to whatever the alias serves) with each smoke event, and decide pass or fail.
 * Used by Release, Shift Traffic (Canary), "Run Smoke Tests" and rollouts.
 *
 *   const run = await runSmokeTests({ version: '7', events, invoke, signal });
 *   if (!run.passed) … describeSmokeFailure('orders-api', run) …
 *
 * Contract: `invoke` is called once per event, in order, with the version number as qualifier;
 * the first failing event stops the run (later events are not invoked: each has side effects).
 * An event fails on a FunctionError, a non-2xx status, a mismatch with its expectation, or an
 * invoke error (throttling, access denied…: the version was not shown to work). Cancellation
 * (the signal, or a cancelled invoke) is rethrown, never reported as a failure.
 */
import { CancelledError, isCancellation, throwIfAborted, userFacing } from './errors';
import { checkResult, isVersionNumber, type InvocationResult } from './invocation';

/** One smoke event: its payload (JSON text) and optional expected JSON subset. */
export interface SmokeEvent {
  name: string;
  text: string;
  expectation?: unknown;
  /** Where it lives, for "Open Event". */
  path?: string;
}

/** Invokes the function synchronously with this qualifier and payload. */
export type SmokeInvoke = (qualifier: string, payload: Uint8Array, signal?: AbortSignal) => Promise<InvocationResult>;

export interface SmokeEventResult {
  event: SmokeEvent;
  passed: boolean;
  /** Why it failed (empty when it passed). */
  problems: string[];
  /** What came back, when the call returned. */
  result?: InvocationResult;
}

export interface SmokeRun {
  version: string;
  passed: boolean;
  /** Results in order, up to and including the first failure. */
  results: SmokeEventResult[];
  /** The failing event's result, when the run failed. */
  failure?: SmokeEventResult;
  /** Events that were not run because an earlier one failed. */
  skipped: string[];
}

export interface SmokeOptions {
  /** A published version number. */
  version: string;
  events: readonly SmokeEvent[];
  invoke: SmokeInvoke;
  signal?: AbortSignal;
  /** Before each event: for progress (`Smoke test 2/5: smoke-get-order…`). */
  onEvent?: (index: number, total: number, event: SmokeEvent) => void;
}

export async function runSmokeTests(options: SmokeOptions): Promise<SmokeRun> {
  const { version, events, invoke, signal } = options;
  if (!isVersionNumber(version)) throw new Error(`Smoke tests run against a published version number, not "${version}"`);
  const results: SmokeEventResult[] = [];
  for (const [index, event] of events.entries()) {
    throwIfAborted(signal);
    options.onEvent?.(index + 1, events.length, event);
    let outcome: SmokeEventResult;
    try {
      const result = await invoke(version, new TextEncoder().encode(event.text), signal);
      const problems = checkResult(result, event.expectation);
      outcome = { event, passed: problems.length === 0, problems, result };
    } catch (error) {
      if (isCancellation(error) || signal?.aborted) throw error instanceof CancelledError ? error : new CancelledError();
      outcome = { event, passed: false, problems: [userFacing(error).message] };
    }
    results.push(outcome);
    if (!outcome.passed) {
      return { version, passed: false, results, failure: outcome, skipped: events.slice(index + 1).map((e) => e.name) };
    }
  }
  return { version, passed: true, results, skipped: [] };
}

/**
 * The gate itself: the smoke tests run, and `move` (the alias update) runs only when they pass.
 * A failure returns the run with `moved` undefined: the alias was never touched.
 */
export async function gateAliasMove<T>(options: SmokeOptions, move: () => Promise<T>): Promise<{ run: SmokeRun; moved?: T }> {
  const run = await runSmokeTests(options);
  if (!run.passed) return { run };
  throwIfAborted(options.signal);
  return { run, moved: await move() };
}

/**
 * The smoke gate as Release…'s `verify` step (src/release/releaseRun.ts): `events()` read at run
 * time, the version invoked by number; a failure is `ok: false` unless `onFailure` (the editor's
 * "Move Anyway") says to go on. The summary is the line the release's outcome shows.
 */
export function smokeVerifyStep(options: {
  events: () => Promise<readonly SmokeEvent[]>;
  invoke: SmokeInvoke;
  onEvent?: SmokeOptions['onEvent'];
  onFailure?: (run: SmokeRun) => Promise<boolean>;
}): (context: { version: string; signal?: AbortSignal }) => Promise<{ ok: boolean; summary: string; smoke?: SmokeRun }> {
  return async ({ version, signal }) => {
    const events = await options.events();
    if (!events.length) return { ok: true, summary: 'no smoke events (nothing run)' };
    const run = await runSmokeTests({ version, events, invoke: options.invoke, signal, onEvent: options.onEvent });
    // "passed 2 smoke tests (smoke-create-order, smoke-health)": the release words the rest.
    if (run.passed) return { ok: true, summary: passedSummary(run) };
    const failed = `smoke test "${run.failure?.event.name}" failed (${run.failure?.problems.join('; ')})`;
    if (options.onFailure && (await options.onFailure(run))) return { ok: true, summary: `${failed}; moved anyway at your request` };
    return { ok: false, summary: failed, smoke: run };
  };
}

/** `Version 7 of orders-api was published but failed its smoke test "smoke-get": … prod was not moved. It returned: …`. */
export function describeSmokeFailure(functionName: string, run: SmokeRun, options: { when?: 'release' | 'onDemand'; aliasName?: string } = {}): string {
  const failure = run.failure;
  if (!failure) return describeSmokePass(functionName, run);
  const failed = (options.when ?? 'release') === 'release' ? 'was published but failed' : 'failed';
  const parts = [`Version ${run.version} of ${functionName} ${failed} its smoke test "${failure.event.name}": ${failure.problems.join('; ').replace(/\.$/, '')}.`];
  if (options.aliasName) parts.push(`${options.aliasName} was not moved.`);
  if (failure.result) parts.push(`It returned: ${preview(failure.result.payload)}`);
  return parts.join(' ');
}

export function describeSmokePass(functionName: string, run: SmokeRun): string {
  return `Version ${run.version} of ${functionName} ${passedSummary(run)}.`;
}

/** `passed 2 smoke tests (smoke-get, smoke-post)` */
function passedSummary(run: SmokeRun): string {
  const names = run.results.map((r) => r.event.name).join(', ');
  return `passed ${run.results.length} smoke test${run.results.length === 1 ? '' : 's'} (${names})`;
}

function preview(payload: string): string {
  const oneLine = payload.replace(/\s+/g, ' ').trim();
  if (!oneLine) return '(empty)';
  return oneLine.length > 160 ? `${oneLine.slice(0, 159)}…` : oneLine;
}
