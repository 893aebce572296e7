import * as vscode from 'vscode';
import { CancelledError } from '../../release/errors';
import type { CommandDeps } from '../CommandDeps';

/** "Filter functions…": a name substring, shown in the view's description until cleared. */
export function filterFunctions({ tree }: Pick<CommandDeps, 'tree'>) {
  return async () => {
    const value = await vscode.window.showInputBox({
      title: 'Filter functions',
      prompt: 'Show only functions whose name contains this text (empty clears the filter)',
      value: tree.currentFilter(),
      placeHolder: 'e.g. orders',
    });
    if (value === undefined) throw new CancelledError();
    await tree.setFilter(value);
  };
}

export function clearFilter({ tree }: Pick<CommandDeps, 'tree'>) {
  return () => tree.setFilter('');
}
