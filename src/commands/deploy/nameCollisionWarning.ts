/**
 * Before a deploy: names in the package that collide on macOS or Windows (they differ only in case
 * or Unicode normalisation). A warning, not a question: Lambda runs on Linux, which keeps both, so
 * the deploy goes on; whoever unzips the package elsewhere should know.
 */
import * as vscode from 'vscode';
import { describeNameCollision, type NameCollision } from '../../release/nameChecks';
import { CommandIds } from '../commandIds';

/** `offerList`: the warning offers "Show What Will Be Deployed" (the workspace's bound package only). */
export function warnNameCollisions(collisions: readonly NameCollision[], packageName: string, offerList = true): void {
  if (!collisions.length) return;
  const more = collisions.length > 1 ? ` (and ${collisions.length - 1} more name clash${collisions.length > 2 ? 'es' : ''})` : '';
  const message = `Deploying ${packageName} with names that clash outside Linux: ${describeNameCollision(collisions[0])}${more}`;
  const showList = 'Show What Will Be Deployed';
  void vscode.window.showWarningMessage(message, ...(offerList ? [showList] : [])).then((choice) => {
    if (choice === showList) void vscode.commands.executeCommand(CommandIds.showPackageContents);
  });
}
