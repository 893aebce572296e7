/** Every UI step, in the order scripts/vscode-host/code-test-host.mjs runs them. */
import { explorerUiTests } from './explorer.ui';
import { invokeUiTests } from './invoke.ui';
import { releaseUiTests } from './release.ui';
import { rolloutUiTests } from './rollout.ui';
import { securityUiTests } from './security.ui';
import { boundFirstUiTests, releasePlanUiTests, startupUiTests } from './releasePlan.ui';
import type { UiTest } from './types';
import { versionFactsUiTests } from './versionFacts.ui';
import { workspacesUiTests } from './workspaces.ui';

export const uiTests: UiTest[] = [...startupUiTests, ...securityUiTests, ...explorerUiTests, ...releaseUiTests, ...releasePlanUiTests, ...boundFirstUiTests, ...invokeUiTests, ...workspacesUiTests, ...versionFactsUiTests, ...rolloutUiTests];
