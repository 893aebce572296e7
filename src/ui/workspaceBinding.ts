/**
 * The function this workspace deploys to, stored in workspace settings (.vscode/settings.json):
 * lambdaRelease.target.{profile, region, function, alias, sourceFolder} for one target, or
 * lambdaRelease.targets for several (src/ui/workspaceTargets.ts). With several, "the bound
 * function" is the active editor's target (src/ui/activeTarget.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, ReleaseError } from '../release/errors';
import type { Services } from '../services';
import type { FunctionRef } from '../aws/types';
import type { WorkspaceTarget } from '../release/targets';
import { currentTarget, targetForCommand } from './activeTarget';
import { pickFunction } from './pickers';
import { writeTarget } from './targetSettings';
import { workspaceTargets } from './workspaceTargets';

export interface WorkspaceBinding {
  ref: FunctionRef;
  /** Alias the status bar shows and releases move; may be empty. */
  alias?: string;
  /** Absolute path of the folder to package (the first, when the target has several). */
  sourceFolder: string;
  /** The user chose this target in the command that resolved it (another function's node, quick picks, "Remember"). */
  chosenHere?: boolean;
  /** The workspace target this binding is: its folders, build, requirements and excludes. */
  target?: WorkspaceTarget;
}

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/**
 * The bound target (the active editor's, when the workspace has several), or undefined when the
 * workspace is not bound. A target the settings describe wrongly (a folder outside the workspace)
 * is reported here when it is the only thing there is.
 */
export function readBinding(): WorkspaceBinding | undefined {
  const active = currentTarget();
  if (active) return bindingOf(active.target);
  const [problem] = workspaceTargets().problems;
  if (problem) throw new ReleaseError('validation', problem, { hint: 'Fix the target in .vscode/settings.json, or run "Bind Workspace to Function…".' });
  return undefined;
}

export function bindingOf(target: WorkspaceTarget): WorkspaceBinding {
  return { ref: target.ref, alias: target.alias, sourceFolder: target.sourceFolders[0] ?? target.root, target };
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

/** Stores a target: edits the one of this function, replaces the single target, or adds one (`mode`). */
export async function writeBinding(binding: { ref: FunctionRef; alias?: string; sourceFolder?: string }, mode: 'add' | 'replace' = 'replace'): Promise<void> {
  await writeTarget(binding, mode);
}

/**
 * The binding to deploy with. A node given from the tree wins (and, if the workspace is bound to
 * another function, is used for this once); otherwise the stored binding; otherwise ask with quick
 * picks and offer to remember.
 */
export async function resolveDeployTarget(services: Services, fromNode?: FunctionRef): Promise<WorkspaceBinding> {
  const root = workspaceRoot();
  if (!root) throw new ReleaseError('validation', 'Open a folder first: deploy packages the workspace folder.');
  // A target of this workspace: the node's function, else the active editor's (or ask among several).
  const known = fromNode ? workspaceTargets().targets.find((t) => sameFunction(t.ref, fromNode)) : await targetForCommand('Lambda: deploy which target?');
  if (known) return bindingOf(known);
  const stored = readBinding();
  if (fromNode && stored && sameFunction(stored.ref, fromNode)) return stored;
  if (!fromNode && stored) return stored;

  const ref = fromNode ?? (await pickFunction(services));
  const folder = await pickSourceFolder(root);
  // The stored alias belongs to the stored function: another function starts without one.
  const alias = stored && sameFunction(stored.ref, ref) ? stored.alias : undefined;
  const binding: WorkspaceBinding = { ref, sourceFolder: resolveSourceFolder(root, folder), alias, chosenHere: true };
  if (workspaceTargets().targets.length) {
    // The workspace deploys elsewhere already: this function can become one more target.
    const add = await vscode.window.showInformationMessage(
      `Add ${ref.functionName} (${ref.target.profile}, ${ref.target.region}) from folder ${folder} as another deploy target of this workspace?`,
      'Add Target',
      'Just this time',
    );
    if (add === 'Add Target') await writeBinding({ ref, sourceFolder: folder, alias: alias ?? '' }, 'add');
    return binding;
  }
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

export async function pickSourceFolder(root: string): Promise<string> {
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
