/**
 * The explorer as a person uses it, driven with playwright in the real workbench: open
 * "Lambda Releases" from the activity bar, expand the seeded profile and function (data from
 * moto_server, seeded with the shared sample by test/e2e/fixtures/environment.ts), run palette commands, take screenshots.
 */
import * as assert from 'node:assert/strict';
import type { UiTest } from './types';
import { expand, openViewContainer, quickInput, runFromPalette, runInlineAction, treeRow, treeRows, waitForViewDescription } from './workbench';

const VIEW_TITLE = 'Lambda Releases';
const CONTAINER_ID = 'lambdaRelease';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

export const explorerUiTests: UiTest[] = [
  {
    name: 'the activity bar opens Lambda Releases with one row per configured profile',
    async run({ page, screenshot }) {
      const sideBar = await openViewContainer(page, VIEW_TITLE, CONTAINER_ID);
      const profiles = env('LAMBDA_RELEASE_E2E_PROFILES').split(',');
      await treeRow(sideBar, profiles[0]);
      const rows = await treeRows(sideBar);
      assert.deepEqual(rows.filter((r) => r.level === 1).map((r) => r.label), profiles);
      await screenshot('explorer-profiles');
    },
  },
  {
    name: 'expanding a profile and a function shows the seeded function, its aliases and versions',
    async run({ page, screenshot }) {
      const sideBar = await openViewContainer(page, VIEW_TITLE, CONTAINER_ID);
      const [profile] = env('LAMBDA_RELEASE_E2E_PROFILES').split(',');
      const functionName = env('LAMBDA_RELEASE_E2E_FUNCTION');
      await expand(await treeRow(sideBar, profile));
      const fn = await treeRow(sideBar, functionName);
      assert.match((await treeRows(sideBar)).find((r) => r.label === functionName)?.description ?? '', /nodejs20\.x/);
      await expand(fn);
      await expand(await treeRow(sideBar, 'Aliases'));
      await treeRow(sideBar, /^prod/);
      await expand(await treeRow(sideBar, 'Versions'));
      await treeRow(sideBar, /^\$LATEST/);
      const labels = (await treeRows(sideBar)).map((r) => r.label);
      for (const expected of ['Aliases', 'Versions']) assert.ok(labels.includes(expected), `row ${expected} in ${labels.join(' | ')}`);
      assert.ok(labels.some((l) => /^prod/.test(l)) && labels.some((l) => /^beta/.test(l)), `aliases prod and beta in ${labels.join(' | ')}`);
      await screenshot('explorer-function-expanded');
    },
  },
  {
    name: 'the palette (F1) runs "Lambda: Filter Functions…"; a first row names the filter with its count, and its inline button clears it',
    async run({ page, screenshot }) {
      const sideBar = await openViewContainer(page, VIEW_TITLE, CONTAINER_ID);
      await runFromPalette(page, 'Lambda: Filter Functions');
      const box = await quickInput(page);
      await box.locator('input').fill('no-such-function');
      await screenshot('palette-filter-input');
      await box.locator('input').press('Enter');
      await treeRow(sideBar, /No function matches "no-such-function"/);
      await waitForViewDescription(sideBar, 'filter: no-such-function');
      // The filter is named where it can be read: the first row under the profile, with its count.
      const filterRow = await treeRow(sideBar, 'Filter: "no-such-function"');
      const row = (await treeRows(sideBar)).find((r) => r.label === 'Filter: "no-such-function"');
      assert.match(row?.description ?? '', /^0 of \d+ shown$/);
      await screenshot('explorer-filtered');
      // Cleared from that row's inline button.
      await runInlineAction(filterRow, 'Clear Function Filter');
      await treeRow(sideBar, env('LAMBDA_RELEASE_E2E_FUNCTION'));
      assert.ok(!(await treeRows(sideBar)).some((r) => r.label.startsWith('Filter: ')), 'the filter row is gone');
      await screenshot('explorer-filter-cleared');
    },
  },
];
