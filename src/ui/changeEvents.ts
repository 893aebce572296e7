import * as vscode from 'vscode';
import type { FunctionRef } from '../aws/types';

/**
 * Fired after any command changes a function (deploy, publish, alias moves), from the tree, the
 * palette or the status bar; the tree and the status bar listen and refresh what it touched.
 */
export class FunctionChangeEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FunctionRef>();
  readonly onDidChange = this.emitter.event;

  fire(ref: FunctionRef): void {
    this.emitter.fire(ref);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
