import * as vscode from 'vscode';
import { validateAliasName } from '../release/aliases';
import { CancelledError } from '../release/errors';
import type { TreeNode } from '../tree/nodes/TreeNode';
import { pickVersion } from '../ui/pickers';
import { aliasOperations, functionOf, reportMove, type AliasDeps } from './aliasContext';

/** "Create Alias…": name (validated as typed), then the version it points at. */
export function createAlias(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    const name = await vscode.window.showInputBox({
      title: `Create an alias of ${ref.functionName}`,
      prompt: '1–128 letters, digits, - or _; not only digits',
      placeHolder: 'e.g. beta',
      validateInput: (value) => validateAliasName(value.trim()),
    });
    if (name === undefined) throw new CancelledError();
    const version = await pickVersion(deps.services, ref, { title: `Point ${name.trim()} at which version?` });
    const result = await aliasOperations(deps, ref).createAlias(ref.functionName, name.trim(), version.version);
    reportMove(deps, ref, result);
  };
}
