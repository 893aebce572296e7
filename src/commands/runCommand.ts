import * as vscode from 'vscode';
import { CancelledError, ReleaseError, describeForLog, describeForUser, isCancellation, userFacing } from '../release/errors';

/**
 * The one wrapper around every command (DESIGN.md rule 4): cancellation is silent; anything else
 * is logged to the LogOutputChannel and shown once, briefly, with a "Show Logs" action.
 */
export function registerCommand(
  log: vscode.LogOutputChannel,
  id: string,
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      if (isCancellation(error)) {
        const { message } = userFacing(error);
        log.info(`${id}: ${error instanceof ReleaseError ? message : 'cancelled'}`);
        if (error instanceof CancelledError && error.stateReport) void vscode.window.showWarningMessage(message);
        return undefined;
      }
      reportError(log, id, error);
      return undefined;
    }
  });
}

export function reportError(log: vscode.LogOutputChannel, id: string, error: unknown): void {
  log.error(`${id} failed:`, describeForLog(error));
  void vscode.window.showErrorMessage(describeForUser(error), 'Show Logs').then((choice) => {
    if (choice === 'Show Logs') log.show(true);
  });
}
