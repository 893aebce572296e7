/**
 * Release… decides before it changes anything (issue 15), in the real workbench. Runs after
 * release.ui.ts, which leaves prod with a 10% canary to the newest version — the demo's case:
 * a one-line change, then Release… → prod → Canary 10% must end with the plan's refusal and its
 * buttons BEFORE any upload; "Abort Canary and Continue" then releases the new version as the canary.
 * moto is read through an independent SDK client.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { TEST_KEYS } from '../../support/awsConfig';
import type { UiTest } from './types';
import { clearNotifications, modalDialog, notification, pickItem, quickInputTitled, runFromPalette, statusBarItem } from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

const fn = () => env('LAMBDA_RELEASE_E2E_FUNCTION');
const aliasName = () => env('LAMBDA_RELEASE_E2E_ALIAS');

async function withLambda<T>(task: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const lambda = new LambdaClient({ endpoint: env('LAMBDA_RELEASE_E2E_MOTO_ENDPOINT'), region: env('LAMBDA_RELEASE_E2E_REGION'), credentials: TEST_KEYS });
  try {
    return await task(lambda);
  } finally {
    lambda.destroy();
  }
}

/** Versions (number, CodeSha256, description), $LATEST's CodeSha256 and the alias, as moto has them. */
const motoState = () =>
  withLambda(async (lambda) => {
    const versions = ((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn() }))).Versions ?? [])
      .filter((v) => v.Version !== '$LATEST')
      .map((v) => ({ version: v.Version ?? '', codeSha256: v.CodeSha256 ?? '', description: v.Description ?? '' }))
      .sort((a, b) => Number(a.version) - Number(b.version));
    const latest = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn() }))).CodeSha256;
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn(), Name: aliasName() }));
    return { versions, latest, alias: { version: alias.FunctionVersion ?? '', routing: alias.RoutingConfig?.AdditionalVersionWeights ?? {} } };
  });

async function calm(page: Page): Promise<void> {
  await page.mouse.move(1100, 17);
}

/** The step that asks and the step that answers share what the first one saw. */
let refusedAt: Awaited<ReturnType<typeof motoState>> | undefined;

export const releasePlanUiTests: UiTest[] = [
  {
    name: 'Release… → prod → Canary 10% while prod runs a canary ends with the plan\'s refusal and its buttons BEFORE any upload (issue 15)',
    async run(ctx) {
      const { page } = ctx;
      const before = await motoState();
      const running = Object.keys(before.alias.routing)[0];
      assert.ok(running, `${aliasName()} should run a canary here (left by the canary step): ${JSON.stringify(before.alias)}`);
      // The one-line change of the demo.
      writeFileSync(join(env('LAMBDA_RELEASE_E2E_WORKSPACE'), 'release.json'), `${JSON.stringify({ release: 'e2e-plan' })}\n`);
      await clearNotifications(page);

      await runFromPalette(page, 'Lambda: Release…');
      // The bound alias comes first: Enter takes it.
      const aliasPick = await quickInputTitled(page, `Release ${fn()}: move which alias?`);
      await aliasPick.locator('.monaco-list-row').first().filter({ hasText: aliasName() }).waitFor({ timeout: 15_000 });
      await aliasPick.locator('input').press('Enter');
      // The move options say what exists.
      const movePick = await quickInputTitled(page, `How should ${aliasName()} → ${before.alias.version} · 10% → ${running} (canary running) move?`);
      await pickItem(movePick, 'Canary');
      const percent = await quickInputTitled(page, `Canary of ${aliasName()}`);
      await percent.locator('input').fill('10');
      await percent.locator('input').press('Enter');

      const dialog = await modalDialog(page, `${aliasName()} already sends 10% to version ${running} (canary running)`);
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
      // The workbench orders a dialog's buttons itself (the first one, primary, goes last on Linux).
      assert.deepEqual([...buttons].sort(), ['Abort Canary and Continue', 'Cancel', `Promote ${running} First`]);
      assert.equal(await page.locator('.quick-input-widget', { hasText: `Publish a version of ${fn()}` }).isVisible(), false, 'no description asked before the refusal');
      assert.deepEqual(await motoState(), before, 'nothing uploaded or published: versions, CodeSha256 and the alias as before');
      refusedAt = before;
      // The planning and checking progress ended before the question: no step text left beside it.
      for (const title of [`Planning the release of ${fn()}`, `Checking the release of ${fn()}`]) {
        await page.locator('.notifications-toasts .notification-toast', { hasText: title }).waitFor({ state: 'detached', timeout: 15_000 });
      }
      await calm(page);
      await ctx.screenshot('release-plan-refused');
    },
  },
  {
    name: '"Abort Canary and Continue" asks the description, shows the plan, and ends in the canary to the new version with a summary of what changed (issue 15)',
    continues: 'the previous step', // its refusal modal is answered here
    async run(ctx) {
      const { page } = ctx;
      assert.ok(refusedAt, 'runs after the refusal step');
      const before = refusedAt;
      const dialog = await modalDialog(page, 'already sends 10% to version');
      await dialog.locator('.monaco-button', { hasText: /^Abort Canary and Continue$/ }).click();

      const input = await quickInputTitled(page, `Publish a version of ${fn()}`);
      await input.locator('input').fill('e2e: release after aborting the canary');
      await input.locator('input').press('Enter');
      const plan = await modalDialog(page, `Release ${fn()} to ${aliasName()}?`);
      const planText = await plan.innerText();
      const expected = String(Number(before.versions.at(-1)?.version) + 1);
      assert.match(planText, /1\. Abort the canary to \d+/);
      assert.match(planText, new RegExp(`Publish version ${expected}`));
      assert.match(planText, new RegExp(`Send 10% of ${aliasName()} to ${expected}, ${aliasName()} now → ${before.alias.version}`));
      // The checks of the new plan ran in their own progress, ended before the question.
      await page.locator('.notifications-toasts .notification-toast', { hasText: `Checking the release of ${fn()}` }).waitFor({ state: 'detached', timeout: 15_000 });
      await calm(page);
      await ctx.screenshot('release-plan-modal');
      await plan.locator('.monaco-button', { hasText: /^Release$/ }).click();

      const summary = await notification(page, /^Released /);
      assert.match(summary, new RegExp(`^Released ${fn()} \\(profile [^)]+\\): aborted the running canary; deployed \\d+ files?; published version ${expected} "e2e: release after aborting the canary"; (verified: [^;]+; )?${aliasName()} → ${before.alias.version} · 10% → ${expected}, was ${before.alias.version}\\.`));
      const after = await motoState();
      assert.deepEqual(after.alias, { version: before.alias.version, routing: { [expected]: 0.1 } });
      assert.deepEqual(after.versions.at(-1), { version: expected, codeSha256: after.latest, description: 'e2e: release after aborting the canary' });
      assert.equal(after.versions.length, before.versions.length + 1, 'exactly one new version');
      await statusBarItem(page, new RegExp(`${fn()}:${aliasName()} → ${before.alias.version} · 10% → ${expected}$`));
      // The progress notification has ended with the flow: no step text left beside the summary.
      await page.locator('.notifications-toasts .notification-toast', { hasText: `Releasing ${fn()}` }).waitFor({ state: 'detached', timeout: 15_000 });
      await calm(page);
      await ctx.screenshot('release-summary');
    },
  },
];

/** Palette alias commands in a bound workspace (issue 15). */
export const boundFirstUiTests: UiTest[] = [
  {
    name: '"Roll Back" from the palette skips the function prompt and pre-selects the bound alias (issue 15)',
    async run(ctx) {
      const { page } = ctx;
      await runFromPalette(page, 'Lambda: Roll Back Alias');
      const pick = await quickInputTitled(page, 'Roll back which alias?');
      const focused = pick.locator('.monaco-list-row.focused');
      await focused.filter({ hasText: aliasName() }).waitFor({ timeout: 15_000 });
      assert.match(await focused.innerText(), new RegExp(`^\\s*${aliasName()}\\b[\\s\\S]*bound to this workspace`));
      const labels = await pick.locator('.monaco-list-row .label-name').allInnerTexts();
      assert.equal(labels[0]?.trim(), aliasName(), `the bound alias first: ${labels.join(' | ')}`);
      assert.equal(labels.at(-1)?.trim(), 'Another function…');
      await calm(page);
      await ctx.screenshot('roll-back-bound-alias-first');
      await pick.locator('input').press('Escape');
    },
  },
];

/** Runs first, in the window the UI phase just opened: nothing has opened the view yet. */
export const startupUiTests: UiTest[] = [
  {
    name: 'in a bound workspace the status bar shows the bound alias right after the window opens, before the view is opened (issue 15)',
    continues: 'notifications', // the activation's notice
    async run(ctx) {
      const { page } = ctx;
      const item = await statusBarItem(page, new RegExp(`${fn()}:${aliasName()} → \\d+`));
      assert.equal(await page.locator('[id="workbench.view.extension.lambdaRelease"]').isVisible(), false, 'the Lambda Releases view is not open');
      const alias = (await motoState()).alias;
      assert.match((await item.innerText()).trim(), new RegExp(`^${fn()}:${aliasName()} → ${alias.version}( · |$)`));
      await calm(page);
      await ctx.screenshot('status-bar-at-startup');
    },
  },
];
