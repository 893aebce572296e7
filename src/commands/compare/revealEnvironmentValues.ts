import * as vscode from 'vscode';
import type { ConfigDocumentProvider } from '../../ui/configDocuments';

/** Toggles environment values in open configuration documents (masked by default). */
export function revealEnvironmentValues(documents: ConfigDocumentProvider) {
  return () => {
    const revealed = documents.toggleReveal();
    vscode.window.setStatusBarMessage(revealed ? '$(eye) Environment values shown' : '$(eye-closed) Environment values masked', 3000);
  };
}
