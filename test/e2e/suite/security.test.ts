/**
 * Issue 16 in the real extension host: the e2e workspace's .vscode/settings.json names an endpoint
 * (test/e2e/fixtures/environment.ts, a loopback port nobody listens on), as a cloned repository
 * could. VS Code drops the machine-scoped value, the extension reads the user's value only, finds
 * the workspace's value for its notice, and the tree lists from each profile's endpoint_url (moto).
 * The notice itself is seen and photographed in test/e2e/ui/security.ui.ts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ignoredEndpointMessage, ignoredEndpointSettings } from '../../../src/ui/ignoredWorkspaceSettings';
import { activatedApi, e2eEnv } from './extensionUnderTest';
import { functionNode, target } from './target';

describe('a workspace cannot choose where credentials go (real extension host, issue 16)', () => {
  it('the workspace’s endpointUrl is found for the notice (file and value) but never used', async () => {
    const api = await activatedApi();
    const workspaceEndpoint = e2eEnv('LAMBDA_RELEASE_E2E_WORKSPACE_ENDPOINT');
    const ignored = await ignoredEndpointSettings();
    assert.deepEqual(ignored, [{ file: '.vscode/settings.json', value: workspaceEndpoint }]);
    assert.match(ignoredEndpointMessage(ignored[0]), /^Ignored lambdaRelease\.endpointUrl "http:\/\/127\.0\.0\.1:9" from \.vscode\/settings\.json/);
    const inspected = vscode.workspace.getConfiguration('lambdaRelease').inspect<string>('endpointUrl');
    assert.equal(inspected?.globalValue, undefined, 'the user set none');
    assert.equal(api.services.aws().endpointFor(target().profile), e2eEnv('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), 'the profile’s endpoint_url decides');
  });

  it('the tree lists the bound function from the user’s endpoint', async () => {
    const api = await activatedApi();
    const node = await functionNode(api);
    assert.ok(node, 'orders-api listed under its profile');
  });
});
