import * as vscode from 'vscode';

/** The extension's one diagnostics channel (a LogOutputChannel: levels, timestamps, user-set level). */
export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Lambda Release Manager', { log: true });
}
