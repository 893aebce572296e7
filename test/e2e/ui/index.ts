/** Every UI step, in the order scripts/vscode-host/code-test-host.mjs runs them. */
import { explorerUiTests } from './explorer.ui';
import { invokeUiTests } from './invoke.ui';
import { releaseUiTests } from './release.ui';
import { rolloutUiTests } from './rollout.ui';
import { securityUiTests } from './security.ui';
import { boundFirstUiTests, releasePlanUiTests, startupUiTests } from './releasePlan.ui';
import type { UiTest } from './types';
import { versionFactsUiTests } from './versionFacts.ui';
import { calmWorkbench } from './workbench';
import { workspacesUiTests } from './workspaces.ui';

const steps: UiTest[] = [...startupUiTests, ...securityUiTests, ...explorerUiTests, ...releaseUiTests, ...releasePlanUiTests, ...boundFirstUiTests, ...invokeUiTests, ...workspacesUiTests, ...versionFactsUiTests, ...rolloutUiTests];

/** Each step starts from a calm workbench (test/e2e/ui/workbench.ts calmWorkbench), never from what the step before left open. */
export const uiTests: UiTest[] = steps.map((step) => ({
  name: step.name,
  async run(ctx) {
    if (step.continues !== 'the previous step') await calmWorkbench(ctx.page, { clearNotifications: step.continues !== 'notifications' });
    await step.run(ctx);
  },
}));
