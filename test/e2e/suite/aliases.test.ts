/**
 * The status-bar alias indicator (issue 4) follows the workspace binding in workspace settings
 * (lambdaRelease.target.*) and shows what moto's GetAlias says. Moving aliases through the tree's
 * context menu, the version quick pick and the protected-alias modal is driven through the UI in
 * test/e2e/ui/release.ui.ts.
 */
import * as assert from 'node:assert/strict';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import { activatedApi, waitFor } from './extensionUnderTest';
import { motoLambda, target } from './target';

async function getAlias(name: string): Promise<{ version?: string; routing: Record<string, number> }> {
  const lambda = motoLambda();
  try {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: target().functionName, Name: name }));
    return { version: alias.FunctionVersion, routing: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  } finally {
    lambda.destroy();
  }
}

describe('status-bar alias indicator (real extension host, moto)', () => {
  const config = () => vscode.workspace.getConfiguration('lambdaRelease');

  after(async () => {
    await config().update('target.alias', target().alias, vscode.ConfigurationTarget.Workspace);
  });

  it('shows the bound alias as GetAlias reports it, canary weights included', async () => {
    const api = await activatedApi();
    await api.statusBar.refresh();
    const shown = api.statusBar.current;
    assert.ok(shown, 'the bound alias was read');
    assert.equal(shown.binding.ref.functionName, target().functionName);
    const expected = await getAlias(target().alias);
    assert.equal(shown.alias.name, target().alias);
    assert.equal(shown.alias.functionVersion, expected.version);
    assert.deepEqual(Object.fromEntries(shown.alias.routing.map((r) => [r.version, r.weight])), expected.routing);
  });

  it('follows a change of lambdaRelease.target.alias in workspace settings', async () => {
    const api = await activatedApi();
    await config().update('target.alias', 'beta', vscode.ConfigurationTarget.Workspace);
    const shown = await waitFor('the status bar to read alias beta', () => (api.statusBar.current?.alias.name === 'beta' ? api.statusBar.current : undefined));
    assert.equal(shown.alias.functionVersion, (await getAlias('beta')).version);
  });
});
