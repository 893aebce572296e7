/**
 * Filter Functions… and Clear Filter in the real extension host narrow the function list already
 * loaded: the extension's requests go through a counting proxy in front of moto (set as
 * lambdaRelease.endpointUrl, a user setting, for this file) and ListFunctions is counted. moto answers a listing in
 * one page, so a count here is a sweep; against AWS a sweep of 1,000 functions is 20 requests.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../src/tree/nodes/TreeNode';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { activatedApi, e2eEnv, labelOf, waitFor } from './extensionUnderTest';
import { child, target } from './target';

describe('filtering the explorer (real extension host, ListFunctions counted through a proxy in front of moto)', () => {
  let proxy: FaultProxy;
  const settings = () => vscode.workspace.getConfiguration('lambdaRelease');

  before(async () => {
    proxy = await startFaultProxy(e2eEnv('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'));
    const api = await activatedApi();
    await settings().update('endpointUrl', proxy.url, vscode.ConfigurationTarget.Global);
    // The setting reached the clients (the configuration event also refreshed the tree).
    await waitFor('the endpoint setting', () => (api.services.aws().endpointFor(target().profile) === proxy.url ? true : undefined));
  });

  after(async () => {
    const api = await activatedApi();
    await api.tree.setFilter('');
    await settings().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await proxy?.close();
  });

  const labels = (nodes: TreeNode[]) => nodes.map(labelOf);

  it('filter, change the filter, clear it: the loaded list is narrowed, no ListFunctions; Refresh lists again', async () => {
    const api = await activatedApi();
    const { profile, functionName } = target();
    await vscode.commands.executeCommand('lambdaRelease.refresh');
    proxy.clearLog();

    const profileNode = await child(api, undefined, profile);
    const all = await api.tree.getChildren(profileNode);
    assert.ok(labels(all).includes(functionName));
    assert.equal(proxy.count('ListFunctions'), 1, 'the first expand lists the functions');

    const needle = functionName.slice(0, Math.max(3, functionName.length - 2)).toUpperCase();
    await api.tree.setFilter(needle);
    const filtered = await api.tree.getChildren(profileNode);
    const [first, ...rest] = filtered;
    const item = first.getTreeItem();
    assert.equal(labelOf(first), `Filter: "${needle}"`, 'the first row names the filter as typed');
    assert.equal(item.contextValue, 'lambdaRelease.filter', 'its inline button is Clear Function Filter');
    assert.equal(item.description, `${rest.length} of ${all.length} shown`);
    assert.ok(labels(rest).includes(functionName) && rest.every((n) => labelOf(n).toLowerCase().includes(needle.toLowerCase())));

    await api.tree.setFilter('no-such-function');
    const none = await api.tree.getChildren(profileNode);
    assert.deepEqual(labels(none), ['Filter: "no-such-function"', `No function matches "no-such-function" (${all.length} hidden)`]);

    await vscode.commands.executeCommand('lambdaRelease.clearFilter');
    assert.deepEqual(labels(await api.tree.getChildren(profileNode)), labels(all), 'cleared: the same list, no filter row');
    const afterFiltering = proxy.count('ListFunctions');
    assert.equal(afterFiltering, 1, 'three filter changes sent no ListFunctions request');

    await vscode.commands.executeCommand('lambdaRelease.refresh');
    await api.tree.getChildren(await child(api, undefined, profile));
    assert.equal(proxy.count('ListFunctions'), 2, 'Refresh lists again');
    console.log(`      [figure] ${all.length} functions: expand + 3 filter changes = ${afterFiltering} ListFunctions sweep (a sweep per change would be 4); Refresh +1`);
  });
});
