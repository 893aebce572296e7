/**
 * "The bound function" when a workspace has several targets: the target of the active editor's
 * file, else the one last used (an editor outside every target keeps the status bar where it
 * was), else the first. Commands that need one and cannot tell ask (bound targets first).
 * Fires when the active target changes, so the status bar follows the editor.
 */
import * as vscode from 'vscode';
import type { WorkspaceTarget } from '../release/targets';
import { sameRef } from '../release/targets';
import { activeEditorTarget, pickTarget, workspaceTargets } from './workspaceTargets';

export interface ActiveTarget {
  target: WorkspaceTarget;
  /** Why it is the one: the active editor's file is in it, it was the last one, or it is the only / first. */
  reason: 'editor' | 'last' | 'first';
  /** How many targets the workspace has. */
  count: number;
}

let lastUsed: WorkspaceTarget | undefined;

/** The current target without asking (status bar, pickers' "bound first"). */
export function currentTarget(): ActiveTarget | undefined {
  const { targets } = workspaceTargets();
  if (!targets.length) return undefined;
  const fromEditor = activeEditorTarget(targets);
  if (fromEditor) {
    lastUsed = fromEditor;
    return { target: fromEditor, reason: 'editor', count: targets.length };
  }
  const last = lastUsed && targets.find((t) => t.name === lastUsed?.name && sameRef(t.ref, lastUsed.ref));
  if (last) return { target: last, reason: 'last', count: targets.length };
  return { target: targets[0], reason: 'first', count: targets.length };
}

/**
 * The target a command acts on: the active editor's, the only one, else the user picks (the one
 * last used first). Undefined when the workspace has none.
 */
export async function targetForCommand(title: string): Promise<WorkspaceTarget | undefined> {
  const { targets } = workspaceTargets();
  if (targets.length <= 1) return targets[0];
  const fromEditor = activeEditorTarget(targets);
  if (fromEditor) return (lastUsed = fromEditor);
  const ordered = lastUsed ? [...targets.filter((t) => t.name === lastUsed?.name), ...targets.filter((t) => t.name !== lastUsed?.name)] : targets;
  return (lastUsed = await pickTarget(ordered, title));
}

/** Fires when the active editor moves to a file of another target (or the targets change). */
export function onDidChangeActiveTarget(listener: () => void): vscode.Disposable {
  let key = keyOf(currentTarget());
  const check = () => {
    const next = keyOf(currentTarget());
    if (next !== key) {
      key = next;
      listener();
    }
  };
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(check),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lambdaRelease') && check()),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
  );
}

function keyOf(active: ActiveTarget | undefined): string {
  return active ? JSON.stringify([active.target.name, active.target.root, active.target.ref]) : '';
}
