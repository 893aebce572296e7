import type * as vscode from 'vscode';
import type { Services } from '../services';
import type { LambdaTreeProvider } from '../tree/LambdaTreeProvider';

/** What the registry hands each command; commands take only the parts they use. */
export interface CommandDeps {
  readonly services: Services;
  readonly tree: LambdaTreeProvider;
  readonly log: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
}
