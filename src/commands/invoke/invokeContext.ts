/**
 * Shared glue of the invoke commands: which function and qualifier (node or palette picks), which
 * payload (saved event, inline JSON, built-in sample), the protected-alias question, the call with
 * progress and Cancel, and showing the result (read-only document + "Lambda Invocations" line).
 */
import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { DEFAULT_PROTECTED_ALIASES, describeTarget, isProtectedAlias } from '../../release/aliases';
import { CancelledError, ReleaseError, userFacing } from '../../release/errors';
import {
  describeFunctionError,
  formatInvocationLine,
  formatResultDocument,
  functionErrorSummary,
  isVersionNumber,
  LATEST,
  parsePayload,
  preparePayload,
  qualifiedName,
  type InvocationResult,
  type InvocationType,
} from '../../release/invocation';
import { SAMPLE_EVENTS, sampleEventText } from '../../release/sampleEvents';
import { listEvents, loadEvent, relativeEventPath } from '../../release/testEvents';
import { settings } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { AliasNode } from '../../tree/nodes/AliasNode';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { invocationChannel, logInvocation } from '../../ui/invocationLog';
import { pickFunction, pickLazily } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import { readBinding, sameFunction, workspaceRoot } from '../../ui/workspaceBinding';
import type { CommandDeps } from '../CommandDeps';
import { CommandIds } from '../commandIds';

export type InvokeDeps = Pick<CommandDeps, 'services' | 'context' | 'log' | 'reports'>;

export interface InvokeTarget {
  ref: FunctionRef;
  /** Always explicit: a version number, an alias or `$LATEST`. */
  qualifier: string;
}

/** A payload the user chose, with where it came from (for messages and "Save as Test Event"). */
export interface PayloadChoice {
  text: string;
  /** "smoke-get (.lambda/events/orders-api/smoke-get.json)", "inline JSON", "sample S3 Put". */
  source: string;
  /** Set when it is a saved event. */
  eventName?: string;
  path?: string;
}

/** Alias / version / $LATEST node: its qualifier; function node or palette: asked. */
export async function invokeTargetOf(deps: InvokeDeps, node: TreeNode | undefined, verb = 'Invoke'): Promise<InvokeTarget> {
  if (node instanceof AliasNode) return { ref: node.ref, qualifier: node.alias.name };
  if (node instanceof VersionNode) return { ref: node.ref, qualifier: node.version.version };
  const ref = isFunctionScoped(node) ? node.ref : await pickFunction(deps.services);
  return { ref, qualifier: await pickQualifier(deps, ref, `${verb} ${ref.functionName}: which alias or version?`) };
}

/** Aliases first (the bound alias on top), then `$LATEST`, then versions newest first. */
export async function pickQualifier(deps: Pick<InvokeDeps, 'services'>, ref: FunctionRef, title: string, options: { versionsOnly?: boolean } = {}): Promise<string> {
  const binding = readBindingQuietly();
  const bound = binding && sameFunction(binding.ref, ref) ? binding.alias : undefined;
  return pickLazily(title, 'Alias or version', async () => {
    const { versions, aliases } = await deps.services.lambda(ref.target).getFunctionDetails(ref.functionName);
    const sortedAliases = [...aliases].sort((a, b) => Number(b.name === bound) - Number(a.name === bound));
    const aliasItems = options.versionsOnly
      ? []
      : sortedAliases.map((a) => ({ label: `$(tag) ${a.name}`, description: `alias → ${describeTarget(a)}${a.name === bound ? ' · bound to this workspace' : ''}`, value: a.name }));
    const versionItems = versions
      .filter((v) => !options.versionsOnly || v.version !== LATEST)
      .map((v) => ({ label: v.version === LATEST ? '$(edit) $LATEST' : `$(circle-outline) ${v.version}`, description: v.description, value: v.version }));
    return [...aliasItems, ...versionItems];
  });
}

/** Saved events of the function, then "Enter JSON…", then the built-in samples. */
export async function pickPayload(ref: FunctionRef, title: string): Promise<PayloadChoice> {
  const root = workspaceRoot();
  type Pick = { kind: 'saved'; name: string } | { kind: 'inline' } | { kind: 'sample'; id: string };
  const choice = await pickLazily<Pick>(title, 'Payload: a saved test event, JSON you type, or a sample', async () => {
    const saved = root ? await listEvents(root, ref.functionName) : [];
    return [
      ...saved.map((e) => ({
        label: `$(file) ${e.name}`,
        description: `saved event${e.expectPath ? ' · with expectation' : ''}`,
        detail: root ? relativeEventPath(root, e.path) : undefined,
        value: { kind: 'saved' as const, name: e.name },
      })),
      { label: '$(edit) Enter JSON…', description: 'type the payload', value: { kind: 'inline' as const } },
      ...SAMPLE_EVENTS.map((s) => ({ label: `$(symbol-event) Sample: ${s.label}`, description: s.description, value: { kind: 'sample' as const, id: s.id } })),
    ];
  });
  if (choice.kind === 'saved') {
    if (!root) throw new ReleaseError('validation', 'Open a folder first: test events live in the workspace.');
    const event = await loadEvent(root, ref.functionName, choice.name);
    return { text: event.text, source: `${choice.name} (${relativeEventPath(root, event.path)})`, eventName: choice.name, path: event.path };
  }
  if (choice.kind === 'sample') {
    const sample = SAMPLE_EVENTS.find((s) => s.id === choice.id);
    return { text: sampleEventText(choice.id), source: `sample ${sample?.label ?? choice.id}` };
  }
  return { text: await askInlineJson(title, '{}'), source: 'inline JSON' };
}

/** An input box that refuses invalid JSON as you type, naming line and column. */
export async function askInlineJson(title: string, value: string): Promise<string> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Payload (JSON)',
    value,
    validateInput: (input) => {
      try {
        parsePayload(input, 'The payload');
        return undefined;
      } catch (error) {
        return userFacing(error).message;
      }
    },
  });
  if (text === undefined) throw new CancelledError();
  return text;
}

export async function pickInvocationType(target: InvokeTarget): Promise<InvocationType> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(play) Synchronous (RequestResponse)', description: 'wait for the response and the log tail', value: 'RequestResponse' as const },
      { label: '$(send) Asynchronous (Event)', description: 'queue it; the result goes to the logs and destinations', value: 'Event' as const },
      { label: '$(shield) Dry run (DryRun)', description: 'permission check only: the function does not run', value: 'DryRun' as const },
    ],
    { title: `Invoke ${qualifiedName(target.ref.functionName, target.qualifier)}: how?` },
  );
  if (!choice) throw new CancelledError();
  return choice.value;
}

export function protectedAliasPatterns(): string[] {
  return settings().get<string[]>(SettingKeys.protectedAliases, [...DEFAULT_PROTECTED_ALIASES]);
}

/**
 * Invoking a protected alias runs production code with real side effects: a modal naming profile,
 * region, function and alias. Versions and `$LATEST` are not aliases and do not ask.
 */
export async function confirmProtectedInvoke(target: InvokeTarget, question = `Invoke ${qualifiedName(target.ref.functionName, target.qualifier)}?`): Promise<void> {
  const { ref, qualifier } = target;
  if (isVersionNumber(qualifier) || qualifier === LATEST || !isProtectedAlias(qualifier, protectedAliasPatterns())) return;
  const detail = `Profile ${ref.target.profile} · region ${ref.target.region} · function ${ref.functionName} · alias ${qualifier}\n\nThis runs production code with real side effects.`;
  const button = 'Invoke';
  const answer = await vscode.window.showWarningMessage(`${question} ${qualifier} is a protected alias.`, { modal: true, detail }, button);
  if (answer !== button) throw new CancelledError();
}

/** One invocation under a cancellable progress notification; the round trip is measured for the log line. */
export async function invokeWithProgress(deps: InvokeDeps, target: InvokeTarget, type: InvocationType, payload: PayloadChoice): Promise<{ result: InvocationResult; ms: number }> {
  const name = qualifiedName(target.ref.functionName, target.qualifier);
  const bytes = preparePayload(payload.text, type, payload.path ? relativeEventPath(workspaceRoot() ?? '', payload.path) : 'The payload').bytes;
  return withCancellableProgress(`Invoking ${name}`, async (progress, signal) => {
    progress.message(`${type} with ${payload.source}…`);
    const started = performance.now();
    const result = await deps.services.invoke(target.ref.target).invoke({ functionName: target.ref.functionName, qualifier: target.qualifier, type, payload: bytes }, { signal });
    return { result, ms: performance.now() - started };
  });
}

/** Document name of a result: one per function:qualifier, replaced by the next invocation. */
export function resultDocumentName(result: InvocationResult): string {
  return `invocations/${result.functionName}-${result.qualifier.replace('$', '')}.jsonc`;
}

/** Shows a result as a read-only document (sync) or a message (Event, DryRun), and logs one line. */
export async function showInvocationResult(deps: InvokeDeps, result: InvocationResult, ms: number, payload: PayloadChoice, ref: FunctionRef): Promise<void> {
  const line = formatInvocationLine(result, ms);
  logInvocation(deps.context, `${line}  [payload: ${payload.source}]`);
  deps.log.info(`Invoked ${line}`);
  const name = qualifiedName(result.functionName, result.qualifier);
  const save = payload.eventName ? [] : ['Save as Test Event'];
  let choice: string | undefined;
  if (result.type === 'Event') {
    choice = await vscode.window.showInformationMessage(
      `Queued ${name} (asynchronous, status ${result.statusCode}): Lambda runs it in the background. Its result goes to the function's logs (Tail Logs) and to its on-success / on-failure destinations, if configured.`,
      'Tail Logs',
      ...save,
    );
  } else if (result.type === 'DryRun') {
    choice = await vscode.window.showInformationMessage(`Dry run of ${name} (status ${result.statusCode}): you may invoke it. Permission check only: the function did not run.`, ...save);
  } else {
    const doc = formatResultDocument(result, ms);
    await deps.reports.show(resultDocumentName(result), doc.content, doc.language);
    const ran = result.executedVersion ? ` ran version ${result.executedVersion}` : '';
    choice = result.functionError
      ? await vscode.window.showErrorMessage(`${name}${ran} failed: ${functionErrorSummary(describeFunctionError(result.functionError, result.payload))}`, 'Show Invocations', ...save)
      : await vscode.window.showInformationMessage(`${name}${ran}: status ${result.statusCode}. The response is open beside; every invocation is listed in "Lambda Invocations".`, 'Show Invocations', ...save);
  }
  if (choice === 'Show Invocations') invocationChannel(deps.context).show(true);
  if (choice === 'Tail Logs') await vscode.commands.executeCommand(CommandIds.tailLogs, { ref }); // the whole function: an async run may land on any version
  if (choice === 'Save as Test Event') await vscode.commands.executeCommand(CommandIds.saveTestEvent, { ref, text: payload.text } satisfies SaveEventArgs);
}

/** What "Save as Test Event" receives from a result notification (instead of the active editor). */
export interface SaveEventArgs {
  ref: FunctionRef;
  text: string;
}

function readBindingQuietly() {
  try {
    return readBinding();
  } catch {
    return undefined;
  }
}
