/** Thin activation: build the services, register the tree and the commands, push disposables. */
import * as vscode from 'vscode';
import { registerCommands } from './commands/index';
import { AliasHistory, aliasKeyFromArn } from './release/aliasHistory';
import { Services } from './services';
import { SettingKeys, qualified, type SettingKey } from './settingKeys';
import { LambdaTreeProvider, VIEW_ID } from './tree/LambdaTreeProvider';
import type { TreeNode } from './tree/nodes/TreeNode';
import { rememberTargets, type TargetIdentity } from './ui/bindingConsent';
import { FunctionChangeEvents } from './ui/changeEvents';
import { noticeIgnoredWorkspaceSettings } from './ui/ignoredWorkspaceSettings';
import { CONFIG_SCHEME, ConfigDocumentProvider } from './ui/configDocuments';
import { createLogChannel } from './ui/logger';
import { LogTails } from './ui/logTails';
import { Rollouts } from './ui/rollouts';
import { REPORT_SCHEME, ReportDocuments } from './ui/readOnlyDocuments';
import { AliasStatusBar } from './ui/statusBar';

/** What activate() returns: used by the e2e tests inside the extension host. */
export interface ExtensionApi {
  readonly tree: LambdaTreeProvider;
  readonly services: Services;
  readonly statusBar: AliasStatusBar;
  readonly tails: LogTails;
  readonly rollouts: Rollouts;
  /** Records deploy targets as confirmed on this machine (as "Bind Workspace to Function…" does). */
  readonly rememberTargets: (ids: readonly TargetIdentity[]) => Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = createLogChannel();
  const services = new Services(log, context.globalStorageUri.fsPath);
  const changes = new FunctionChangeEvents();
  const tree = new LambdaTreeProvider(services, context.workspaceState, changes);
  const history = new AliasHistory(context.globalState);
  const statusBar = new AliasStatusBar(services, changes, (alias) => {
    const key = aliasKeyFromArn(alias.arn);
    return key ? history.list(key).at(-1)?.at : undefined;
  });
  const documents = new ConfigDocumentProvider(services);
  const tails = new LogTails(services);
  const reports = new ReportDocuments();
  const rollouts = new Rollouts(services, context, changes);
  statusBar.attachRollouts(rollouts);
  tree.attachRollouts(rollouts);
  const view = vscode.window.createTreeView<TreeNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);

  context.subscriptions.push(
    log,
    services,
    changes,
    tree,
    view,
    statusBar,
    documents,
    tails,
    reports,
    rollouts,
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, documents),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    ...registerCommands({ services, tree, log, context, changes, statusBar, documents, tails, reports, rollouts }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const changed = (...keys: SettingKey[]) => keys.some((key) => event.affectsConfiguration(qualified(key)));
      // Only what the clients are built from rebuilds them (binding a workspace must not cut a running upload).
      if (changed(SettingKeys.endpointUrl, SettingKeys.maxAttempts, SettingKeys.maxConcurrentRequests, SettingKeys.requestTimeoutSeconds, SettingKeys.invokeTimeoutSeconds)) {
        services.onSettingsChanged();
      }
      if (changed(SettingKeys.endpointUrl, SettingKeys.extraRegions, SettingKeys.hiddenProfiles)) tree.refresh();
      if (changed(SettingKeys.endpointUrl)) void noticeIgnoredWorkspaceSettings(context.workspaceState, log);
    }),
  );
  // After activate() returns: a bound workspace's first read loads the SDK bundle (tens of ms).
  const firstRead = setTimeout(() => {
    void statusBar.refresh();
    // A rollout left unfinished by a closed or crashed window: say so and offer Resume / Abort / Leave As Is.
    rollouts.recover();
    // A workspace's endpointUrl is ignored (machine scope): say so once, naming the file and value.
    void noticeIgnoredWorkspaceSettings(context.workspaceState, log);
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(firstRead) });
  log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (AWS SDK not loaded yet)`);
  return { tree, services, statusBar, tails, rollouts, rememberTargets: (ids) => rememberTargets(context.workspaceState, ids) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
