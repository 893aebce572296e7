/**
 * The function this workspace deploys to, stored in workspace settings (.vscode/settings.json):
 * lambdaRelease.target.{profile, region, function, alias, sourceFolder}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, ReleaseError } from '../release/errors';
import type { Services } from '../services';
import { settings } from '../services';
import { SettingKeys } from '../settingKeys';
import type { FunctionRef } from '../aws/types';
import { pickFunction } from './pickers';

export interface WorkspaceBinding {
  ref: FunctionRef;
  /** Alias the status bar shows and releases move; may be empty. */
  alias?: string;
  /** Absolute path of the folder to package. */
  sourceFolder: string;
  /** The user chose this target in the command that resolved it (another function's node, quick picks, "Remember"). */
  chosenHere?: boolean;
}

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The stored binding, or undefined when the workspace is not bound (or has no folder). */
export function readBinding(): WorkspaceBinding | undefined {
  const root = workspaceRoot();
  const config = settings();
  const profile = config.get<string>(SettingKeys.targetProfile);
  const region = config.get<string>(SettingKeys.targetRegion);
  const functionName = config.get<string>(SettingKeys.targetFunction);
  if (!root || !profile || !region || !functionName) return undefined;
  const folder = config.get<string>(SettingKeys.sourceFolder) || '.';
  return {
    ref: { target: { profile, region }, functionName },
    alias: config.get<string>(SettingKeys.targetAlias) || undefined,
    sourceFolder: resolveSourceFolder(root, folder),
  };
}

/** The source folder must stay inside the workspace: a setting cannot point the zip at ~/. */
export function resolveSourceFolder(root: string, folder: string): string {
  const resolved = path.resolve(root, folder);
  // Compare real paths: a folder that is a symlink to ~/ must not pass as "inside the workspace".
  const real = (p: string) => {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return p; // a missing folder is reported by the file selection
    }
  };
  const relative = path.relative(real(root), real(resolved));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ReleaseError('validation', `lambdaRelease.target.sourceFolder "${folder}" is outside the workspace.`, {
      hint: 'Use a folder inside the workspace, e.g. "." or "src".',
    });
  }
  return resolved;
}

export async function writeBinding(binding: { ref: FunctionRef; alias?: string; sourceFolder?: string }): Promise<void> {
  const config = settings();
  const target = vscode.ConfigurationTarget.Workspace;
  await config.update(SettingKeys.targetProfile, binding.ref.target.profile, target);
  await config.update(SettingKeys.targetRegion, binding.ref.target.region, target);
  await config.update(SettingKeys.targetFunction, binding.ref.functionName, target);
  if (binding.alias !== undefined) await config.update(SettingKeys.targetAlias, binding.alias || undefined, target);
  if (binding.sourceFolder !== undefined) await config.update(SettingKeys.sourceFolder, binding.sourceFolder, target);
}

/**
 * The binding to deploy with. A node given from the tree wins (and, if the workspace is bound to
 * another function, is used for this once); otherwise the stored binding; otherwise ask with quick
 * picks and offer to remember.
 */
export async function resolveDeployTarget(services: Services, fromNode?: FunctionRef): Promise<WorkspaceBinding> {
  const root = workspaceRoot();
  if (!root) throw new ReleaseError('validation', 'Open a folder first: deploy packages the workspace folder.');
  const stored = readBinding();
  if (fromNode && stored && sameFunction(stored.ref, fromNode)) return stored;
  if (!fromNode && stored) return stored;

  const ref = fromNode ?? (await pickFunction(services));
  const folder = await pickSourceFolder(root);
  // The stored alias belongs to the stored function: another function starts without one.
  const alias = stored && sameFunction(stored.ref, ref) ? stored.alias : undefined;
  const binding: WorkspaceBinding = { ref, sourceFolder: resolveSourceFolder(root, folder), alias, chosenHere: true };
  const remember = await vscode.window.showInformationMessage(
    `Deploy this workspace to ${ref.functionName} (${ref.target.profile}, ${ref.target.region}) from now on?`,
    'Remember',
    'Just this time',
  );
  if (remember === 'Remember') await writeBinding({ ref, sourceFolder: folder, alias: alias ?? '' });
  return binding;
}

export function sameFunction(a: FunctionRef, b: FunctionRef): boolean {
  return a.functionName === b.functionName && a.target.profile === b.target.profile && a.target.region === b.target.region;
}

async function pickSourceFolder(root: string): Promise<string> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(root));
  const folders = entries.filter(([name, type]) => type === vscode.FileType.Directory && !name.startsWith('.') && name !== 'node_modules').map(([name]) => name);
  if (!folders.length) return '.';
  const choice = await vscode.window.showQuickPick(
    [{ label: '.', description: 'the whole workspace folder' }, ...folders.sort().map((name) => ({ label: name }))],
    { title: 'Lambda: which folder holds the function code?', placeHolder: 'Source folder (packaged as the zip root)' },
  );
  if (!choice) throw new CancelledError();
  return choice.label;
}
