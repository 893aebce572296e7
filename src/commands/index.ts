/** The command registry: every command id wired to its handler through the one error wrapper. */
import * as vscode from 'vscode';
import { ReleaseError } from '../release/errors';
import { bindWorkspace } from './deploy/bindWorkspace';
import { abortCanary, promoteCanary, shiftTraffic } from './aliases/canary';
import type { CommandDeps } from './CommandDeps';
import { CommandIds } from './commandIds';
import { compareVersions, compareWithPrevious } from './compare/compareVersions';
import { copyArn } from './explorer/copyArn';
import { createAlias } from './aliases/createAlias';
import { deleteAlias } from './aliases/deleteAlias';
import { deployWorkspace } from './deploy/deployWorkspace';
import { deployImage } from './deploy/deployImage';
import { deployChanged } from './deploy/deployChanged';
import { clearFilter, filterFunctions } from './explorer/filterFunctions';
import { openAwsConfig } from './explorer/openAwsConfig';
import { publishVersion } from './deploy/publishVersion';
import { refreshAll, refreshNode } from './explorer/refresh';
import { release } from './deploy/release';
import { releaseHooks } from './deploy/releaseHooks';
import { repointAlias } from './aliases/repointAlias';
import { revealEnvironmentValues } from './compare/revealEnvironmentValues';
import { rollBackAlias } from './aliases/rollBackAlias';
import { registerCommand } from './runCommand';
import { showPackageContents } from './deploy/showPackageContents';
import { statusBarActions } from './statusBarActions';
import { controlRollout, rolloutActions } from './rollout/controlRollout';
import { startRollout } from './rollout/startRollout';
import { stopTailing, tailLogs } from './logs/tailLogs';
import { checkRouting } from './invoke/checkRouting';
import { invoke } from './invoke/invoke';
import { runSmokeTestsCommand } from './invoke/runSmokeTests';
import { newTestEvent, saveTestEvent } from './invoke/testEventCommands';
import { copyFunctionUrl, createFunctionUrl, openFunctionUrl } from './versionFacts/functionUrl';
import { removeProvisionedConcurrency, setProvisionedConcurrency } from './versionFacts/provisionedConcurrency';
import { pruneVersions } from './versionFacts/pruneVersions';
import { removeReservedConcurrency, setReservedConcurrency } from './versionFacts/reservedConcurrency';
import { pinRuntimeOfVersion, setRuntimeUpdateMode } from './versionFacts/runtimeManagement';

export { CommandIds } from './commandIds';

/**
 * Commands that change AWS or read workspace files into a package. The manifest disables them in
 * an untrusted workspace (`enablement`); this list also guards calls made through executeCommand
 * (status-bar menu, notification buttons), which `enablement` does not cover.
 */
export const TRUSTED_ONLY: ReadonlySet<string> = new Set([
  CommandIds.release,
  CommandIds.deployWorkspace,
  CommandIds.publishVersion,
  CommandIds.showPackageContents,
  CommandIds.deployImage,
  CommandIds.deployChanged,
  CommandIds.createAlias,
  CommandIds.repointAlias,
  CommandIds.pointAliasHere,
  CommandIds.rollBackAlias,
  CommandIds.shiftTraffic,
  CommandIds.promoteCanary,
  CommandIds.abortCanary,
  CommandIds.deleteAlias,
  // Invoke sends workspace files (events) to AWS and runs the function.
  CommandIds.invoke,
  CommandIds.runSmokeTests,
  CommandIds.checkRouting,
  CommandIds.startRollout,
  CommandIds.resumeRollout,
  CommandIds.promoteRolloutNow,
  CommandIds.abortRollout,
  // Version facts that change what runs in production.
  CommandIds.setReservedConcurrency,
  CommandIds.removeReservedConcurrency,
  CommandIds.setProvisionedConcurrency,
  CommandIds.removeProvisionedConcurrency,
  CommandIds.createFunctionUrl,
  CommandIds.setRuntimeUpdateMode,
  CommandIds.pinRuntimeOfVersion,
  CommandIds.pruneVersions,
]);

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const handlers: Partial<Record<string, (...args: never[]) => unknown>> = {
    [CommandIds.refresh]: refreshAll(deps),
    [CommandIds.refreshNode]: refreshNode(deps),
    [CommandIds.filterFunctions]: filterFunctions(deps),
    [CommandIds.clearFilter]: clearFilter(deps),
    [CommandIds.copyArn]: copyArn(deps),
    [CommandIds.openAwsConfig]: openAwsConfig(),
    [CommandIds.bindWorkspace]: bindWorkspace(deps),
    [CommandIds.createAlias]: createAlias(deps),
    [CommandIds.repointAlias]: repointAlias(deps),
    [CommandIds.pointAliasHere]: repointAlias(deps),
    [CommandIds.rollBackAlias]: rollBackAlias(deps),
    [CommandIds.shiftTraffic]: shiftTraffic(deps),
    [CommandIds.promoteCanary]: promoteCanary(deps),
    [CommandIds.abortCanary]: abortCanary(deps),
    [CommandIds.deleteAlias]: deleteAlias(deps),
    [CommandIds.statusBarActions]: statusBarActions(deps),
    [CommandIds.deployWorkspace]: deployWorkspace(deps),
    [CommandIds.publishVersion]: publishVersion(deps),
    [CommandIds.showPackageContents]: showPackageContents(deps),
    [CommandIds.deployImage]: deployImage(deps),
    [CommandIds.deployChanged]: deployChanged(deps),
    [CommandIds.release]: release({ ...deps, hooks: (ref, releasing) => releaseHooks(deps, ref, releasing) }),
    [CommandIds.compareVersions]: compareVersions(deps),
    [CommandIds.compareWithPrevious]: compareWithPrevious(deps),
    [CommandIds.revealEnvironmentValues]: revealEnvironmentValues(deps.documents),
    [CommandIds.tailLogs]: tailLogs(deps),
    [CommandIds.stopTailing]: stopTailing(deps),
    [CommandIds.invoke]: invoke(deps),
    [CommandIds.newTestEvent]: newTestEvent(deps),
    [CommandIds.saveTestEvent]: saveTestEvent(deps),
    [CommandIds.runSmokeTests]: runSmokeTestsCommand(deps),
    [CommandIds.checkRouting]: checkRouting(deps),
    [CommandIds.startRollout]: startRollout(deps),
    [CommandIds.pauseRollout]: controlRollout(deps, 'pause'),
    [CommandIds.resumeRollout]: controlRollout(deps, 'resume'),
    [CommandIds.promoteRolloutNow]: controlRollout(deps, 'promoteNow'),
    [CommandIds.abortRollout]: controlRollout(deps, 'abort'),
    [CommandIds.rolloutActions]: rolloutActions(deps),
    [CommandIds.showRolloutLog]: () => deps.rollouts.showLog(),
    [CommandIds.setReservedConcurrency]: setReservedConcurrency(deps),
    [CommandIds.removeReservedConcurrency]: removeReservedConcurrency(deps),
    [CommandIds.setProvisionedConcurrency]: setProvisionedConcurrency(deps),
    [CommandIds.removeProvisionedConcurrency]: removeProvisionedConcurrency(deps),
    [CommandIds.copyFunctionUrl]: copyFunctionUrl(deps),
    [CommandIds.openFunctionUrl]: openFunctionUrl(deps),
    [CommandIds.createFunctionUrl]: createFunctionUrl(deps),
    [CommandIds.setRuntimeUpdateMode]: setRuntimeUpdateMode(deps),
    [CommandIds.pinRuntimeOfVersion]: pinRuntimeOfVersion(deps),
    [CommandIds.pruneVersions]: pruneVersions(deps),
  };
  return Object.entries(handlers).flatMap(([id, handler]) => {
    if (!handler) return [];
    return [registerCommand(deps.log, id, TRUSTED_ONLY.has(id) ? requireTrust(id, handler) : handler)];
  });
}

function requireTrust(id: string, handler: (...args: never[]) => unknown): (...args: never[]) => unknown {
  return (...args: never[]) => {
    if (!vscode.workspace.isTrusted) {
      throw new ReleaseError('validation', `${id} is disabled in an untrusted workspace: the explorer and compare stay read-only.`, {
        hint: 'Trust the workspace (Workspaces: Manage Workspace Trust) to deploy or move aliases.',
      });
    }
    return handler(...args);
  };
}
