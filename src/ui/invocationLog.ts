import * as vscode from 'vscode';

let channel: vscode.OutputChannel | undefined;

/**
 * The "Lambda Invocations" output channel: one line per invocation (what was called, what ran,
 * status, REPORT figures, error). Created on the first invocation and disposed with the extension.
 */
export function invocationChannel(context: Pick<vscode.ExtensionContext, 'subscriptions'>): vscode.OutputChannel {
  if (!channel) {
    const created = vscode.window.createOutputChannel('Lambda Invocations');
    channel = created;
    context.subscriptions.push(created, { dispose: () => (channel = channel === created ? undefined : channel) });
  }
  return channel;
}

export function logInvocation(context: Pick<vscode.ExtensionContext, 'subscriptions'>, line: string): void {
  invocationChannel(context).appendLine(`${new Date().toISOString()}  ${line}`);
}
