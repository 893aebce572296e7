/**
 * The packaged manifest and activation, checked in a real VS Code extension host: the extension
 * loads from the development path, stays inactive until its view is opened (implicit activation,
 * DESIGN.md rule 6), registers every command its manifest declares, and its tree lists the
 * profiles of the AWS config files that scripts/run-e2e.mjs wrote and passed through the host's
 * environment.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, e2eEnv, extensionUnderTest, labelOf, waitFor } from './extensionUnderTest';

interface ManifestCommand {
  command: string;
}

// Read while mocha loads the test files, before any test of any file has run.
const activeWhenTestsLoaded = extensionUnderTest().isActive;

describe('activation (real extension host)', () => {
  it('is loaded from the development path with the manifest the view needs', () => {
    const extension = extensionUnderTest();
    const manifest = extension.packageJSON as { contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string }[]> } };
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), ['lambdaRelease']);
    assert.ok(manifest.contributes.views.lambdaRelease.some((v) => v.id === 'lambdaRelease.explorer'), 'view lambdaRelease.explorer is contributed');
    assert.equal(extension.extensionUri.scheme === 'file' || extension.extensionUri.scheme === 'vscode-remote', true);
  });

  it('is not active before its view or a command is used', () => {
    // Fresh user data: the window shows the Explorer, so nothing has asked for the extension yet.
    assert.equal(activeWhenTestsLoaded, false);
  });

  it('activates when the Lambda Releases view is opened', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.lambdaRelease');
    await waitFor('activation after opening the view', () => (extensionUnderTest().isActive ? true : undefined));
    const api = extensionUnderTest().exports;
    assert.equal(typeof api.tree.getChildren, 'function', 'activate() returns the tree provider');
  });

  it('registers every command its manifest contributes', async () => {
    await activatedApi();
    const declared = (extensionUnderTest().packageJSON.contributes.commands as ManifestCommand[]).map((c) => c.command);
    for (const id of ['lambdaRelease.refresh', 'lambdaRelease.filterFunctions', 'lambdaRelease.copyArn']) {
      assert.ok(declared.includes(id), `manifest declares ${id}`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'declared commands without a registration');
  });

  it('lists the profiles of the AWS config files given through the host environment', async () => {
    const expected = e2eEnv('LAMBDA_RELEASE_E2E_PROFILES').split(',');
    assert.ok(e2eEnv('AWS_CONFIG_FILE'), 'AWS_CONFIG_FILE reached the extension host');
    const api = await activatedApi();
    const roots = await api.tree.getChildren();
    assert.deepEqual(roots.map(labelOf), expected);
  });

  it('refreshes through its command without losing the profiles', async () => {
    const api = await activatedApi();
    const before = (await api.tree.getChildren()).map(labelOf);
    let fired = 0;
    const subscription = api.tree.onDidChangeTreeData(() => fired++);
    try {
      await vscode.commands.executeCommand('lambdaRelease.refresh');
    } finally {
      subscription.dispose();
    }
    assert.ok(fired >= 1, 'refresh fires onDidChangeTreeData');
    assert.deepEqual((await api.tree.getChildren()).map(labelOf), before);
  });
});
