/**
 * A build command line from workspace settings runs only after the user confirmed it once on this
 * machine: a repository's .vscode/settings.json could otherwise run anything on "Deploy". Commands
 * are already trusted-only (workspace trust); this is the first-run confirmation naming the command.
 * Confirmations live in workspaceState (a repository cannot write there), keyed by folder + command,
 * so a changed command asks again. A build task from tasks.json is VS Code's own to run.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../release/errors';
import type { WorkspaceTarget } from '../release/targets';
import { SECTION, SettingKeys } from '../settingKeys';

const CONFIRMED_KEY = 'lambdaRelease.confirmedBuildCommands';
const RUN = 'Run Build';

export async function confirmBuildCommands(state: vscode.Memento, targets: readonly WorkspaceTarget[]): Promise<void> {
  const confirmed = state.get<string[]>(CONFIRMED_KEY, []);
  const pending = targets.filter((t) => t.build && 'command' in t.build && fromWorkspaceSettings(t) && !confirmed.includes(keyOf(t)));
  if (!pending.length) return;
  const lines = pending.map((t) => `${t.name}: ${'command' in (t.build ?? {}) ? (t.build as { command: string }).command : ''}`);
  const choice = await vscode.window.showWarningMessage(
    `Run ${pending.length === 1 ? 'this build command' : `these ${pending.length} build commands`} from the workspace settings?`,
    { modal: true, detail: `${lines.join('\n')}\n\nThey come from lambdaRelease.targets in this workspace's settings and run in a terminal before packaging. You are asked once per command.` },
    RUN,
  );
  if (choice !== RUN) throw new CancelledError('Cancelled: the build command was not confirmed; nothing was built or deployed.', true);
  await state.update(CONFIRMED_KEY, [...confirmed, ...pending.map(keyOf)]);
}

function keyOf(target: WorkspaceTarget): string {
  return JSON.stringify([target.root, (target.build as { command: string }).command]);
}

/** True unless the targets list comes from the user's own settings only. */
function fromWorkspaceSettings(target: WorkspaceTarget): boolean {
  const inspected = vscode.workspace.getConfiguration(SECTION, vscode.Uri.file(target.root)).inspect(SettingKeys.targets);
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
}
