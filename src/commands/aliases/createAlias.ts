import * as vscode from 'vscode';
import { validateAliasName } from '../../release/aliases';
import { CancelledError } from '../../release/errors';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickVersion } from '../../ui/pickers';
import { aliasOperations, functionOf, refreshOnFailure, reportMove, type AliasDeps } from './aliasContext';

/** "Create Alias…": name (validated as typed), then the version it points at. */
export function createAlias(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    // Read while the user types, so an existing name is flagged before anything is sent.
    const existing = deps.services.lambda(ref.target).listAliases(ref.functionName).catch(() => []);
    const name = await vscode.window.showInputBox({
      title: `Create an alias of ${ref.functionName}`,
      prompt: '1–128 letters, digits, - or _; not only digits',
      placeHolder: 'e.g. beta',
      validateInput: async (value) => {
        const problem = validateAliasName(value.trim());
        if (problem) return problem;
        const same = (await existing).find((a) => a.name === value.trim());
        return same ? `${same.name} already exists (→ ${same.functionVersion}): use "Repoint Alias…" to move it.` : undefined;
      },
    });
    if (name === undefined) throw new CancelledError();
    const version = await pickVersion(deps.services, ref, { title: `Point ${name.trim()} at which version?` });
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).createAlias(ref.functionName, name.trim(), version.version));
    reportMove(deps, ref, result);
  };
}
