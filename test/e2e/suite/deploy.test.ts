/**
 * "Deploy Workspace" (issue 3) run as the context menu runs it: the real command with the tree's
 * function node, in the real extension host, against moto. The workspace is bound to the seeded
 * orders-api through its settings, so the command asks nothing; lambdaRelease.publishOnDeploy is
 * off here (the description input box and the published version are driven through the UI in
 * test/e2e/ui/release.ui.ts). Assertions read moto through an independent SDK client.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { GetFunctionCommand, ListVersionsByFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import { buildPackage } from '../../../src/release/packaging';
import { targetIdentity } from '../../../src/ui/bindingConsent';
import { activatedApi } from './extensionUnderTest';
import { functionNode, motoLambda, target, versionLabels, workspaceFolder } from './target';

const DEPLOY = 'lambdaRelease.deployWorkspace';

describe('deploy workspace (real extension host, moto)', () => {
  let lambda: LambdaClient;

  before(async () => {
    lambda = motoLambda();
    // The workspace's binding comes from its settings: its first deploy asks in a modal (issue 16),
    // which test/e2e/ui/release.ui.ts answers in the workbench. Here it counts as confirmed.
    const { profile, region, functionName } = target();
    await (await activatedApi()).rememberTargets([targetIdentity({ target: { profile, region }, functionName }, workspaceFolder())]);
    await vscode.workspace.getConfiguration('lambdaRelease').update('publishOnDeploy', false, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('lambdaRelease').update('publishOnDeploy', undefined, vscode.ConfigurationTarget.Workspace);
    lambda.destroy();
  });

  const code = async () => (await lambda.send(new GetFunctionCommand({ FunctionName: target().functionName }))).Configuration?.CodeSha256;
  const location = async () => (await lambda.send(new GetFunctionCommand({ FunctionName: target().functionName }))).Code?.Location;
  const publishedVersions = async () =>
    ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: target().functionName }))).Versions ?? []).map((v) => v.Version ?? '').sort();

  it('deploys the bound workspace from the function node: $LATEST CodeSha256 becomes the zip\'s SHA-256, nothing is published', async () => {
    const api = await activatedApi();
    const pkg = await buildPackage(workspaceFolder());
    const zipHash = createHash('sha256').update(pkg.zip).digest('base64');
    const seededHash = await code();
    const versionsBefore = await publishedVersions();
    assert.notEqual(seededHash, zipHash, 'the seeded code differs from the workspace');
    assert.ok(pkg.selection.files.some((f) => f.relativePath === 'index.mjs'), 'the handler is packaged');
    assert.ok(!pkg.selection.files.some((f) => f.relativePath.startsWith('.vscode/')), 'workspace settings stay out of the zip');

    await vscode.commands.executeCommand(DEPLOY, await functionNode(api));

    assert.equal(await code(), zipHash);
    assert.deepEqual(await publishedVersions(), versionsBefore, 'publishOnDeploy off: no new version');
    assert.deepEqual((await versionLabels(api)).sort(), versionsBefore, 'the tree re-read lists the same versions');
  });

  it('a second deploy of unchanged files uploads nothing (moto gives every upload a new Code.Location)', async () => {
    const api = await activatedApi();
    const before = { sha: await code(), location: await location(), versions: await publishedVersions() };

    await vscode.commands.executeCommand(DEPLOY, await functionNode(api));

    assert.deepEqual({ sha: await code(), location: await location(), versions: await publishedVersions() }, before);
  });
});
