/**
 * Tells the user, once per file and value, that a workspace's `lambdaRelease.endpointUrl` was
 * ignored: where credentials are sent is the user's choice only (src/release/workspaceSettingRules.ts).
 * VS Code drops a machine-scoped key from workspace settings before `inspect()` sees it, so the
 * settings files themselves are read too (for the notice only; nothing is decided from them).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ignoredWorkspaceValues, valueInSettingsText } from '../release/workspaceSettingRules';
import { settings } from '../services';
import { SettingKeys, qualified } from '../settingKeys';

const SHOWN_KEY = 'lambdaRelease.ignoredEndpointNotices';
const ENDPOINT_KEY = qualified(SettingKeys.endpointUrl);
export const OPEN_USER_SETTINGS = 'Open User Settings';

export interface IgnoredSetting {
  /** Where it was written, as the user knows it (e.g. `.vscode/settings.json`). */
  file: string;
  value: string;
}

/** Every workspace / folder value of lambdaRelease.endpointUrl, with the file it is in. */
export async function ignoredEndpointSettings(): Promise<IgnoredSetting[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const multiRoot = folders.length > 1 || vscode.workspace.workspaceFile !== undefined;
  const folderFile = (folder: vscode.WorkspaceFolder) => (multiRoot ? `${folder.name}/.vscode/settings.json` : '.vscode/settings.json');
  const workspaceFileName = vscode.workspace.workspaceFile?.scheme === 'file' ? path.basename(vscode.workspace.workspaceFile.fsPath) : undefined;
  const found: IgnoredSetting[] = [];

  // A host that keeps workspace values of a machine setting shows them here.
  for (const ignored of ignoredWorkspaceValues(settings().inspect<string>(SettingKeys.endpointUrl))) {
    if (!ignored.value) continue;
    const file = ignored.scope === 'workspace' && workspaceFileName ? workspaceFileName : folders[0] ? folderFile(folders[0]) : 'workspace settings';
    found.push({ file, value: ignored.value });
  }
  // VS Code's own hosts drop it before inspect(): read the files.
  const files: [vscode.Uri, string][] = folders.map((folder) => [vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'), folderFile(folder)]);
  if (vscode.workspace.workspaceFile?.scheme === 'file' && workspaceFileName) files.push([vscode.workspace.workspaceFile, workspaceFileName]);
  for (const [uri, file] of files) {
    const text = await vscode.workspace.fs.readFile(uri).then(
      (bytes) => new TextDecoder().decode(bytes),
      () => undefined,
    );
    const value = text === undefined ? undefined : valueInSettingsText(text, ENDPOINT_KEY);
    if (value) found.push({ file, value });
  }
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(`${f.file}\n${f.value}`) && seen.add(`${f.file}\n${f.value}`));
}

/** The notice's text: the file, the value, and why. */
export function ignoredEndpointMessage(ignored: IgnoredSetting): string {
  return `Ignored ${ENDPOINT_KEY} "${ignored.value}" from ${ignored.file}: a workspace cannot choose where your AWS credentials are sent. Profiles use their own endpoint_url (or AWS). If you meant it, set it in your user settings.`;
}

/** Shows each ignored value once per workspace (remembered in workspaceState); returns what it showed. */
export async function noticeIgnoredWorkspaceSettings(state: vscode.Memento, log: vscode.LogOutputChannel): Promise<IgnoredSetting[]> {
  const shown = new Set(state.get<string[]>(SHOWN_KEY, []));
  const fresh = (await ignoredEndpointSettings()).filter((ignored) => !shown.has(`${ignored.file}\n${ignored.value}`));
  for (const ignored of fresh) {
    const message = ignoredEndpointMessage(ignored);
    log.warn(message);
    shown.add(`${ignored.file}\n${ignored.value}`);
    void vscode.window.showWarningMessage(message, OPEN_USER_SETTINGS).then((choice) => {
      if (choice === OPEN_USER_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', ENDPOINT_KEY);
    });
  }
  if (fresh.length) await state.update(SHOWN_KEY, [...shown]);
  return fresh;
}
