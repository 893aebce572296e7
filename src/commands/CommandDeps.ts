import type * as vscode from 'vscode';
import type { Services } from '../services';
import type { LambdaTreeProvider } from '../tree/LambdaTreeProvider';
import type { FunctionChangeEvents } from '../ui/changeEvents';
import type { ConfigDocumentProvider } from '../ui/configDocuments';
import type { LogTails } from '../ui/logTails';
import type { ReportDocuments } from '../ui/readOnlyDocuments';
import type { Rollouts } from '../ui/rollouts';
import type { AliasStatusBar } from '../ui/statusBar';

/** What the registry hands each command; commands take only the parts they use. */
export interface CommandDeps {
  readonly services: Services;
  readonly tree: LambdaTreeProvider;
  readonly log: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
  /** Fired after a command changed a function; the tree and status bar refresh. */
  readonly changes: FunctionChangeEvents;
  readonly statusBar: AliasStatusBar;
  readonly documents: ConfigDocumentProvider;
  readonly tails: LogTails;
  readonly reports: ReportDocuments;
  /** Gradual rollouts run by this window. */
  readonly rollouts: Rollouts;
}
