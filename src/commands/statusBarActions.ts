import * as vscode from 'vscode';
import { CancelledError } from '../release/errors';
import { AliasNode } from '../tree/nodes/AliasNode';
import type { CommandDeps } from './CommandDeps';
import { CommandIds } from './commandIds';

/** Click on the status-bar alias: the moves that make sense for its current state. */
export function statusBarActions(deps: Pick<CommandDeps, 'statusBar'>) {
  return async () => {
    await deps.statusBar.refresh();
    const current = deps.statusBar.current;
    if (!current) {
      await vscode.commands.executeCommand(CommandIds.bindWorkspace);
      return;
    }
    const { binding, alias } = current;
    const canary = alias.routing.length > 0;
    // Moves need a trusted workspace; untrusted, the menu only offers what stays read-only.
    const trusted = vscode.workspace.isTrusted;
    const actions = [
      { label: '$(rocket) Release…', description: 'deploy, publish, then move this alias', command: CommandIds.release },
      { label: '$(arrow-swap) Repoint…', description: `now → ${alias.functionVersion}`, command: CommandIds.repointAlias },
      { label: '$(history) Roll Back', description: 'to the previous target', command: CommandIds.rollBackAlias },
      { label: '$(git-compare) Shift Traffic…', description: 'canary', command: CommandIds.shiftTraffic },
      ...(canary
        ? [
            { label: '$(check) Promote Canary', description: `all traffic → ${alias.routing[0].version}`, command: CommandIds.promoteCanary },
            { label: '$(close) Abort Canary', description: `all traffic → ${alias.functionVersion}`, command: CommandIds.abortCanary },
          ]
        : []),
      { label: '$(play) Invoke…', description: `run ${alias.name} with a test event`, command: CommandIds.invoke },
      { label: '$(beaker) Run Smoke Tests', description: `against the version(s) ${alias.name} routes to`, command: CommandIds.runSmokeTests },
      ...(canary ? [{ label: '$(pulse) Check Routing', description: 'count which version serves each call', command: CommandIds.checkRouting }] : []),
      { label: '$(link) Bind to Another Function or Alias…', command: CommandIds.bindWorkspace },
    ];
    const offered = trusted ? actions : actions.filter((a) => a.command === CommandIds.bindWorkspace);
    const choice = await vscode.window.showQuickPick(offered, { title: `${binding.ref.functionName}:${alias.name}`, placeHolder: 'What do you want to do?' });
    if (!choice) throw new CancelledError();
    const node = AliasNode.detached(binding.ref, alias);
    await vscode.commands.executeCommand(choice.command, choice.command === CommandIds.bindWorkspace ? undefined : node);
  };
}
