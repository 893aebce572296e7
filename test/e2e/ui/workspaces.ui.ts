/**
 * Several functions in one workspace (issue 13) in the real workbench: the e2e workspace gets a
 * second target (`payments/` → the sample's payments-worker) next to the bound orders-api, then
 * "Deploy Changed Functions" shows its one picker and deploys what was ticked. What moto holds is
 * read back through an independent SDK client.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import type { UiTest } from './types';
import { createImageFunction, createRepository, pushImage } from '../../support/images';
import { clearNotifications, expand, modalDialog, notification, openViewContainer, quickInputTitled, runFromContextMenu, runFromPalette, statusBarItem, treeRowAt } from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const workspace = () => env('LAMBDA_RELEASE_E2E_WORKSPACE');
const SECOND = 'payments-worker';

async function imageUriOf(functionName: string): Promise<string | undefined> {
  const lambda = new LambdaClient({ endpoint: env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: env('LAMBDA_RELEASE_E2E_REGION'), credentials: { ...TEST_KEYS } });
  try {
    return (await lambda.send(new GetFunctionCommand({ FunctionName: functionName }))).Code?.ImageUri;
  } finally {
    lambda.destroy();
  }
}

async function codeSha256(functionName: string): Promise<string | undefined> {
  const lambda = new LambdaClient({ endpoint: env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: env('LAMBDA_RELEASE_E2E_REGION'), credentials: { ...TEST_KEYS } });
  try {
    return (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }))).CodeSha256;
  } finally {
    lambda.destroy();
  }
}

/** Adds the second target (and its folder) to the workspace settings, once. */
function addSecondTarget(): void {
  const root = workspace();
  mkdirSync(join(root, 'payments'), { recursive: true });
  writeFileSync(join(root, 'payments', 'handler.py'), 'def handler(event, context):\n    return {"settled": True}\n');
  const settingsFile = join(root, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  if (settings['lambdaRelease.targets']) return;
  // orders-api stays bound through the single-target keys (sourceFolder "."): keep payments/ out of its zip.
  appendFileSync(join(root, '.lambdaignore'), 'payments/\n');
  settings['lambdaRelease.targets'] = [{ name: SECOND, profile: env('LAMBDA_RELEASE_E2E_PROFILE'), region: env('LAMBDA_RELEASE_E2E_REGION'), function: SECOND, alias: 'prod', sourceFolder: 'payments' }];
  writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Waits (a while) until a progress toast has faded out, so a screenshot shows what is true now. */
async function progressGone(page: Page, title: string): Promise<void> {
  await page.locator('.notifications-toasts .notification-toast', { hasText: title }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

/** Opens a workspace file by name through Quick Open (Ctrl+P), as a person would. */
async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(relativePath);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: relativePath.split('/').pop() as string }).first().waitFor({ timeout: 15_000 });
  await input.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: relativePath.split('/').pop() as string }).waitFor({ timeout: 15_000 });
}

/** A screenshot of the status bar alone (next to the full-window one). */
async function statusBarShot(ctx: { page: Page; screenshotDir: string }, name: string): Promise<void> {
  const file = join(ctx.screenshotDir, `${name}.png`);
  await ctx.page.locator('.part.statusbar').screenshot({ path: file });
  console.log(`    screenshot: ${file}`);
}

async function calm(page: Page): Promise<void> {
  await page.mouse.move(1100, 17);
}

export const workspacesUiTests: UiTest[] = [
  {
    name: 'Deploy Changed Functions: one picker with the changed target ticked and the unchanged greyed; Enter deploys exactly the ticked one (issue 13)',
    async run(ctx) {
      const { page } = ctx;
      addSecondTarget();
      const before = { second: await codeSha256(SECOND), first: await codeSha256(env('LAMBDA_RELEASE_E2E_FUNCTION')) };
      await clearNotifications(page);
      // The settings file was just written: give the configuration watcher a moment.
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      await runFromPalette(page, 'Lambda: Deploy Changed Functions');
      const picker = await quickInputTitled(page, /Deploy Changed Functions \(\d+ changed/);
      const title = (await picker.locator('.quick-input-title').innerText()).trim();
      const rows = picker.locator('.monaco-list-row');
      await rows.filter({ hasText: SECOND }).first().waitFor({ timeout: 15_000 });
      const text = await picker.innerText();
      assert.match(text, new RegExp(`${SECOND}`), 'the second target is listed');
      assert.match(text, /Stop at the first failure/);
      await progressGone(page, 'Looking for changed functions');
      await calm(page);
      await ctx.screenshot('deploy-changed-picker');

      // Only the second target stays ticked: untick any other changed one so the check is exact.
      const ticked = await picker.locator('.monaco-list-row[aria-checked="true"]').allInnerTexts();
      for (const label of ticked.filter((t) => !t.includes(SECOND) && !t.includes('Stop at'))) {
        await picker.locator('.monaco-list-row[aria-checked="true"]', { hasText: label.split('\n')[0] }).first().locator('.quick-input-list-checkbox, input[type=checkbox]').first().click();
      }
      await picker.locator('input.input').first().press('Enter');
      // The new target comes from the workspace's settings: its first deploy asks (issue 16).
      const confirm = await modalDialog(page, `Deploy to ${SECOND} in account`);
      assert.match((await confirm.innerText()).replace(/\s+/g, ' '), new RegExp(`${SECOND} · profile ${env('LAMBDA_RELEASE_E2E_PROFILE')} · region ${env('LAMBDA_RELEASE_E2E_REGION')} · account \\d{12}`));
      await confirm.locator('.monaco-button', { hasText: /^Deploy$/ }).click();
      const message = await notification(page, /deployed|failed/);
      assert.match(message, new RegExp(`^1 deployed: ${SECOND} deployed, version \\d+\\.$`), `${title}: ${message}`);
      assert.notEqual(await codeSha256(SECOND), before.second, `${SECOND} runs new code`);
      assert.equal(await codeSha256(env('LAMBDA_RELEASE_E2E_FUNCTION')), before.first, 'the unticked target was not deployed');
      await progressGone(page, 'Deploying 1 function');
      await calm(page);
      await ctx.screenshot('deploy-changed-summary');
    },
  },
  {
    name: 'two targets: switching the active editor switches the status bar to that target\'s function and alias (issue 13)',
    async run(ctx) {
      const { page } = ctx;
      addSecondTarget();
      const first = env('LAMBDA_RELEASE_E2E_FUNCTION');
      const alias = env('LAMBDA_RELEASE_E2E_ALIAS');
      await clearNotifications(page);

      await openFile(page, 'payments/handler.py');
      const second = await statusBarItem(page, new RegExp(`${SECOND}:prod → \\d+`));
      assert.doesNotMatch(await second.innerText(), new RegExp(first), 'the status bar left the first target');
      await calm(page);
      await ctx.screenshot('status-bar-second-target');
      await statusBarShot(ctx, 'status-bar-second-target-closeup');

      await openFile(page, 'index.mjs');
      const back = await statusBarItem(page, new RegExp(`${first}:${alias} → \\d+`));
      assert.doesNotMatch(await back.innerText(), new RegExp(SECOND));
      await calm(page);
      await ctx.screenshot('status-bar-first-target');
    },
  },
  {
    name: 'a container-image function shows its image (tag, digest, architecture); Deploy Image… with a tag deploys its exact digest (issue 13)',
    async run(ctx) {
      const { page } = ctx;
      const endpoint = env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT');
      const region = env('LAMBDA_RELEASE_E2E_REGION');
      const IMAGE_FN = 'thumbnails-img';
      const repository = await createRepository(endpoint, region, IMAGE_FN);
      await pushImage(endpoint, region, IMAGE_FN, 'v1');
      const v2 = await pushImage(endpoint, region, IMAGE_FN, 'v2');
      await createImageFunction(endpoint, region, IMAGE_FN, `${repository}:v1`, 'arm64');
      await clearNotifications(page);

      const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
      await runFromPalette(page, 'Lambda: Refresh');
      await expand(await treeRowAt(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'), 1));
      const fnRow = await treeRowAt(sideBar, IMAGE_FN, 2);
      assert.match(await fnRow.innerText(), /image · arm64/, 'the function row says it runs an image, and on which architecture');
      await expand(fnRow);
      const imageRow = await treeRowAt(sideBar, `${IMAGE_FN}:v1`, 3);
      assert.match(await imageRow.innerText(), /sha256:[0-9a-f]{12} · arm64/, 'the image row shows the resolved digest and the architecture');
      await calm(page);
      await ctx.screenshot('explorer-image-function');

      await runFromContextMenu(imageRow, 'Deploy Image…');
      const input = await quickInputTitled(page, `Deploy an image to ${IMAGE_FN}`);
      await input.locator('input').fill('v2');
      await input.locator('input').press('Enter');
      // The workspace is a folder: the version description is asked (pre-filled), Enter keeps it.
      const description = await quickInputTitled(page, `Publish a version of ${IMAGE_FN}`);
      await description.locator('input').fill('e2e: image v2');
      await description.locator('input').press('Enter');
      const message = await notification(page, /now runs image|already runs/);
      assert.match(message, new RegExp(`${IMAGE_FN} .*now runs image ${IMAGE_FN}:v2 \\(sha256:[0-9a-f]{12}\\), published as version 1\\.`));
      assert.equal(await imageUriOf(IMAGE_FN), `${repository}@${v2}`, 'the function runs the digest tag v2 had, not the movable tag');
      await progressGone(page, `Deploying an image to ${IMAGE_FN}`);
      await calm(page);
      await ctx.screenshot('deploy-image-summary');
      // Leave the tree as the later steps expect it: this function folded away.
      await (await treeRowAt(sideBar, IMAGE_FN, 2)).click();
    },
  },
];
