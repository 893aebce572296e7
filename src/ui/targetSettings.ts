/**
 * Writes deploy targets: "Bind Workspace to Function…" and "Remember" add a target, or edit the
 * one of the same function. A workspace with one target keeps the simple single-target keys
 * (`lambdaRelease.target.*`); the second target moves both into `lambdaRelease.targets`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FunctionRef } from '../aws/types';
import { sameRef, toRawTarget, upsertRawTarget, type RawTarget, type WorkspaceTarget } from '../release/targets';
import { SECTION, SettingKeys } from '../settingKeys';
import { workspaceTargets } from './workspaceTargets';

export interface TargetChoice {
  ref: FunctionRef;
  alias?: string;
  /** Workspace-relative source folder; kept as it is when editing a target and not given. */
  sourceFolder?: string;
}

export type WriteMode = 'add' | 'replace';

/** What binding `choice` will do, for the question "add or replace?": the other targets, if any. */
export function otherTargets(ref: FunctionRef): WorkspaceTarget[] {
  return workspaceTargets().targets.filter((t) => !sameRef(t.ref, ref));
}

/**
 * Stores `choice`. Without a list: `replace` (or no other target) writes the single-target keys,
 * as before; `add` starts the list with the current single target as its first entry. With a
 * list: the entry of this function is added or edited.
 */
export async function writeTarget(choice: TargetChoice, mode: WriteMode): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const config = vscode.workspace.getConfiguration(SECTION, folder.uri);
  const where = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
  const listed = config.get<unknown>(SettingKeys.targets);
  const hasList = Array.isArray(listed) && listed.length > 0;
  const others = otherTargets(choice.ref);

  if (!hasList && (mode === 'replace' || others.length === 0)) {
    await config.update(SettingKeys.targetProfile, choice.ref.target.profile, where);
    await config.update(SettingKeys.targetRegion, choice.ref.target.region, where);
    await config.update(SettingKeys.targetFunction, choice.ref.functionName, where);
    if (choice.alias !== undefined) await config.update(SettingKeys.targetAlias, choice.alias || undefined, where);
    if (choice.sourceFolder !== undefined) await config.update(SettingKeys.sourceFolder, choice.sourceFolder, where);
    return;
  }

  // With a list, a bind always adds or edits an entry (removing one is an edit of the settings file).
  let entries: RawTarget[] = hasList ? [...(listed as RawTarget[])] : [];
  // The single target becomes the list's first entry, then its keys go (one place per target).
  const legacy = workspaceTargets().targets.find((t) => t.legacy && t.root === folder.uri.fsPath);
  if (legacy) entries = upsertRawTarget(entries, toRawTarget(legacy));
  const existing = workspaceTargets().targets.find((t) => sameRef(t.ref, choice.ref));
  const name = existing?.name ?? uniqueName(choice.ref.functionName, entries);
  const entry: RawTarget = {
    ...(existing ? toRawTarget(existing) : {}),
    name,
    profile: choice.ref.target.profile,
    region: choice.ref.target.region,
    function: choice.ref.functionName,
    ...(choice.alias ? { alias: choice.alias } : {}),
    ...(choice.sourceFolder !== undefined ? { sourceFolder: choice.sourceFolder, sourceFolders: undefined } : {}),
  };
  if (choice.alias === '') delete entry.alias;
  if (entry.sourceFolders === undefined) delete entry.sourceFolders;
  await config.update(SettingKeys.targets, upsertRawTarget(entries, entry), where);
  if (legacy) {
    for (const key of [SettingKeys.targetProfile, SettingKeys.targetRegion, SettingKeys.targetFunction, SettingKeys.targetAlias, SettingKeys.sourceFolder]) {
      await config.update(key, undefined, where);
    }
  }
}

function uniqueName(base: string, entries: readonly RawTarget[]): string {
  let name = base;
  for (let n = 2; entries.some((e) => e.name === name || (e.name === undefined && e.function === name)); n++) name = `${base} (${n})`;
  return name;
}

/** Workspace-relative form of an absolute folder, for settings. */
export function relativeFolder(root: string, folder: string): string {
  return path.relative(root, folder).split(path.sep).join('/') || '.';
}
