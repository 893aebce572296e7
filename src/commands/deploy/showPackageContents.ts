import * as vscode from 'vscode';
import { describeNameCollision } from '../../release/nameChecks';
import { settings } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { formatBytes } from '../../tree/format';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { resolveDeployTarget } from '../../ui/workspaceBinding';
import type { CommandDeps } from '../CommandDeps';

/** "Show What Will Be Deployed": the selected files and sizes, what was withheld, and secret-looking files. */
export function showPackageContents(deps: Pick<CommandDeps, 'services' | 'reports'>) {
  return async (node?: TreeNode) => {
    const binding = await resolveDeployTarget(deps.services, isFunctionScoped(node) ? node.ref : undefined);
    const selection = await deps.services.packaging().selectFiles(binding.sourceFolder, {
      extraExcludes: settings().get<string[]>(SettingKeys.excludePatterns, []),
      reincludeSecrets: settings().get<string[]>(SettingKeys.includeSecretFiles, []),
    });
    const lines = [
      `# What will be deployed to ${binding.ref.functionName}`,
      '',
      `Source folder: ${binding.sourceFolder}`,
      `${selection.files.length} files, ${formatBytes(selection.totalSize)} unzipped`,
      '',
    ];
    if (selection.suspectedSecrets.length) {
      lines.push('## ⚠ Files that look like secrets (they WILL be deployed)', '');
      for (const s of selection.suspectedSecrets) lines.push(`- ${s.relativePath}: ${s.reason}`);
      lines.push('', 'Add them to .lambdaignore unless they belong in the package.', '');
    }
    if (selection.nameCollisions.length) {
      lines.push('## ⚠ Names that clash on macOS or Windows (they WILL be deployed)', '');
      for (const collision of selection.nameCollisions) lines.push(`- ${describeNameCollision(collision)}`);
      lines.push('', 'Rename one of each, or leave one out with .lambdaignore, if the package is ever unzipped there.', '');
    }
    if (selection.withheldSecrets.length) {
      lines.push('## Withheld (secret files are never deployed unless asked)', '');
      lines.push('To deploy one of these on purpose, add its pattern to `lambdaRelease.deploy.includeSecretFiles`.', '');
      for (const path of selection.withheldSecrets) lines.push(`- ${path}`);
      lines.push('');
    }
    lines.push('## Files', '', '| size | path |', '|---:|---|');
    for (const file of selection.files) lines.push(`| ${formatBytes(file.size)} | ${file.relativePath}${file.executable ? ' (executable)' : ''} |`);
    await deps.reports.show(`What will be deployed to ${binding.ref.functionName}.md`, lines.join('\n') + '\n');
    if (selection.suspectedSecrets.length) {
      void vscode.window.showWarningMessage(`${selection.suspectedSecrets.length} file(s) in the package look like secrets: see the list.`);
    }
    if (selection.nameCollisions.length) {
      void vscode.window.showWarningMessage(`${selection.nameCollisions.length} group(s) of file names in the package clash on macOS or Windows (case or Unicode normalization): see the list.`);
    }
  };
}
