/**
 * Invoke and the smoke gate as a person uses them in the real workbench (issue 10), after the
 * release steps on the same moto. moto echoes the payload unless results are queued through
 * POST /moto-api/static/lambda-simple/response: each step queues what "the function" answers.
 * The saved events are written into the workspace by the step and removed after it, so the other
 * steps never run a smoke gate. Alias state is read back from moto through an independent client.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import type { Locator, Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import type { UiTest } from './types';
import { clearNotifications, expand, modalDialog, notification, openViewContainer, outputText, pickItem, quickInputTitled, runFromContextMenu, runFromPalette, treeRowAt, waitForText } from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const fn = () => env('LAMBDA_RELEASE_E2E_FUNCTION');
const region = () => env('LAMBDA_RELEASE_E2E_REGION');
const eventsDir = () => join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), '.lambda', 'events', fn());

async function withLambda<T>(task: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const lambda = new LambdaClient({ endpoint: env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: region(), credentials: { ...TEST_KEYS } });
  try {
    return await task(lambda);
  } finally {
    lambda.destroy();
  }
}

const getAlias = (name: string) =>
  withLambda(async (lambda) => {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn(), Name: name }));
    return { version: alias.FunctionVersion ?? '', routing: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  });

const newestVersion = () =>
  withLambda(async (lambda) =>
    ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn() }))).Versions ?? [])
      .map((v) => v.Version ?? '')
      .filter((v) => v !== '$LATEST')
      .sort((a, b) => Number(b) - Number(a))[0],
  );

/** What the next invocations return (moto hands them out in order). */
async function queueResults(results: unknown[]): Promise<void> {
  const response = await fetch(`${env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT')}/moto-api/static/lambda-simple/response`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results: results.map((r) => JSON.stringify(r)), region: region() }),
  });
  assert.equal(response.status, 201);
}

function writeEvents(files: Record<string, unknown>): void {
  mkdirSync(eventsDir(), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(eventsDir(), name), `${JSON.stringify(content, null, 2)}\n`);
}

async function expandedFunction(page: Page): Promise<Locator> {
  const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
  await expand(await treeRowAt(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'), 1));
  await expand(await treeRowAt(sideBar, fn(), 2));
  await expand(await treeRowAt(sideBar, 'Aliases', 3));
  return sideBar;
}

async function calm(page: Page): Promise<void> {
  await page.mouse.move(1100, 17);
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** The text of the active editor (the result document), spaces normalised. */
async function activeEditorText(page: Page): Promise<string> {
  return (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

export const invokeUiTests: UiTest[] = [
  {
    name: 'invoking prod from its context menu with a saved event asks (protected alias) and opens the response with the invocation line (issue 10)',
    async run(ctx) {
      const { page } = ctx;
      const alias = env('LAMBDA_RELEASE_E2E_ALIAS');
      writeEvents({ 'get-order.json': { httpMethod: 'GET', path: '/orders/42' } });
      await queueResults([{ statusCode: 200, body: JSON.stringify({ id: 42, status: 'PAID' }) }]);
      try {
        const sideBar = await expandedFunction(page);
        await runFromPalette(page, 'View: Close All Editors');
        await clearNotifications(page);

        await runFromContextMenu(await treeRowAt(sideBar, alias, 4), 'Invoke…');
        await pickItem(await quickInputTitled(page, `Invoke ${fn()}:${alias} with which payload?`), 'get-order');
        await pickItem(await quickInputTitled(page, `Invoke ${fn()}:${alias}: how?`), 'Synchronous (RequestResponse)');
        const dialog = await modalDialog(page, 'is a protected alias');
        const question = await dialog.innerText();
        assert.match(question, new RegExp(`Profile dev · region ${region()} · function ${fn()} · alias ${alias}`), 'the modal names profile, region, function and alias');
        await dialog.locator('.monaco-button', { hasText: /^Invoke$/ }).click();

        const message = await notification(page, new RegExp(`${fn()}:${alias}.*status 200`));
        assert.match(message, /status 200/);
        await page.locator('.tabs-container .tab.active', { hasText: `${fn()}-${alias}.jsonc` }).waitFor({ timeout: 30_000 });
        const text = await waitForText('the response in the result document', () => activeEditorText(page), /"statusCode": 200/);
        assert.match(text, new RegExp(`// ${fn()}:${alias} · status 200 · round trip \\d+ ms`));
        assert.match(text, /"body": "\{\\"id\\":42,\\"status\\":\\"PAID\\"\}"/);
        await calm(page);
        await ctx.screenshot('invoke-alias-result');

        // One line per invocation in "Lambda Invocations", with where the payload came from.
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `${fn()}:${alias}` }).first();
        await toast.locator('.monaco-button', { hasText: /^Show Invocations$/ }).click();
        // A long line may wrap in the panel: read it with the wraps joined.
        const line = await waitForText('the invocation line', async () => (await outputText(page)).replace(/\n/g, ''), new RegExp(`${fn()}:${alias} · status 200 · round trip \\d+ ms  \\[payload: get-order \\(\\.lambda/events/${fn()}/get-order\\.json\\)\\]`));
        assert.match(line, new RegExp(`\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${fn()}:${alias} · `), 'the line starts with a timestamp');
        await calm(page);
        await ctx.screenshot('invoke-invocations-channel');
      } finally {
        rmSync(eventsDir(), { recursive: true, force: true });
      }
    },
  },
  {
    name: 'a canary whose smoke event fails leaves the alias where it was and says which event and what came back (issue 10)',
    async run(ctx) {
      const { page } = ctx;
      const alias = 'beta';
      const before = await getAlias(alias);
      const version = await newestVersion();
      assert.notEqual(version, before.version, 'the newest version differs from beta');
      writeEvents({ 'smoke-get-order.json': { httpMethod: 'GET', path: '/orders/42' }, 'smoke-get-order.expect.json': { statusCode: 200 } });
      await queueResults([{ statusCode: 500, body: 'orders table not found' }]);
      try {
        const sideBar = await expandedFunction(page);
        await clearNotifications(page);
        await runFromContextMenu(await treeRowAt(sideBar, alias, 4), 'Shift Traffic (Canary)…');
        await pickItem(await quickInputTitled(page, `Send part of ${alias}'s traffic`), version);
        const percent = await quickInputTitled(page, `Canary: ${alias} → ${version}`);
        await percent.locator('input').fill('10');
        await percent.locator('input').press('Enter');

        const message = await notification(page, /failed its smoke test/);
        assert.equal(
          message,
          `Version ${version} of ${fn()} was published but failed its smoke test "smoke-get-order": $.statusCode: expected 200, got 500. ${alias} was not moved. It returned: {"statusCode":500,"body":"orders table not found"}`,
        );
        assert.deepEqual(await getAlias(alias), before, `${alias} unchanged in moto`);
        await calm(page);
        await ctx.screenshot('smoke-failed-alias-unchanged');

        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'failed its smoke test' }).first();
        await toast.locator('.monaco-button', { hasText: /^Show Response$/ }).click();
        await waitForText('the failing response', () => activeEditorText(page), /"statusCode": 500/);
        assert.deepEqual(await getAlias(alias), before, `${alias} still unchanged`);
      } finally {
        rmSync(eventsDir(), { recursive: true, force: true });
        await clearNotifications(page).catch(() => undefined);
      }
    },
  },
  {
    name: 'a Release… whose smoke event fails publishes the new version, stops before beta moves, and says which event and what came back (issue 10)',
    async run(ctx) {
      const { page } = ctx;
      const alias = 'beta';
      const before = await getAlias(alias);
      const newest = await newestVersion();
      const expected = String(Number(newest) + 1);
      writeEvents({ 'smoke-get-order.json': { httpMethod: 'GET', path: '/orders/42' }, 'smoke-get-order.expect.json': { statusCode: 200 } });
      await queueResults([{ statusCode: 500, body: 'orders table not found' }]);
      // A one-line change: the release deploys and publishes a new version.
      writeFileSync(join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), 'release.json'), `${JSON.stringify({ release: 'e2e-smoke' })}\n`);
      try {
        await clearNotifications(page);
        await runFromPalette(page, 'Lambda: Release…');
        await pickItem(await quickInputTitled(page, `Release ${fn()}: move which alias?`), alias);
        await pickItem(await quickInputTitled(page, new RegExp(`^How should ${alias}\\b`)), 'Move fully');
        const input = await quickInputTitled(page, `Publish a version of ${fn()}`);
        await input.locator('input').fill('e2e: smoke-gated release');
        await input.locator('input').press('Enter');
        const plan = await modalDialog(page, `Release ${fn()} to ${alias}?`);
        assert.match(await plan.innerText(), /\d\. Smoke tests/, 'the plan has the smoke step');
        await plan.locator('.monaco-button', { hasText: /^Release$/ }).click();

        // The release's progress has ended; the failure is a modal with the decision's buttons.
        const failed = await modalDialog(page, 'failed its smoke test');
        // The release's progress toast goes once its task has settled (it may still be fading out).
        await page.locator('.notifications-toasts .notification-toast', { hasText: 'Releasing ' }).waitFor({ state: 'detached', timeout: 5_000 });
        const message = await failed.innerText();
        const said = `Version ${expected} of ${fn()} was published but failed its smoke test "smoke-get-order": $.statusCode: expected 200, got 500. ${alias} was not moved. It returned: {"statusCode":500,"body":"orders table not found"}`;
        assert.ok(message.includes(said), `the modal says: ${said}\n(it shows: ${message})`);
        for (const button of ['Show Response', 'Move Anyway', 'Open Event']) {
          assert.equal(await failed.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).count(), 1, `button ${button}`);
        }
        assert.deepEqual(await getAlias(alias), before, `${alias} unchanged in moto`);
        assert.equal(await newestVersion(), expected, 'the new version was published');
        await ctx.screenshot('release-smoke-failed-alias-unchanged');

        // Cancelled (no "Move Anyway"): the release ends there; the message already said what is true.
        await failed.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
        await failed.waitFor({ state: 'detached' });
        assert.deepEqual(await getAlias(alias), before, `${alias} still unchanged`);
        assert.equal(await newestVersion(), expected, 'no further version was published');
        await calm(page);
        await ctx.screenshot('release-smoke-stopped');
      } finally {
        rmSync(eventsDir(), { recursive: true, force: true });
        await clearNotifications(page).catch(() => undefined);
      }
    },
  },
];
