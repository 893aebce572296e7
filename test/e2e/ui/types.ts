/**
 * The contract between scripts/vscode-host/code-test-host.mjs and the UI steps: the wrapper loads
 * the bundled test/e2e/ui/index.ts (env VSCODE_HOST_UI_TESTS), then runs each step, in order,
 * against a workbench in Chromium that has the extension under development loaded.
 */
import type { Page } from 'playwright-core';

export interface UiContext {
  /** The workbench page (viewport 1280×800). */
  readonly page: Page;
  /** The VS Code server, e.g. http://127.0.0.1:PORT. */
  readonly baseUrl: string;
  /** The folder the window has open. */
  readonly workspace: string | undefined;
  readonly screenshotDir: string;
  /** Saves `<screenshotDir>/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
}

export interface UiTest {
  readonly name: string;
  /**
   * What the step takes over from before it, which the before-each (test/e2e/ui/index.ts) then
   * leaves open: 'notifications' (the activation's notice), 'the previous step' (its open modal,
   * quick input and toasts: the two steps are one flow). Unset: the step starts from a calm workbench.
   */
  readonly continues?: 'notifications' | 'the previous step';
  run(ctx: UiContext): Promise<void>;
}
