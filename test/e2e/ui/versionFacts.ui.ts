/**
 * Version facts in the real workbench (issue 12), driven with playwright. These steps run last and
 * seed their own function into the same moto first, so the shared sample stays as the other steps
 * expect it: `facts-demo` in the dev profile's region, version 1 with layer shared-utils:1 (alias
 * `live`, protected by default, with a function URL), versions 2–12 with shared-utils:2 and 256 MB.
 * Each step asserts what moto holds afterwards through an independent SDK client.
 */
import * as assert from 'node:assert/strict';
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import type { Locator, Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import { createAlias, createFunction, createFunctionUrl, publishLayer, publishVersions, updateConfiguration } from '../../support/seed';
import type { UiTest } from './types';
import { clearNotifications, expand, modalDialog, notification, openViewContainer, pickItem, quickInputTitled, runFromContextMenu, runFromPalette, treeRowAt } from './workbench';

const FN = 'facts-demo';
const ALIAS = 'live';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const endpoint = () => env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT');
const region = () => env('LAMBDA_RELEASE_E2E_REGION');

async function withLambda<T>(task: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const { accessKeyId, secretAccessKey } = TEST_KEYS;
  const lambda = new LambdaClient({ endpoint: endpoint(), region: region(), credentials: { accessKeyId, secretAccessKey } });
  try {
    return await task(lambda);
  } finally {
    lambda.destroy();
  }
}

const versionsInMoto = () =>
  withLambda(async (lambda) =>
    ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: FN }))).Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST'),
  );

const aliasVersion = () => withLambda(async (lambda) => (await lambda.send(new GetAliasCommand({ FunctionName: FN, Name: ALIAS }))).FunctionVersion);

async function seedFactsDemo(): Promise<void> {
  const [one, two] = [await publishLayer(endpoint(), region(), 'shared-utils', 1), await publishLayer(endpoint(), region(), 'shared-utils', 2)];
  await createFunction(endpoint(), region(), FN, { description: 'Version facts demo' });
  await updateConfiguration(endpoint(), region(), FN, { layers: [one.arn] });
  await publishVersions(endpoint(), region(), FN, ['with shared-utils 1']);
  await updateConfiguration(endpoint(), region(), FN, { layers: [two.arn], memoryMb: 256 });
  await publishVersions(endpoint(), region(), FN, Array.from({ length: 11 }, (_, i) => `build ${i + 2}`));
  await createAlias(endpoint(), region(), FN, ALIAS, '1');
  await createFunctionUrl(endpoint(), region(), FN, ALIAS, 'AWS_IAM');
}

/** Moves the mouse away, so no hover covers what a screenshot shows. */
async function calm(page: Page): Promise<void> {
  await page.mouse.move(1100, 17);
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Hovers `row` until its tooltip shows `text`; returns the tooltip's text. */
async function tooltipOf(row: Locator, text: RegExp): Promise<string> {
  const page = row.page();
  const hover = page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').filter({ hasText: text }).first();
  for (let attempt = 0; attempt < 4; attempt++) {
    await calm(page);
    await row.locator('.label-name').hover();
    if (await hover.waitFor({ timeout: 8_000 }).then(() => true, () => false)) return (await hover.innerText()).trim();
  }
  throw new Error(`no tooltip matching ${text} on the row`);
}

async function factsDemoExpanded(page: Page): Promise<Locator> {
  const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
  await expand(await treeRowAt(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'), 1));
  await expand(await treeRowAt(sideBar, FN, 2));
  await expand(await treeRowAt(sideBar, 'Aliases', 3));
  await expand(await treeRowAt(sideBar, 'Versions', 3));
  return sideBar;
}

export const versionFactsUiTests: UiTest[] = [
  {
    name: 'version facts: the tooltip of an alias shows its function URL, the tooltip of a version its layers (issue 12)',
    async run(ctx) {
      const { page } = ctx;
      await seedFactsDemo();
      await runFromPalette(page, 'Lambda: Refresh');
      const sideBar = await factsDemoExpanded(page);

      const alias = await treeRowAt(sideBar, ALIAS, 4);
      const aliasTip = await tooltipOf(alias, /Function URL: https:\/\//);
      assert.match(aliasTip, /Function URL: https:\/\/\S+\.lambda-url\.us-east-1\.on\.aws\S* \(AWS_IAM\)/);
      assert.match(aliasTip, /Provisioned concurrency: unknown \(this endpoint does not serve that API/, 'moto does not serve provisioned concurrency: said as unknown, with why');
      await ctx.screenshot('facts-alias-tooltip-url');

      const version = await treeRowAt(sideBar, '2', 4);
      const versionTip = await tooltipOf(version, /Layers: shared-utils:2/);
      assert.match(versionTip, /Layers: shared-utils:2 \(\d+(\.\d)? (B|KiB)\)/);
      await ctx.screenshot('facts-version-tooltip-layers');
      await calm(page);
    },
  },
  {
    name: 'version facts: repointing the protected alias to a version with other layers and memory shows the pre-flight rows in its modal (issue 12)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await factsDemoExpanded(page);
      await clearNotifications(page);
      await runFromContextMenu(await treeRowAt(sideBar, ALIAS, 4), 'Repoint Alias…');
      await pickItem(await quickInputTitled(page, `Point ${ALIAS} (now → 1) at`), '12');
      const dialog = await modalDialog(page, `alias "${ALIAS}" of ${FN}`);
      const text = await dialog.innerText();
      assert.match(text, /Pre-flight checks:/);
      assert.match(text, /Layers differ: shared-utils 1 → 2\./);
      assert.match(text, /Settings differ: memory 128 → 256 MB\./);
      assert.match(text, /Not checked: provisioned concurrency of live \(this endpoint does not serve that API/);
      assert.ok(await dialog.locator('.monaco-button', { hasText: /^Compare$/ }).count(), 'a Compare button');
      await calm(page);
      await ctx.screenshot('facts-preflight-modal');
      await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
      await dialog.waitFor({ state: 'detached', timeout: 15_000 });
      assert.equal(await aliasVersion(), '1', 'declined: the alias did not move');
    },
  },
  {
    name: 'version facts: "Prune Old Versions…" from the function\'s context menu deletes only the unreferenced old version (issue 12)',
    async run(ctx) {
      const { page } = ctx;
      const sideBar = await factsDemoExpanded(page);
      await clearNotifications(page);
      await runFromContextMenu(await treeRowAt(sideBar, FN, 2), 'Prune Old Versions…');
      const dialog = await modalDialog(page, `Delete 1 old version of ${FN}`);
      const text = await dialog.innerText();
      assert.match(text, /Deleted: 2 "build 2"/);
      assert.match(text, /Kept: 11 — the newest 10, and in use: 1 \(alias live/);
      await calm(page);
      await ctx.screenshot('facts-prune-modal');
      await dialog.locator('.monaco-button', { hasText: /^Delete 1 Version$/ }).click();
      assert.match(await notification(page, /deleted version 2/), new RegExp(`^${FN}: deleted version 2, freeing`));
      const left = await versionsInMoto();
      assert.deepEqual(left.sort((a, b) => Number(a) - Number(b)), ['1', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
      await ctx.screenshot('facts-pruned');
    },
  },
];
