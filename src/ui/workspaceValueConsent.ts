/**
 * The one pattern for "a value from the workspace's settings makes us act on the user's behalf":
 * ask in a modal naming exactly what will happen, once per value on this machine. Confirmations live
 * in workspaceState (this machine, this workspace: a repository cannot write there), under a store
 * key per kind of value, keyed by the value's identity, so a changed value asks again.
 *
 * Used by the binding confirmation (src/ui/bindingConsent.ts). A command line, a URL, a target: any
 * future value read from the workspace that runs something or sends something goes through here
 * (after workspace trust, which the command's `enablement` / TRUSTED_ONLY already require):
 *
 *   await confirmWorkspaceValuesOnce(context.workspaceState, {
 *     store: 'lambdaRelease.confirmedBuildCommands',
 *     items: [{ key: JSON.stringify([folder, command]), line: `${name}: ${command}` }],
 *     question: 'Run this build command from the workspace settings?',
 *     detail: (lines) => `${lines}\n\nIt runs in a terminal before packaging. You are asked once per command.`,
 *     button: 'Run Build',
 *     declined: 'Nothing was built or deployed: the build command was not confirmed.',
 *   });
 */
import * as vscode from 'vscode';
import { CancelledError } from '../release/errors';

export interface ConsentItem {
  /** Identity of the value (what is remembered); a changed value has another key. */
  key: string;
  /** How the modal names it (e.g. `orders-api · profile dev · us-east-1 · account 1234…`). */
  line: string;
}

export interface ConsentRequest {
  /** workspaceState key holding the confirmed keys of this kind of value. */
  store: string;
  items: readonly ConsentItem[];
  /** The modal's question, given how many values are still unconfirmed. */
  question: string | ((count: number) => string);
  /** The modal's detail, given the unconfirmed items' lines joined by newlines. */
  detail: (lines: string) => string;
  /** The verb button (never "OK"). */
  button: string;
  /** The message when the user declines: what is now true (nothing happened). */
  declined: string;
}

/** The keys confirmed so far for `store`. */
export function confirmedKeys(state: vscode.Memento, store: string): string[] {
  return state.get<string[]>(store, []);
}

/** Records keys as confirmed (e.g. a value the user chose or wrote on this machine). */
export async function rememberConsent(state: vscode.Memento, store: string, keys: readonly string[]): Promise<void> {
  const confirmed = confirmedKeys(state, store);
  const fresh = keys.filter((key) => !confirmed.includes(key));
  if (fresh.length) await state.update(store, [...confirmed, ...fresh]);
}

/**
 * Asks once (one modal for all unconfirmed items) and remembers the answer; throws a CancelledError
 * carrying `declined` (shown: it says nothing happened) unless the user presses `button`.
 */
export async function confirmWorkspaceValuesOnce(state: vscode.Memento, request: ConsentRequest): Promise<void> {
  const confirmed = confirmedKeys(state, request.store);
  const pending = request.items.filter((item, index, all) => !confirmed.includes(item.key) && all.findIndex((i) => i.key === item.key) === index);
  if (!pending.length) return;
  const question = typeof request.question === 'function' ? request.question(pending.length) : request.question;
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: request.detail(pending.map((p) => p.line).join('\n')) }, request.button);
  if (choice !== request.button) throw new CancelledError(request.declined, true);
  await rememberConsent(state, request.store, pending.map((p) => p.key));
}
