/**
 * Small page objects over VS Code's web workbench DOM (1.100): the activity bar, a view's tree
 * rows, the command palette. Selectors are VS Code's own stable class names and ARIA labels.
 */
import type { Locator, Page } from 'playwright-core';

/** Clicks the activity-bar entry whose label starts with `title` and waits for its side bar. */
export async function openViewContainer(page: Page, title: string): Promise<Locator> {
  const entry = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await entry.waitFor({ timeout: 30_000 });
  const sideBar = page.locator('#workbench\\.parts\\.sidebar');
  const heading = sideBar.locator('.composite.title h2');
  if ((await heading.textContent().catch(() => ''))?.toLowerCase() !== title.toLowerCase()) await entry.click();
  await heading.filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') }).waitFor({ timeout: 30_000 });
  return sideBar;
}

/** The rows currently rendered in the side bar's tree, as `{ label, description, level, expanded }`. */
export async function treeRows(sideBar: Locator): Promise<TreeRow[]> {
  const rows = sideBar.locator('.monaco-list-row');
  const result: TreeRow[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    result.push({
      label: ((await row.locator('.label-name').first().textContent()) ?? '').trim(),
      description: ((await row.locator('.label-description').first().textContent().catch(() => '')) ?? '').trim(),
      level: Number(await row.getAttribute('aria-level')),
      expanded: (await row.getAttribute('aria-expanded')) === 'true',
    });
  }
  return result;
}

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean;
}

/** Waits until a row whose label matches appears and returns it. */
export async function treeRow(sideBar: Locator, label: string | RegExp): Promise<Locator> {
  const row = sideBar.locator('.monaco-list-row').filter({ has: sideBar.page().locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ timeout: 30_000 });
  return row;
}

/** Expands a collapsed row (a click on a collapsed tree row toggles it) and waits for it. */
export async function expand(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
  await row.page().waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 30_000 });
}

/** Runs a command from the palette (F1) by its title, e.g. `Lambda: Refresh`. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await pick.waitFor({ timeout: 15_000 });
  await input.press('Enter');
}

/** The quick pick or input box the last command opened, once visible. */
export async function quickInput(page: Page): Promise<Locator> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input').waitFor({ state: 'visible', timeout: 15_000 });
  return widget;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
