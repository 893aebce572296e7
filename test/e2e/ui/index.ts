/** Every UI step, in the order scripts/vscode-host/code-test-host.mjs runs them. */
import { explorerUiTests } from './explorer.ui';
import { invokeUiTests } from './invoke.ui';
import { releaseUiTests } from './release.ui';
import { rolloutUiTests } from './rollout.ui';
import { securityUiTests } from './security.ui';
import type { UiTest } from './types';
import { versionFactsUiTests } from './versionFacts.ui';
import { workspacesUiTests } from './workspaces.ui';

export const uiTests: UiTest[] = [...securityUiTests, ...explorerUiTests, ...releaseUiTests, ...invokeUiTests, ...workspacesUiTests, ...versionFactsUiTests, ...rolloutUiTests];
