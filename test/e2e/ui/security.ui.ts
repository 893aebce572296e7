/**
 * Issue 16 in the workbench: the e2e workspace's .vscode/settings.json names an endpoint (a loopback
 * port nobody listens on), as a cloned repository could. Opening Lambda Releases activates the
 * extension: a notice names the file and the ignored value with "Open User Settings", and the tree
 * lists the seeded function from the profile's own endpoint_url (moto).
 */
import * as assert from 'node:assert/strict';
import type { UiTest } from './types';
import { clearNotifications, expand, notification, openViewContainer, treeRow } from './workbench';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/run-e2e.mjs)`);
  return value;
}

export const securityUiTests: UiTest[] = [
  {
    name: 'a workspace endpointUrl is ignored with a notice naming file and value; the tree lists from the user’s endpoint (issue 16)',
    continues: 'notifications', // the activation's notice
    async run({ page, screenshot }) {
      const sideBar = await openViewContainer(page, 'Lambda Releases', 'lambdaRelease');
      const message = await notification(page, /Ignored lambdaRelease\.endpointUrl/);
      assert.ok(message.includes(`"${env('LAMBDA_RELEASE_E2E_WORKSPACE_ENDPOINT')}"`), `the value is named: ${message}`);
      assert.match(message, /from \.vscode\/settings\.json/);
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Ignored lambdaRelease.endpointUrl' }).first();
      assert.equal(await toast.locator('.monaco-button', { hasText: 'Open User Settings' }).count(), 1, 'offers to open the user settings');
      await expand(await treeRow(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE')));
      await treeRow(sideBar, env('LAMBDA_RELEASE_E2E_FUNCTION'));
      await screenshot('ignored-workspace-endpoint-notice');
      await clearNotifications(page);
      await (await treeRow(sideBar, env('LAMBDA_RELEASE_E2E_PROFILE'))).click(); // collapsed again, as the next steps expect
    },
  },
];
