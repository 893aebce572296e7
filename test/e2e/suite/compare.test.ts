/**
 * "Compare With Previous Version" (issue 5) from a version node of the real tree: VS Code's diff
 * editor opens on the extension's read-only virtual documents, titled `orders-api 1 ↔ 2`, and
 * the documents show each version's code identity as moto reports it, with environment values
 * masked. ("Compare With…", which asks with a quick pick, is driven in test/e2e/ui/release.ui.ts.)
 */
import * as assert from 'node:assert/strict';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import { activatedApi, waitFor } from './extensionUnderTest';
import { motoLambda, target, versionNode } from './target';

describe('compare versions (real extension host, moto)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a diff editor titled "orders-api 1 ↔ 2" on the two versions\' normalised configurations', async () => {
    const api = await activatedApi();
    const { functionName } = target();
    await vscode.commands.executeCommand('lambdaRelease.compareWithPrevious', await versionNode(api, '2'));

    const title = `${functionName} 1 ↔ 2`;
    const tab = await waitFor(`a tab "${title}"`, () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === title));
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'the tab is a diff editor');
    const { original, modified } = tab.input;
    assert.equal(original.scheme, 'lambda-config');
    assert.equal(modified.scheme, 'lambda-config');
    assert.equal(tab.isActive, true, 'the diff is the active tab');

    const lambda = motoLambda();
    try {
      for (const [uri, version] of [[original, '1'], [modified, '2']] as const) {
        const text = (await vscode.workspace.openTextDocument(uri)).getText();
        const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }));
        assert.ok(config.CodeSha256 && text.includes(config.CodeSha256), `version ${version}'s document shows its CodeSha256 ${config.CodeSha256}`);
        for (const [name, value] of Object.entries(config.Environment?.Variables ?? {})) {
          assert.ok(text.includes(name), `variable ${name} is listed`);
          assert.ok(!text.includes(value), `the value of ${name} is masked`);
        }
        assert.ok(Object.keys(config.Environment?.Variables ?? {}).length > 0, 'the seeded version has environment variables to mask');
      }
    } finally {
      lambda.destroy();
    }
  });
});
