import * as vscode from 'vscode';
import { CancelledError, ReleaseError, isCancellation } from '../release/errors';

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
        log.info(`${id}: ${(error as Error).message || 'cancelled'}`);
        if (error instanceof CancelledError && error.stateReport) void vscode.window.showWarningMessage(error.message);
        return undefined;
      }
      reportError(log, id, error);
      return undefined;
    }
  });
}

export function reportError(log: vscode.LogOutputChannel, id: string, error: unknown): void {
  log.error(`${id} failed:`, describeForLog(error));
  const message = error instanceof ReleaseError ? [error.message, error.hint].filter(Boolean).join(' ') : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  void vscode.window.showErrorMessage(message, 'Show Logs').then((choice) => {
    if (choice === 'Show Logs') log.show(true);
  });
}

/** The error and its causes, one per line: enough to debug without dumping request objects. */
function describeForLog(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { name?: string; message?: string; stack?: string; cause?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string } };
    const meta = e.$metadata ? ` [HTTP ${e.$metadata.httpStatusCode ?? '?'}${e.$metadata.requestId ? `, request ${e.$metadata.requestId}` : ''}]` : '';
    lines.push(`${depth ? 'caused by ' : ''}${e.name ?? 'Error'}: ${e.message ?? String(current)}${meta}`);
    current = e.cause;
  }
  return lines.join('\n  ');
}
