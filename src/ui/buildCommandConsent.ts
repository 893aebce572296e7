/**
 * A build command line from workspace settings runs only after the user confirmed it once on this
 * machine: a repository's .vscode/settings.json could otherwise run anything on "Deploy". Commands
 * are already trusted-only (workspace trust); this is the first-run confirmation naming the command,
 * through the one consent helper (src/ui/workspaceValueConsent.ts): remembered in workspaceState (a
 * repository cannot write there), keyed by folder + command, so a changed command asks again. A
 * build task from tasks.json is VS Code's own to run.
 */
import * as vscode from 'vscode';
import type { WorkspaceTarget } from '../release/targets';
import { SECTION, SettingKeys } from '../settingKeys';
import { confirmWorkspaceValuesOnce } from './workspaceValueConsent';

const CONFIRMED_KEY = 'lambdaRelease.confirmedBuildCommands';

export async function confirmBuildCommands(state: vscode.Memento, targets: readonly WorkspaceTarget[]): Promise<void> {
  const commands = targets.flatMap((t) => (t.build && 'command' in t.build && fromWorkspaceSettings(t) ? [{ target: t, command: t.build.command }] : []));
  await confirmWorkspaceValuesOnce(state, {
    store: CONFIRMED_KEY,
    items: commands.map(({ target, command }) => ({ key: JSON.stringify([target.root, command]), line: `${target.name}: ${command}` })),
    question: (count) => `Run ${count === 1 ? 'this build command' : `these ${count} build commands`} from the workspace settings?`,
    detail: (lines) => `${lines}\n\nThey come from lambdaRelease.targets in this workspace's settings and run in a terminal before packaging. You are asked once per command.`,
    button: 'Run Build',
    declined: 'Cancelled: the build command was not confirmed; nothing was built or deployed.',
  });
}

/** True unless the targets list comes from the user's own settings only. */
function fromWorkspaceSettings(target: WorkspaceTarget): boolean {
  const inspected = vscode.workspace.getConfiguration(SECTION, vscode.Uri.file(target.root)).inspect(SettingKeys.targets);
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
}
