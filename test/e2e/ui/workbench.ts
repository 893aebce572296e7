/**
 * Small page objects over VS Code's web workbench DOM (1.100): the activity bar, a view's tree
 * rows, the command palette. Selectors are VS Code's own stable class names and ARIA labels.
 */
import type { Locator, Page } from 'playwright-core';

/**
 * Opens a view container from the activity bar (entry labelled `title`) and returns the side-bar
 * composite `workbench.view.extension.<containerId>` once visible.
 */
export async function openViewContainer(page: Page, title: string, containerId: string): Promise<Locator> {
  const composite = page.locator(`[id="workbench.view.extension.${containerId}"]`);
  if (await composite.isVisible()) return composite;
  const entry = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await entry.waitFor({ timeout: 30_000 });
  await entry.click();
  await composite.waitFor({ state: 'visible', timeout: 30_000 });
  return composite;
}

/** The rows currently rendered in the side bar's tree, read in one pass over the DOM. */
export async function treeRows(sideBar: Locator): Promise<TreeRow[]> {
  return sideBar.locator('.monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      level: Number(row.getAttribute('aria-level')),
      expanded: row.getAttribute('aria-expanded') === 'true',
    })),
  );
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
  await row.and(row.page().locator('[aria-expanded="true"]')).waitFor({ timeout: 30_000 });
}

/** Waits until the view's description (shown in its header's ARIA label) contains `text`. */
export async function waitForViewDescription(sideBar: Locator, text: string): Promise<void> {
  // With one view in the container the header is hidden but keeps its label.
  await sideBar.locator(`.pane-header[aria-label*="${text.replace(/"/g, '\\"')}"]`).first().waitFor({ state: 'attached', timeout: 15_000 });
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

/** The rendered tree row at `level` (1 = profile) whose label is exactly `label`. */
export async function treeRowAt(sideBar: Locator, label: string, level: number): Promise<Locator> {
  const row = sideBar
    .locator(`.monaco-list-row[aria-level="${level}"]`)
    .filter({ has: sideBar.page().locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.waitFor({ timeout: 30_000 });
  return row;
}

/** Hovers `row` and clicks its inline action titled `title` (the buttons a tree row shows on hover). */
export async function runInlineAction(row: Locator, title: string): Promise<void> {
  await row.hover();
  const button = row.locator(`.actions .action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
  await button.waitFor({ timeout: 15_000 });
  await button.click();
}

/** Right-clicks `row` and runs the context-menu entry titled exactly `title`. */
export async function runFromContextMenu(row: Locator, title: string): Promise<void> {
  await row.click({ button: 'right' });
  const page = row.page();
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item .action-label', { hasText: exactly(title) }).first();
  await entry.waitFor({ timeout: 15_000 });
  // The menu ignores a click that lands right after it opened; hovering focuses the entry, Enter runs it.
  await entry.hover();
  await entry.locator('xpath=ancestor::li[contains(@class, "action-item")]').and(page.locator('.focused')).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'detached', timeout: 15_000 });
}

/** The open quick pick / input box once its title contains `title`. */
export async function quickInputTitled(page: Page, title: string | RegExp): Promise<Locator> {
  const widget = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.locator('input').waitFor({ state: 'visible', timeout: 15_000 });
  return widget;
}

/** Clicks the quick pick entry whose label is exactly `label` (once the list has loaded). */
export async function pickItem(widget: Locator, label: string): Promise<void> {
  const row = widget.locator('.monaco-list-row').filter({ has: widget.page().locator('.label-name', { hasText: exactly(label) }) }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** The modal dialog once visible (with text matching `text`). */
export async function modalDialog(page: Page, text: string | RegExp): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ timeout: 15_000 });
  return dialog;
}

/** Waits for a notification toast matching `text` and returns its message. */
export async function notification(page: Page, text: RegExp): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await toast.waitFor({ timeout: 30_000 });
  // Fully faded in, so a screenshot taken next shows it.
  await toast.and(page.locator('.notification-fade-in-done')).waitFor({ timeout: 5_000 }).catch(() => undefined);
  return (await toast.locator('.notification-list-item-message').innerText()).trim();
}

/** Dismisses every notification, so a later wait cannot match an old one. */
export async function clearNotifications(page: Page): Promise<void> {
  await runFromPalette(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

/** The status-bar entry whose text matches `text`, once shown. */
export async function statusBarItem(page: Page, text: string | RegExp): Promise<Locator> {
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  await item.waitFor({ timeout: 30_000 });
  return item;
}

/** The visible text of the editor in the panel (the Output view), spaces normalised. */
export async function outputText(page: Page): Promise<string> {
  const text = await page.locator('.part.panel .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Waits until `read()` returns text matching `pattern`; returns that text. */
export async function waitForText(what: string, read: () => Promise<string>, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await read().catch(() => '');
    if (pattern.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} (${pattern}); last seen:\n${last.slice(-1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * The state every step starts from, whatever the step before it left open: no context menu, no
 * quick input, no modal dialog, no notification (a toast of an earlier step can neither match a
 * later wait nor cover what a step clicks). Run before each step by test/e2e/ui/index.ts.
 */
export async function calmWorkbench(page: Page, options: { clearNotifications: boolean }): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  if (await menu.isVisible()) {
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 5_000 });
  }
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) {
    await widget.locator('input').press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
  }
  // A modal left by a failed step: its last button is Cancel (or the only one, e.g. OK).
  const dialog = page.locator('.monaco-dialog-box');
  while (await dialog.first().isVisible()) {
    const count = await dialog.count();
    await dialog.first().locator('.dialog-buttons .monaco-button').last().click();
    await dialog.nth(count - 1).waitFor({ state: 'detached', timeout: 5_000 });
  }
  if (options.clearNotifications) await clearNotifications(page);
}
