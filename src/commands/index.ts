/** The command registry: every command id wired to its handler through the one error wrapper. */
import type * as vscode from 'vscode';
import type { CommandDeps } from './CommandDeps';
import { copyArn } from './copyArn';
import { clearFilter, filterFunctions } from './filterFunctions';
import { openAwsConfig } from './openAwsConfig';
import { refreshAll, refreshNode } from './refresh';
import { registerCommand } from './runCommand';

export const CommandIds = {
  refresh: 'lambdaRelease.refresh',
  refreshNode: 'lambdaRelease.refreshNode',
  filterFunctions: 'lambdaRelease.filterFunctions',
  clearFilter: 'lambdaRelease.clearFilter',
  copyArn: 'lambdaRelease.copyArn',
  openAwsConfig: 'lambdaRelease.openAwsConfig',
} as const;

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const handlers: Record<string, (...args: never[]) => unknown> = {
    [CommandIds.refresh]: refreshAll(deps),
    [CommandIds.refreshNode]: refreshNode(deps),
    [CommandIds.filterFunctions]: filterFunctions(deps),
    [CommandIds.clearFilter]: clearFilter(deps),
    [CommandIds.copyArn]: copyArn(deps),
    [CommandIds.openAwsConfig]: openAwsConfig(),
  };
  return Object.entries(handlers).map(([id, handler]) => registerCommand(deps.log, id, handler));
}
