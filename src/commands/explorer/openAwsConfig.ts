import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Opens the shared config file (AWS_CONFIG_FILE or ~/.aws/config), creating an empty one if absent. */
export function openAwsConfig() {
  return async () => {
    const file = process.env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
    const uri = vscode.Uri.file(file);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('[default]\nregion = us-east-1\n'));
    }
    await vscode.window.showTextDocument(uri);
  };
}
