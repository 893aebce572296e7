/**
 * Releasing as a person does it in the real workbench (issues 3, 4, 5), driven with playwright:
 * context menus of the tree, the description input box, version quick picks, the protected-alias
 * modal, the status bar, the diff editor and the Output panel. Each step asserts what moto holds
 * afterwards through an independent SDK client, and saves the screenshot its name describes.
 *
 * The steps run in this order, after the in-host suite (which deployed the workspace without
 * publishing) on the same moto: deploy + publish, deploy again (already deployed), repoint prod,
 * canary on prod, compare, tail. Each reads the state it starts from instead of assuming it.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import type { Locator, Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import { putLogEvents } from '../../support/seed';
import type { UiContext, UiTest } from './types';
import {
  clearNotifications,
  expand,
  modalDialog,
  notification,
  openViewContainer,
  outputText,
  pickItem,
  quickInputTitled,
  runFromContextMenu,
  runFromPalette,
  statusBarItem,
  treeRowAt,
  waitForText,
} from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const fn = () => env('LAMBDA_RELEASE_E2E_FUNCTION');
const region = () => env('LAMBDA_RELEASE_E2E_REGION');

async function withLambda<T>(task: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const { accessKeyId, secretAccessKey } = TEST_KEYS;
  const lambda = new LambdaClient({ endpoint: env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: region(), credentials: { accessKeyId, secretAccessKey } });
  try {
    return await task(lambda);
  } finally {
    lambda.destroy();
  }
}

/** Published version numbers, ascending (no $LATEST). */
const publishedVersions = () =>
  withLambda(async (lambda) =>
    ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn() }))).Versions ?? [])
      .map((v) => v.Version ?? '')
      .filter((v) => v !== '$LATEST')
      .sort((a, b) => Number(a) - Number(b)),
  );

const configuration = (qualifier?: string) => withLambda((lambda) => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn(), Qualifier: qualifier })));

const getAlias = (name: string) =>
  withLambda(async (lambda) => {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn(), Name: name }));
    return { version: alias.FunctionVersion ?? '', routing: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  });

/** The side bar with profile → function → Aliases and Versions expanded; returns the side bar. */
async function expandedFunction(page: Page): Promise<Locator> {
  const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
  await expand(await treeRowAt(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'), 1));
  await expand(await treeRowAt(sideBar, fn(), 2));
  await expand(await treeRowAt(sideBar, 'Aliases', 3));
  await expand(await treeRowAt(sideBar, 'Versions', 3));
  return sideBar;
}

/** Moves the mouse to an empty part of the title bar, so no hover covers what a screenshot shows. */
async function calm(page: Page): Promise<void> {
  await page.mouse.move(1100, 17);
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Waits until no deploy progress toast of the function is left (it closes when the deploy ends). */
async function deployProgressGone(page: Page): Promise<void> {
  await page.locator('.notifications-toasts .notification-toast', { hasText: `Deploying to ${fn()}` }).waitFor({ state: 'detached', timeout: 30_000 });
}

/** A screenshot of the status bar alone (next to the full-window one). */
async function statusBarScreenshot(ctx: UiContext, name: string): Promise<void> {
  const file = join(ctx.screenshotDir, `${name}.png`);
  await ctx.page.locator('.part.statusbar').screenshot({ path: file });
  console.log(`    screenshot: ${file}`);
}

export const releaseUiTests: UiTest[] = [
  {
    name: 'deploy from the function\'s context menu with a description publishes a new version that the tree lists (issue 3)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await expandedFunction(page);
      const before = await publishedVersions();
      // The in-host suite deployed this workspace already: change a file so there is something to ship.
      writeFileSync(join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), 'release.json'), `${JSON.stringify({ release: 'e2e-ui' })}\n`);
      await clearNotifications(page);

      await runFromContextMenu(await treeRowAt(sideBar, fn(), 2), 'Deploy Workspace');
      // The binding comes from the workspace's settings: the first deploy on this machine asks (issue 16).
      const confirm = await modalDialog(page, `Deploy to ${fn()} in account`);
      const question = (await confirm.innerText()).replace(/\s+/g, ' ');
      assert.match(question, new RegExp(`${fn()} · profile ${env('LAMBDA_RELEASE_E2E_PROFILE')} · region ${region()} · account \\d{12}`), 'names function, profile, region and account');
      assert.match(question, /\.vscode\/settings\.json binds this workspace/, 'says where the binding comes from');
      assert.match(question, /replaces the function's \$LATEST code/);
      await calm(page);
      await ctx.screenshot('binding-confirmation-modal');
      await confirm.locator('.monaco-button', { hasText: /^Deploy$/ }).click();
      const input = await quickInputTitled(page, `Publish a version of ${fn()}`);
      await input.locator('input').fill('e2e: deployed from the tree');
      await input.locator('input').press('Enter');
      const message = await notification(page, /published version \d+/);
      const version = /published version (\d+)/.exec(message)?.[1] ?? '';

      assert.deepEqual(await publishedVersions(), [...before, version], 'exactly one new version');
      const [latest, published] = [await configuration(), await configuration(version)];
      assert.equal(published.CodeSha256, latest.CodeSha256, 'the new version holds the deployed code');
      assert.equal(published.Description, 'e2e: deployed from the tree');
      await treeRowAt(sideBar, version, 4);
      await deployProgressGone(page);
      await calm(page);
      await ctx.screenshot('deploy-published-version');
    },
  },
  {
    name: 'deploying unchanged files again from the palette (F1) says "already deployed" and publishes nothing (issue 3)',
    async run(ctx) {
      const { page } = ctx;
      await expandedFunction(page);
      const before = { versions: await publishedVersions(), sha: (await configuration()).CodeSha256 };
      await clearNotifications(page);

      await runFromPalette(page, 'Lambda: Deploy Workspace');
      // No description is asked: the zip's hash equals CodeSha256, so nothing is published.
      // Any end-of-deploy message (or a description prompt, which would be wrong) ends the wait.
      const message = await notification(page, /already|published|nothing uploaded/);
      assert.equal(await page.locator('.quick-input-widget', { hasText: `Publish a version of ${fn()}` }).isVisible(), false, 'asked for a description of a deploy that publishes nothing');

      assert.match(message, /already deployed/);
      await deployProgressGone(page);
      assert.deepEqual({ versions: await publishedVersions(), sha: (await configuration()).CodeSha256 }, before);
      await calm(page);
      await ctx.screenshot('deploy-already-deployed');
    },
  },
  {
    name: 'repointing prod from its context menu asks in the protected-alias modal, moves it, and the status bar follows (issue 4)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await expandedFunction(page);
      const alias = env('LAMBDA_RELEASE_E2E_ALIAS');
      const from = await getAlias(alias);
      const versions = await publishedVersions();
      // The newest version is kept for the canary step; prod rolls forward to the one before it.
      const to = versions[versions.length - 2];
      assert.notEqual(to, from.version, `seeded ${alias} → ${from.version} should differ from ${to}`);
      await statusBarItem(page, `${fn()}:${alias} → ${from.version}`);
      await clearNotifications(page);

      await runFromContextMenu(await treeRowAt(sideBar, alias, 4), 'Repoint Alias…');
      await pickItem(await quickInputTitled(page, `Point ${alias} (now → ${from.version}) at`), to);
      const dialog = await modalDialog(page, `alias "${alias}" of ${fn()}`);
      const question = await dialog.innerText();
      assert.match(question, new RegExp(`from ${from.version}\\b.* to ${to}\\b`), 'the modal names the current and the new version');
      await calm(page);
      assert.match(question, /Profile \w+ · region [a-z0-9-]+/, 'the modal says which profile and region');
      await ctx.screenshot('alias-protected-modal');
      await dialog.locator('.monaco-button', { hasText: /^Move$/ }).click();

      const item = await statusBarItem(page, new RegExp(`${fn()}:${alias} → ${to}$`));
      assert.deepEqual(await getAlias(alias), { version: to, routing: {} });
      assert.equal((await item.innerText()).trim(), `${fn()}:${alias} → ${to}`);
      await calm(page);
      await ctx.screenshot('alias-repointed-status-bar');
    },
  },
  {
    name: 'shifting 10% of prod to the newest version shows the canary in the status bar (issue 4)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await expandedFunction(page);
      const alias = env('LAMBDA_RELEASE_E2E_ALIAS');
      const primary = (await getAlias(alias)).version;
      const versions = await publishedVersions();
      const canary = versions[versions.length - 1];
      assert.notEqual(canary, primary);
      await clearNotifications(page);

      await runFromContextMenu(await treeRowAt(sideBar, alias, 4), 'Shift Traffic (Canary)…');
      await pickItem(await quickInputTitled(page, `Send part of ${alias}'s traffic`), canary);
      const percent = await quickInputTitled(page, `Canary: ${alias} → ${canary}`);
      await percent.locator('input').fill('10');
      await percent.locator('input').press('Enter');
      const dialog = await modalDialog(page, `Send 10% of alias "${alias}"`);
      await dialog.locator('.monaco-button', { hasText: /^Shift Traffic$/ }).click();

      await statusBarItem(page, new RegExp(`${fn()}:${alias} → ${primary} · 10% → ${canary}$`));
      assert.deepEqual(await getAlias(alias), { version: primary, routing: { [canary]: 0.1 } });
      await notification(page, new RegExp(`${alias} → ${primary} \\(10% → ${canary}\\)`));
      await calm(page);
      await ctx.screenshot('status-bar-canary');
      await statusBarScreenshot(ctx, 'status-bar-canary-closeup');
    },
  },
  {
    name: '"Compare With…" on version 1, answered in its quick pick, opens the diff editor "orders-api 1 ↔ 2" (issue 5)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await expandedFunction(page);
      await clearNotifications(page);
      await runFromContextMenu(await treeRowAt(sideBar, '1', 4), 'Compare With…');
      await pickItem(await quickInputTitled(page, `Compare ${fn()} 1 with`), '2');

      const title = `${fn()} 1 ↔ 2`;
      const tab = page.locator('.tabs-container .tab.active', { hasText: title });
      await tab.waitFor({ timeout: 30_000 });
      const diff = page.locator('.editor-instance .monaco-diff-editor').first();
      await diff.waitFor({ state: 'visible', timeout: 30_000 });
      // Both sides are rendered from the virtual documents: their CodeSha256 lines are on screen.
      const [v1, v2] = [await configuration('1'), await configuration('2')];
      const text = await waitForText('both CodeSha256 values in the diff', async () => (await diff.innerText()).replace(/\u00a0/g, ' '), new RegExp(`${escape(v1.CodeSha256)}[\\s\\S]*${escape(v2.CodeSha256)}|${escape(v2.CodeSha256)}[\\s\\S]*${escape(v1.CodeSha256)}`));
      assert.match(text, /sha256:/, 'the code identity is part of the documents');
      await calm(page);
      await ctx.screenshot('compare-diff-editor');
    },
  },
  {
    name: '"Tail Logs" on the function streams seeded events into "Lambda Logs: orders-api"; "Stop Tailing Logs" (F1) ends it (issue 5)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await expandedFunction(page);
      const stamp = Date.now().toString(36);
      const messages = [`START RequestId: e2e-${stamp} Version: $LATEST`, `GET /orders/e2e-${stamp} 200 7ms`, `END RequestId: e2e-${stamp}`];
      await putLogEvents(env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region(), fn(), [{ version: '$LATEST', messages }]);
      await clearNotifications(page);
      await runFromPalette(page, 'View: Close All Editors');
      await page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ state: 'detached', timeout: 15_000 });

      await runFromContextMenu(await treeRowAt(sideBar, fn(), 2), 'Tail Logs');
      const input = await quickInputTitled(page, `Tail ${fn()}`);
      await input.locator('input').press('Enter');

      const channel = `Lambda Logs: ${fn()}`;
      await waitForText('the Output view to show the channel', () => selectedOutputChannel(page), new RegExp(`^${escape(channel)}$`, 'm'));
      const shown = await waitForText('the seeded events in the output channel', () => outputText(page), new RegExp(messages.map(escape).join('[\\s\\S]*')));
      for (const message of messages) assert.equal(shown.split(message).length - 1, 1, `"${message}" shown once`);
      await calm(page);
      await ctx.screenshot('tail-output-channel');

      await runFromPalette(page, 'Lambda: Stop Tailing Logs');
      await waitForText('the tail to stop', () => outputText(page), /stopped after \d+ s: \d+ events?/);
      await calm(page);
      await ctx.screenshot('tail-stopped');
    },
  },
];

/** The channel picked in the Output view's drop-down (a <select> behind VS Code's custom list). */
async function selectedOutputChannel(page: Page): Promise<string> {
  const selected = await page.locator('.part.panel select').evaluateAll((selects) =>
    selects.map((s) => (s as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions[0]?.text ?? '').filter(Boolean),
  );
  return selected.join('\n');
}

function escape(text: string | undefined): string {
  return (text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
