import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { CancelledError, ReleaseError } from '../../release/errors';
import { parsePayload } from '../../release/invocation';
import { SAMPLE_EVENTS, sampleEventText } from '../../release/sampleEvents';
import { checkEventName, eventsFolder, exists, relativeEventPath, saveEvent } from '../../release/testEvents';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { pickFunction } from '../../ui/pickers';
import { workspaceRoot } from '../../ui/workspaceBinding';
import * as path from 'node:path';
import type { InvokeDeps, SaveEventArgs } from './invokeContext';

/** "New Test Event…": a sample (or `{}`) saved as `.lambda/events/<function>/<name>.json`, opened to edit. */
export function newTestEvent(deps: Pick<InvokeDeps, 'services'>) {
  return async (node?: TreeNode) => {
    const root = requireRoot();
    const ref = isFunctionScoped(node) ? node.ref : await pickFunction(deps.services);
    const start = await vscode.window.showQuickPick(
      [
        { label: '$(json) Empty event', description: '{}', text: '{}\n' },
        ...SAMPLE_EVENTS.map((s) => ({ label: `$(symbol-event) ${s.label}`, description: s.description, text: sampleEventText(s.id) })),
      ],
      { title: `New test event for ${ref.functionName}: start from` },
    );
    if (!start) throw new CancelledError();
    const name = await askEventName(root, ref, 'smoke-');
    const file = await writeEvent(root, ref, name, start.text);
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    void vscode.window.showInformationMessage(`Saved ${relativeEventPath(root, file)}. ${smokeNote(name)}`);
  };
}

/**
 * "Save as Test Event…": the JSON of the active editor (or the payload handed by a result
 * notification) becomes an event file of a function.
 */
export function saveTestEvent(deps: Pick<InvokeDeps, 'services'>) {
  return async (args?: SaveEventArgs | TreeNode) => {
    const root = requireRoot();
    const handed = args && 'text' in args && typeof args.text === 'string' ? args : undefined;
    const text = handed?.text ?? vscode.window.activeTextEditor?.document.getText();
    if (text === undefined) throw new ReleaseError('validation', 'Open the JSON to save as a test event first (or invoke with a payload and choose "Save as Test Event").');
    parsePayload(text, vscode.window.activeTextEditor && !handed ? path.basename(vscode.window.activeTextEditor.document.fileName) : 'The payload');
    const ref = handed?.ref ?? (isFunctionScoped(args) ? args.ref : await pickFunction(deps.services));
    const name = await askEventName(root, ref, '');
    const file = await writeEvent(root, ref, name, text);
    const choice = await vscode.window.showInformationMessage(`Saved ${relativeEventPath(root, file)}. ${smokeNote(name)}`, 'Open Event');
    if (choice === 'Open Event') await vscode.window.showTextDocument(vscode.Uri.file(file));
  };
}

function smokeNote(name: string): string {
  return name.startsWith('smoke')
    ? 'Its name starts with "smoke": releases run it against the new version before the alias moves (add <name>.expect.json to check the response).'
    : 'Invoke uses it from the payload list; name it smoke-… to make it a smoke test.';
}

function requireRoot(): string {
  const root = workspaceRoot();
  if (!root) throw new ReleaseError('validation', 'Open a folder first: test events are files in the workspace (.lambda/events/<function>/).');
  return root;
}

async function askEventName(root: string, ref: FunctionRef, value: string): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: `Test event for ${ref.functionName}`,
    prompt: `Name (saved as ${relativeEventPath(root, path.join(eventsFolder(root, ref.functionName), '<name>.json'))}; names starting with "smoke" are smoke tests)`,
    value,
    validateInput: checkEventName,
  });
  if (name === undefined) throw new CancelledError();
  return name;
}

async function writeEvent(root: string, ref: FunctionRef, name: string, text: string): Promise<string> {
  const file = path.join(eventsFolder(root, ref.functionName), `${name}.json`);
  if (await exists(file)) {
    const overwrite = await vscode.window.showWarningMessage(`${relativeEventPath(root, file)} exists. Overwrite it?`, { modal: true }, 'Overwrite');
    if (overwrite !== 'Overwrite') throw new CancelledError();
    return saveEvent(root, ref.functionName, name, text, { overwrite: true });
  }
  return saveEvent(root, ref.functionName, name, text);
}
