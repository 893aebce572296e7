/**
 * Helpers for tests inside the extension host: the extension under test, its exported API, the
 * environment scripts/run-e2e.mjs prepared, and waiting for asynchronous editor state.
 */
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/tree/nodes/TreeNode';

export const EXTENSION_ID = 'lambda-release.lambda-release-manager';

export function extensionUnderTest(): vscode.Extension<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return extension;
}

/** Activates the extension (a no-op when it already is) and returns its API. */
export async function activatedApi(): Promise<ExtensionApi> {
  return extensionUnderTest().activate();
}

/** A variable scripts/run-e2e.mjs sets for the run; fails clearly when the host did not pass it. */
export function e2eEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set in the extension host (run through scripts/run-e2e.mjs)`);
  return value;
}

/** Polls `probe` until it returns a value other than undefined; a wait, not a timed assertion. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The label a node shows, as text. */
export function labelOf(node: TreeNode): string {
  const label = node.getTreeItem().label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}
