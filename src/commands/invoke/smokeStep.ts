/**
 * The smoke-test step as Release, Shift Traffic (Canary) and "Run Smoke Tests" show it: the
 * workspace's smoke events, run against a version BY NUMBER inside the caller's progress (Cancel
 * works), one "Lambda Invocations" line per event, and the failure message with "Show Response",
 * "Move Anyway" (when an alias was about to move) and "Open Event".
 */
import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { formatInvocationLine, formatResultDocument } from '../../release/invocation';
import { describeSmokeFailure, runSmokeTests, type SmokeEvent, type SmokeRun } from '../../release/smokeGate';
import { hasSmokeEvents, loadSmokeEvents } from '../../release/testEvents';
import { logInvocation } from '../../ui/invocationLog';
import { withCancellableProgress } from '../../ui/progress';
import { workspaceRoot } from '../../ui/workspaceBinding';
import { workspaceTargets } from '../../ui/workspaceTargets';
import { sameRef } from '../../release/targets';
import { CancelledError } from '../../release/errors';
import { resultDocumentName, type InvokeDeps } from './invokeContext';

/**
 * Where a function's smoke events live and which names are configured: the workspace target of
 * that function (`lambdaRelease.targets[].smokeEvents`, or `lambdaRelease.target.smokeEvents` for
 * the single target) and its folder; a function that is no target of this workspace: the first
 * folder, default names. Each target names its own events, so one target's names never make
 * another target's release refuse.
 */
function smokeSourceOf(ref: FunctionRef): { root?: string; configured: string[] } {
  const target = workspaceTargets().targets.find((t) => sameRef(t.ref, ref));
  return target ? { root: target.root, configured: target.smokeEvents } : { root: workspaceRoot(), configured: [] };
}

/**
 * The smoke events of a function in this workspace: its target's configured names, or every
 * `.lambda/events/<function>/smoke*.json`. None without a workspace folder.
 */
export async function smokeEventsFor(ref: FunctionRef): Promise<SmokeEvent[]> {
  const { root, configured } = smokeSourceOf(ref);
  if (!root) return [];
  const loaded = await loadSmokeEvents(root, ref.functionName, configured);
  return loaded.map((e) => ({ name: e.name, text: e.text, expectation: e.expectation, path: e.path }));
}

/** Whether the function has smoke events in this workspace (a release then gets a "Smoke tests" step). */
export function smokeGateApplies(ref: FunctionRef): boolean {
  const { root, configured } = smokeSourceOf(ref);
  return Boolean(root) && hasSmokeEvents(root as string, ref.functionName, configured);
}

/**
 * Runs the smoke tests of `version` (a number), reporting `Smoke test 2/5: smoke-get…` through
 * `report`. Cancellation is rethrown by the runner.
 */
export async function runSmokeStep(
  deps: InvokeDeps,
  ref: FunctionRef,
  version: string,
  events: readonly SmokeEvent[],
  report: (message: string) => void,
  signal?: AbortSignal,
): Promise<SmokeRun> {
  const gateway = deps.services.invoke(ref.target);
  const run = await runSmokeTests({
    version,
    events,
    signal,
    onEvent: (index, total, event) => report(`Smoke test ${index}/${total} of version ${version}: ${event.name}…`),
    invoke: async (qualifier, payload, s) => {
      const started = performance.now();
      const result = await gateway.invoke({ functionName: ref.functionName, qualifier, type: 'RequestResponse', payload }, { signal: s });
      logInvocation(deps.context, `${formatInvocationLine(result, performance.now() - started)}  [smoke test]`);
      return result;
    },
  });
  deps.log.info(run.passed ? `Smoke tests of ${ref.functionName}:${version} passed (${run.results.map((r) => r.event.name).join(', ')}).` : describeSmokeFailure(ref.functionName, run));
  return run;
}

/**
 * The failure message. `aliasName` set: the alias was about to move and "Move Anyway" is offered
 * (the move itself asks again for a protected alias). Resolves to true when the user chose it.
 */
export async function reportSmokeFailure(deps: InvokeDeps, ref: FunctionRef, run: SmokeRun, aliasName?: string, options: { modal?: boolean } = {}): Promise<boolean> {
  const failure = run.failure;
  if (!failure) return false;
  const buttons = [...(failure.result ? ['Show Response'] : []), ...(aliasName ? ['Move Anyway'] : []), ...(failure.event.path ? ['Open Event'] : [])];
  for (;;) {
    const message = describeSmokeFailure(ref.functionName, run, { when: aliasName ? 'release' : 'onDemand', aliasName });
    const choice = options.modal ? await vscode.window.showErrorMessage(message, { modal: true }, ...buttons) : await vscode.window.showErrorMessage(message, ...buttons);
    if (choice === 'Move Anyway') return true;
    if (choice === 'Show Response' && failure.result) {
      const doc = formatResultDocument(failure.result);
      await deps.reports.show(resultDocumentName(failure.result), doc.content, doc.language);
    } else if (choice === 'Open Event' && failure.event.path) {
      await vscode.window.showTextDocument(vscode.Uri.file(failure.event.path));
    } else {
      return false;
    }
    // After looking, the choice (Move Anyway among them) is offered again until dismissed.
  }
}

/**
 * The gate before an alias moves to `version` (Shift Traffic): smoke tests in their own progress
 * notification; a failure shows the message and, unless "Move Anyway" is chosen, stops with the
 * alias untouched. No smoke events: nothing to run, the move goes ahead.
 */
export async function gateBeforeMove(deps: InvokeDeps, ref: FunctionRef, version: string, aliasName: string): Promise<void> {
  const events = await smokeEventsFor(ref);
  if (!events.length) return;
  const run = await withCancellableProgress(`Smoke-testing ${ref.functionName}:${version} before ${aliasName} moves`, (progress, signal) =>
    runSmokeStep(deps, ref, version, events, (message) => progress.message(message), signal),
  );
  if (run.passed) return;
  if (!(await reportSmokeFailure(deps, ref, run, aliasName))) throw new CancelledError(`${aliasName} was not moved: version ${version} failed its smoke test.`);
}

export type { SmokeRun };
