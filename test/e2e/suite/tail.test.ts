/**
 * "Stop Tailing Logs" (issue 5) through the real command: a tail of the seeded function's log
 * group (moto has no StartLiveTail, so the extension polls FilterLogEvents) is running, and the
 * command ends it. Starting a tail from the tree (its filter-pattern input box) and reading the
 * seeded events in the "Lambda Logs: orders-api" output channel is driven through the UI in
 * test/e2e/ui/release.ui.ts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, waitFor } from './extensionUnderTest';
import { target } from './target';

describe('log tails (real extension host, moto)', () => {
  it('"Stop Tailing Logs" stops the running tail', async () => {
    const api = await activatedApi();
    const { profile, region, functionName } = target();
    api.tails.start({ ref: { target: { profile, region }, functionName }, scope: 'all versions' });
    assert.deepEqual(api.tails.active().map((t) => t.label), [`${functionName} (all versions)`]);

    await vscode.commands.executeCommand('lambdaRelease.stopTailing');

    await waitFor('no running tail', () => (api.tails.active().length === 0 ? true : undefined));
  });
});
