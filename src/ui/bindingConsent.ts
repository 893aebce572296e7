/**
 * A binding this user did not make is confirmed before the first deploy. A repository's settings
 * can carry `lambdaRelease.target.*` or `lambdaRelease.targets` (copied from another project, or
 * hostile); deploying overwrites `$LATEST` of those functions, which for callers that invoke them
 * unqualified is production. So a target that comes from workspace settings and was not confirmed on
 * this machine is named in a modal — profile, region, account id, function — before anything is
 * packaged for it or sent. Remembered per target identity (profile, region, function, source
 * folders) in workspaceState through src/ui/workspaceValueConsent.ts: a changed target asks again,
 * and a single-target binding and the same target in `lambdaRelease.targets` share one identity.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { targetIdentity, targetKey, type TargetIdentity } from '../release/targetIdentity';
import type { WorkspaceTarget } from '../release/targets';
import type { Services } from '../services';
import { SECTION, SettingKeys } from '../settingKeys';
import type { WorkspaceBinding } from './workspaceBinding';
import { confirmWorkspaceValuesOnce, rememberConsent } from './workspaceValueConsent';

const STORE = 'lambdaRelease.confirmedTargets';
export const DEPLOY_BUTTON = 'Deploy';
export { targetIdentity, targetKey, type TargetIdentity };

/** Records targets as confirmed: the user chose or bound them on this machine. */
export function rememberTargets(state: vscode.Memento, ids: readonly TargetIdentity[]): Promise<void> {
  return rememberConsent(state, STORE, ids.map(targetKey));
}

/**
 * The settings file a target comes from, or undefined when only the user's own settings hold it
 * (nothing to confirm: the user wrote it).
 */
export function workspaceSettingsFileOf(folderUri: vscode.Uri | undefined, legacy: boolean): string | undefined {
  const config = vscode.workspace.getConfiguration(SECTION, folderUri);
  const keys = legacy ? [SettingKeys.targetProfile, SettingKeys.targetRegion, SettingKeys.targetFunction] : [SettingKeys.targets];
  const inspected = keys.map((key) => config.inspect<unknown>(key));
  const fromFolder = inspected.some((i) => i?.workspaceFolderValue !== undefined);
  const fromWorkspace = inspected.some((i) => i?.workspaceValue !== undefined);
  if (!fromFolder && !fromWorkspace) return undefined;
  const workspaceFile = vscode.workspace.workspaceFile;
  if (fromWorkspace && workspaceFile?.scheme === 'file') return path.basename(workspaceFile.fsPath);
  const folder = folderUri && vscode.workspace.getWorkspaceFolder(folderUri);
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 && folder ? `${folder.name}/.vscode/settings.json` : '.vscode/settings.json';
}

interface Pending {
  id: TargetIdentity;
  /** Where it was written (undefined: the user's own settings). */
  fromFile?: string;
}

/**
 * One modal for every target still to confirm, naming profile, region, account id and function and
 * saying `$LATEST` will be replaced. Throws a CancelledError ("Nothing was deployed…") on decline.
 */
export async function confirmTargetsBeforeDeploy(deps: { services: Services; context: vscode.ExtensionContext }, targets: readonly Pending[]): Promise<void> {
  const fromWorkspace = targets.filter((t) => t.fromFile);
  if (!fromWorkspace.length) return;
  const state = deps.context.workspaceState;
  const confirmed = new Set(state.get<string[]>(STORE, []));
  const pending = fromWorkspace.filter((t) => !confirmed.has(targetKey(t.id)));
  if (!pending.length) return;
  const items = await Promise.all(
    pending.map(async (t) => {
      const account = await deps.services
        .aws()
        .accountId({ profile: t.id.profile, region: t.id.region })
        .catch(() => 'unknown (sts:GetCallerIdentity failed)');
      return { key: targetKey(t.id), line: `${t.id.functionName} · profile ${t.id.profile} · region ${t.id.region} · account ${account}`, account };
    }),
  );
  const files = [...new Set(pending.map((t) => t.fromFile))].join(', ');
  const only = pending.length === 1 ? pending[0].id : undefined;
  await confirmWorkspaceValuesOnce(state, {
    store: STORE,
    items,
    question: only ? `Deploy to ${only.functionName} in account ${items[0].account}? This workspace's settings chose it.` : `Deploy to these ${pending.length} functions? This workspace's settings chose them.`,
    detail: (lines) =>
      [
        `${files} binds this workspace to:`,
        '',
        lines,
        '',
        `Deploying replaces ${only ? "the function's" : 'each function’s'} $LATEST code: whatever invokes it without a version or alias runs the new code at once.`,
        'You are asked once per target on this machine ("Bind Workspace to Function…" counts as confirmed).',
      ].join('\n'),
    button: DEPLOY_BUTTON,
    declined: `Nothing was deployed: ${only ? `${only.functionName} (${only.profile}, ${only.region}) was` : 'the targets were'} not confirmed.`,
  });
}

/** Deploy Workspace / Release…: the resolved binding, asked about when it is the one stored in workspace settings. */
export async function confirmBinding(deps: { services: Services; context: vscode.ExtensionContext }, binding: WorkspaceBinding): Promise<void> {
  // Picked in this command (another function's node, quick picks, "Remember"): the user's own choice.
  if (binding.chosenHere) {
    return rememberTargets(deps.context.workspaceState, [targetIdentity(binding.ref, binding.target?.sourceFolders.length ? binding.target.sourceFolders : binding.sourceFolder)]);
  }
  // A target read from settings (the bound one, the active editor's, or one of several picked by name):
  // asked about when those settings are the workspace's, whichever key (target.* or targets) holds it.
  if (binding.target) await confirmWorkspaceTargets(deps, [binding.target]);
}

/** Deploy Changed Functions: the chosen targets of `lambdaRelease.targets` (or the legacy binding). */
export async function confirmWorkspaceTargets(deps: { services: Services; context: vscode.ExtensionContext }, targets: readonly WorkspaceTarget[]): Promise<void> {
  await confirmTargetsBeforeDeploy(
    deps,
    targets.map((t) => ({ id: targetIdentity(t.ref, t.sourceFolders), fromFile: workspaceSettingsFileOf(vscode.Uri.file(t.root), Boolean(t.legacy)) })),
  );
}
