/**
 * The deploy targets of the open workspace: `lambdaRelease.targets` of each workspace folder (per
 * folder in a multi-root workspace) plus the single-target settings `lambdaRelease.target.*`,
 * which read as one target. Pure rules live in src/release/targets.ts.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CancelledError } from '../release/errors';
import { readTargets, targetForFile, type LegacyTarget, type TargetListing, type WorkspaceTarget } from '../release/targets';
import { SECTION, SettingKeys } from '../settingKeys';

export function workspaceTargets(): TargetListing {
  const listing: TargetListing = { targets: [], problems: [] };
  for (const [index, folder] of (vscode.workspace.workspaceFolders ?? []).entries()) {
    const config = vscode.workspace.getConfiguration(SECTION, folder.uri);
    // The single-target keys of a .code-workspace apply to every folder: read them for the first
    // folder only (as before), unless a folder sets its own.
    const ownLegacy = index === 0 || config.inspect<string>(SettingKeys.targetFunction)?.workspaceFolderValue !== undefined;
    const legacy: LegacyTarget = ownLegacy
      ? {
          profile: config.get<string>(SettingKeys.targetProfile),
          region: config.get<string>(SettingKeys.targetRegion),
          function: config.get<string>(SettingKeys.targetFunction),
          alias: config.get<string>(SettingKeys.targetAlias),
          sourceFolder: config.get<string>(SettingKeys.sourceFolder),
          smokeEvents: config.get<string[]>(SettingKeys.smokeEvents),
        }
      : {};
    const read = readTargets(folder.uri.fsPath, config.get<unknown>(SettingKeys.targets), legacy, realpath);
    const prefix = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}: ` : '';
    for (const target of read.targets) {
      if (listing.targets.some((t) => t.name === target.name)) target.name = `${prefix || `${folder.name}: `}${target.name}`;
      listing.targets.push(target);
    }
    listing.problems.push(...read.problems.map((p) => `${prefix}${p}`));
  }
  return listing;
}

/** The target of the active editor's file, if it belongs to one. */
export function activeEditorTarget(targets: readonly WorkspaceTarget[]): WorkspaceTarget | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? targetForFile(targets, uri.fsPath) : undefined;
}

/** Asks for one of the targets (the active editor's first). */
export async function pickTarget(targets: readonly WorkspaceTarget[], title: string): Promise<WorkspaceTarget> {
  if (targets.length === 1) return targets[0];
  const active = activeEditorTarget(targets);
  const ordered = active ? [active, ...targets.filter((t) => t !== active)] : [...targets];
  const choice = await vscode.window.showQuickPick(
    ordered.map((target) => ({
      label: target.name,
      description: `${target.ref.functionName} · ${target.ref.target.profile} · ${target.ref.target.region}${target === active ? ' · active editor' : ''}`,
      target,
    })),
    { title, placeHolder: 'Target' },
  );
  if (!choice) throw new CancelledError();
  return choice.target;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p; // a missing folder is reported when it is packaged
  }
}
