/**
 * The seeded function the e2e workspace is bound to (test/e2e/fixtures/environment.ts), seen two
 * ways: as nodes of the extension's own tree, and through a LambdaClient of the real SDK against
 * the same moto_server, which is what the tests assert against.
 */
import * as path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/tree/nodes/TreeNode';
import { TEST_KEYS } from '../../support/awsConfig';
import { e2eEnv, labelOf } from './extensionUnderTest';

export function target(): { profile: string; region: string; functionName: string; alias: string } {
  return {
    profile: e2eEnv('LAMBDA_RELEASE_E2E_PROFILE'),
    region: e2eEnv('LAMBDA_RELEASE_E2E_REGION'),
    functionName: e2eEnv('LAMBDA_RELEASE_E2E_FUNCTION'),
    alias: e2eEnv('LAMBDA_RELEASE_E2E_ALIAS'),
  };
}

/** A client of the real SDK on moto, independent of the extension's own clients. */
export function motoLambda(): LambdaClient {
  const { accessKeyId, secretAccessKey } = TEST_KEYS;
  return new LambdaClient({ endpoint: e2eEnv('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: target().region, credentials: { accessKeyId, secretAccessKey } });
}

/** The folder the window has open (a fresh copy of test/e2e/fixtures/workspace). */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('the e2e window has no workspace folder');
  // The host sees the same file system as scripts/run-e2e.mjs.
  if (path.resolve(folder) !== path.resolve(e2eEnv('LAMBDA_RELEASE_E2E_WORKSPACE'))) throw new Error(`unexpected workspace ${folder}`);
  return folder;
}

/** The child of `parent` (a root when undefined) labelled `label`; children are re-read each call. */
export async function child(api: ExtensionApi, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  const children = await api.tree.getChildren(parent);
  const found = children.find((node) => labelOf(node) === label);
  if (!found) throw new Error(`no node "${label}" under ${parent ? labelOf(parent) : 'the root'}: ${children.map(labelOf).join(', ')}`);
  return found;
}

/** profile → function, from the tree (the nodes a context-menu command receives). */
export async function functionNode(api: ExtensionApi): Promise<TreeNode> {
  const { profile, functionName } = target();
  return child(api, await child(api, undefined, profile), functionName);
}

/** The labels of the function's "Versions" folder, re-read (expanding a function reloads its details). */
export async function versionLabels(api: ExtensionApi): Promise<string[]> {
  const versions = await child(api, await functionNode(api), 'Versions');
  return (await api.tree.getChildren(versions)).map(labelOf);
}

/** The node of one version under "Versions". */
export async function versionNode(api: ExtensionApi, version: string): Promise<TreeNode> {
  return child(api, await child(api, await functionNode(api), 'Versions'), version);
}
