/**
 * Gradual rollout as a person runs it in the real workbench (issue 11): "Start Gradual Rollout…" on
 * the bound alias with custom steps held 0.15 minute (a workspace may only tighten the gate
 * settings: the poll interval and minimum invocations are lowered there; the stepIntervalSeconds
 * override is the user's alone), the status bar's stage at two steps (screenshots), promotion at the end;
 * then a second rollout that aborts by itself on error lines seeded into the new version's log
 * stream. moto's invoke writes no metrics or logs: the step puts the AWS/Lambda metrics Lambda would
 * publish for steady healthy traffic, and the error lines a failing version would write. Alias state
 * is read back from moto through an independent client.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import type { UiContext, UiTest } from './types';
import { clearNotifications, expand, modalDialog, notification, openViewContainer, pickItem, quickInputTitled, runFromContextMenu, runFromPalette, statusBarItem, treeRowAt, waitForText } from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const fn = () => env('LAMBDA_RELEASE_E2E_FUNCTION');
const alias = () => env('LAMBDA_RELEASE_E2E_ALIAS');
const region = () => env('LAMBDA_RELEASE_E2E_REGION');
const endpoint = () => env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT');
const credentials = { ...TEST_KEYS };
const settingsFile = () => join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), '.vscode', 'settings.json');

async function withLambda<T>(task: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const lambda = new LambdaClient({ endpoint: endpoint(), region: region(), credentials });
  try {
    return await task(lambda);
  } finally {
    lambda.destroy();
  }
}

const readAlias = () =>
  withLambda(async (lambda) => {
    const a = await lambda.send(new GetAliasCommand({ FunctionName: fn(), Name: alias() }));
    return { version: a.FunctionVersion ?? '', routing: a.RoutingConfig?.AdditionalVersionWeights ?? {} };
  });

/** Puts the alias on `version` with no weight, as the step's starting point (earlier steps moved it). */
const resetAlias = (version: string) =>
  withLambda((lambda) => lambda.send(new UpdateAliasCommand({ FunctionName: fn(), Name: alias(), FunctionVersion: version, RoutingConfig: { AdditionalVersionWeights: {} } })));

/** The two newest published versions: [old, new]. */
const twoNewest = () =>
  withLambda(async (lambda) => {
    const versions = ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn() }))).Versions ?? [])
      .map((v) => v.Version ?? '')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b));
    return [versions.at(-2) ?? '', versions.at(-1) ?? ''] as const;
  });

/** What Lambda would publish for steady healthy traffic through the alias, every 500 ms, until stopped. */
function healthyTraffic(versions: readonly string[]): () => Promise<void> {
  const client = new CloudWatchClient({ endpoint: endpoint(), region: region(), credentials });
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const MetricData = versions.flatMap((version) => {
        const Dimensions = [
          { Name: 'FunctionName', Value: fn() },
          { Name: 'Resource', Value: `${fn()}:${alias()}` },
          { Name: 'ExecutedVersion', Value: version },
        ];
        return [
          { MetricName: 'Invocations', Dimensions, Value: 5, Unit: 'Count' as const, Timestamp: new Date() },
          { MetricName: 'Errors', Dimensions, Value: 0, Unit: 'Count' as const, Timestamp: new Date() },
        ];
      });
      await client.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData })).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    client.destroy();
  };
}

/** Error lines a failing invocation of `version` leaves in its log stream. */
async function seedErrorLines(version: string): Promise<void> {
  const logs = new CloudWatchLogsClient({ endpoint: endpoint(), region: region(), credentials });
  try {
    const stream = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[${version}]e2e-rollout-errors`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: `/aws/lambda/${fn()}`, logStreamName: stream })).catch(() => undefined);
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: `/aws/lambda/${fn()}`,
        logStreamName: stream,
        logEvents: [0, 1, 2].map((i) => ({ timestamp: now + i, message: `${new Date(now).toISOString()}\te2e-${i}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'items')"}` })),
      }),
    );
  } finally {
    logs.destroy();
  }
}

/** Adds rollout settings to the workspace settings for the step; returns the restore. */
function withRolloutSettings(values: Record<string, unknown>): () => void {
  const original = readFileSync(settingsFile(), 'utf8');
  writeFileSync(settingsFile(), `${JSON.stringify({ ...JSON.parse(original), ...values }, null, 2)}\n`);
  return () => writeFileSync(settingsFile(), original);
}

async function statusBarScreenshot(ctx: UiContext, name: string): Promise<void> {
  const file = join(ctx.screenshotDir, `${name}.png`);
  await ctx.page.locator('.part.statusbar').screenshot({ path: file });
  console.log(`    screenshot: ${file}`);
}

/** "Start Gradual Rollout…" on the alias row → version → custom steps → confirm; returns the modal's text. */
async function startFromTree(page: Page, from: string, to: string, steps: string, minutes: string): Promise<string> {
  const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
  // The alias was reset behind the extension's back (SDK): the tree re-reads before its menu is used.
  await runFromPalette(page, 'Lambda: Refresh');
  await expand(await treeRowAt(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'), 1));
  await expand(await treeRowAt(sideBar, fn(), 2));
  await expand(await treeRowAt(sideBar, 'Aliases', 3));
  const row = await treeRowAt(sideBar, alias(), 4);
  await waitForText(`${alias()} shown without a canary`, async () => (await row.innerText()).replace(/\s+/g, ' ').trim(), new RegExp(`→ ${from}$`));
  await runFromContextMenu(row, 'Start Gradual Rollout…');
  await pickItem(await quickInputTitled(page, `Roll out which version to ${alias()}`), to);
  await pickItem(await quickInputTitled(page, `Rollout of ${fn()}:${alias()} → ${to}`), 'Custom steps…');
  const stepsInput = await quickInputTitled(page, /custom steps/);
  await stepsInput.locator('input').fill(steps);
  await stepsInput.locator('input').press('Enter');
  const hold = await quickInputTitled(page, /hold each step/);
  await hold.locator('input').fill(minutes);
  await hold.locator('input').press('Enter');
  const dialog = await modalDialog(page, 'Start a gradual rollout');
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  await dialog.locator('.monaco-button', { hasText: /^Start Rollout$/ }).click();
  return text;
}

export const rolloutUiTests: UiTest[] = [
  {
    name: 'a short custom rollout on the bound alias: the status bar shows the stage at two steps, then the version is promoted (issue 11)',
    async run(ctx) {
      const { page } = ctx;
      const [from, to] = await twoNewest();
      await resetAlias(from);
      const restore = withRolloutSettings({
        'lambdaRelease.rollout.pollIntervalSeconds': 1,
        'lambdaRelease.rollout.minInvocations': 5,
      });
      const stopTraffic = healthyTraffic([from, to]);
      try {
        await clearNotifications(page);
        const confirmation = await startFromTree(page, from, to, '20, 60, 100', '0.15');
        assert.match(confirmation, new RegExp(`Start a gradual rollout of ${fn()}:${alias()} from version ${from} to ${to}\\?`));
        assert.match(confirmation, new RegExp(`Profile ${env('LAMBDA_RELEASE_E2E_PROFILE')} · region ${region()}`));
        assert.match(confirmation, /20% → 60% → 100%, 9 s each/);
        assert.match(confirmation, /Health gate on version \d+ alone: .*≤ 5%/);
        assert.match(confirmation, /advances only while this VS Code window is open/);

        const first = await statusBarItem(page, new RegExp(`${fn()}:${alias()} → ${from} · rollout 20% → ${to} · step 1/3 · next 0:0\\d`));
        assert.ok(await first.isVisible());
        await ctx.screenshot('rollout-step-1');
        await statusBarScreenshot(ctx, 'rollout-step-1-status-bar');

        await statusBarItem(page, new RegExp(`${fn()}:${alias()} → ${from} · rollout 60% → ${to} · step 2/3`));
        assert.deepEqual(await readAlias(), { version: from, routing: { [to]: 0.6 } }, 'moto has 60% on the new version');
        // The alias node follows (its description carries the stage too).
        await page.locator('.monaco-list-row', { hasText: `(60% → ${to})` }).first().waitFor({ timeout: 10_000 });
        await ctx.screenshot('rollout-step-2');
        await statusBarScreenshot(ctx, 'rollout-step-2-status-bar');

        const done = await notification(page, /rollout complete/);
        assert.equal(done, `${fn()}:${alias()}: rollout complete, all traffic → ${to} (was ${from}).`);
        assert.deepEqual(await readAlias(), { version: to, routing: {} });
        await statusBarItem(page, new RegExp(`${fn()}:${alias()} → ${to}$`));
      } finally {
        await stopTraffic();
        restore();
        await clearNotifications(page).catch(() => undefined);
      }
    },
  },
  {
    name: 'a rollout aborts by itself on error lines of the new version and puts the alias back (issue 11)',
    async run(ctx) {
      const { page } = ctx;
      const [from, to] = await twoNewest();
      await resetAlias(from);
      const restore = withRolloutSettings({
        'lambdaRelease.rollout.pollIntervalSeconds': 1,
        'lambdaRelease.rollout.minInvocations': 5,
      });
      const stopTraffic = healthyTraffic([from, to]);
      try {
        await clearNotifications(page);
        await startFromTree(page, from, to, '25, 100', '1');
        await statusBarItem(page, new RegExp(`rollout 25% → ${to} · step 1/2`));
        assert.deepEqual(await readAlias(), { version: from, routing: { [to]: 0.25 } });

        await seedErrorLines(to);
        const aborted = await notification(page, /rollout aborted/);
        assert.match(aborted, new RegExp(`${fn()}:${alias()}: rollout aborted\\. Health gate failed at 25%: 3 error lines in version ${to}'s logs \\(threshold 3\\)`));
        assert.match(aborted, new RegExp(`${alias()} → ${from} again, no weight to ${to}\\.`));
        assert.deepEqual(await readAlias(), { version: from, routing: {} }, 'moto has the alias back on the old version');
        await statusBarItem(page, new RegExp(`${fn()}:${alias()} → ${from}$`));
        await ctx.screenshot('rollout-aborted');
      } finally {
        await stopTraffic();
        restore();
        await clearNotifications(page).catch(() => undefined);
      }
    },
  },
  {
    name: 'Release… → "Gradual…": the release publishes the new version and starts the rollout as its move, which ends promoted (issue 11 in the release of issue 15)',
    async run(ctx) {
      const { page } = ctx;
      const [, newest] = await twoNewest();
      await resetAlias(newest);
      const expected = String(Number(newest) + 1);
      // The one-line change the release ships.
      writeFileSync(join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), 'release.json'), `${JSON.stringify({ release: 'e2e-gradual' })}\n`);
      const restore = withRolloutSettings({ 'lambdaRelease.rollout.pollIntervalSeconds': 1, 'lambdaRelease.rollout.minInvocations': 5 });
      const stopTraffic = healthyTraffic([newest, expected]);
      try {
        await clearNotifications(page);
        await runFromPalette(page, 'View: Close All Editors');
        await runFromPalette(page, 'Lambda: Release…');
        // Run alone, the workspace's binding is confirmed once first; after the workspaces steps the
        // workspace has two targets and Release… asks which one.
        const binding = page.locator('.monaco-dialog-box', { hasText: "This workspace's settings chose it" });
        const targetPick = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: 'deploy which target?' }) });
        const aliasTitle = page.locator('.quick-input-title', { hasText: `Release ${fn()}: move which alias?` });
        for (let i = 0; i < 3 && !(await aliasTitle.isVisible()); i++) {
          await binding.or(targetPick.locator('input')).or(aliasTitle).first().waitFor({ timeout: 15_000 });
          // Each answer is awaited until its modal or pick is gone, so the next question is not mistaken for it.
          if (await binding.isVisible()) {
            await binding.locator('.monaco-button', { hasText: /^Deploy$/ }).click();
            await binding.waitFor({ state: 'detached', timeout: 15_000 });
          } else if (await targetPick.isVisible()) {
            await targetPick.locator('.monaco-list-row', { hasText: fn() }).first().click();
            await targetPick.waitFor({ state: 'hidden', timeout: 15_000 });
          }
        }
        const aliasPick = await quickInputTitled(page, `Release ${fn()}: move which alias?`);
        await aliasPick.locator('.monaco-list-row').first().filter({ hasText: alias() }).waitFor({ timeout: 15_000 });
        await aliasPick.locator('input').press('Enter');
        await pickItem(await quickInputTitled(page, /^How should/), 'Gradual…');
        await pickItem(await quickInputTitled(page, `Gradual release of ${fn()}:${alias()}`), 'Custom steps…');
        const stepsInput = await quickInputTitled(page, /custom steps/);
        await stepsInput.locator('input').fill('50, 100');
        await stepsInput.locator('input').press('Enter');
        const hold = await quickInputTitled(page, /hold each step/);
        await hold.locator('input').fill('0.2');
        await hold.locator('input').press('Enter');
        const description = await quickInputTitled(page, `Publish a version of ${fn()}`);
        await description.locator('input').fill('e2e: gradual release');
        await description.locator('input').press('Enter');
        const plan = await modalDialog(page, `Release ${fn()} to ${alias()}?`);
        assert.match((await plan.innerText()).replace(/\s+/g, ' '), /gradual rollout custom 50, 100 every 0\.2 min/);
        await plan.locator('.monaco-button', { hasText: /^Release$/ }).click();

        // The release's move is the rollout's first step; its stage shows while the step holds.
        await statusBarItem(page, new RegExp(`${fn()}:${alias()} → ${newest} · rollout 50% → ${expected} · step 1/2`));
        assert.deepEqual(await readAlias(), { version: newest, routing: { [expected]: 0.5 } }, 'moto has 50% on the released version');
        await ctx.screenshot('rollout-from-release');
        // Then it is promoted (read from moto: toasts may be collapsed after many steps).
        await waitForText(`${alias()} promoted to ${expected}`, async () => JSON.stringify(await readAlias()), new RegExp(`^\\{"version":"${expected}","routing":\\{\\}\\}$`), 60_000);
      } finally {
        await stopTraffic();
        restore();
        await clearNotifications(page).catch(() => undefined);
      }
    },
  },
];
