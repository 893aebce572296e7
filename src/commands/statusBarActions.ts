import * as vscode from 'vscode';
import { CancelledError } from '../release/errors';
import { AliasNode } from '../tree/nodes/AliasNode';
import type { CommandDeps } from './CommandDeps';
import { CommandIds } from './commandIds';

/** Click on the status-bar alias: the moves that make sense for its current state. */
export function statusBarActions(deps: Pick<CommandDeps, 'statusBar' | 'rollouts'>) {
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
    const rollout = deps.rollouts.forAlias(binding.ref, alias.name);
    const rolloutActions = rollout
      ? [
          rollout.status === 'paused' || !deps.rollouts.isRunningHere(rollout.id)
            ? { label: '$(debug-continue) Resume Rollout', description: `to ${rollout.toVersion}`, command: CommandIds.resumeRollout }
            : { label: '$(debug-pause) Pause Rollout', description: 'hold the current weight', command: CommandIds.pauseRollout },
          { label: '$(check-all) Promote Rollout Now', description: `all traffic → ${rollout.toVersion}`, command: CommandIds.promoteRolloutNow },
          { label: '$(debug-stop) Abort Rollout', description: `all traffic → ${rollout.fromVersion}`, command: CommandIds.abortRollout },
          { label: '$(output) Show Rollout Log', command: CommandIds.showRolloutLog },
        ]
      : [];
    const actions = [
      ...rolloutActions,
      { label: '$(rocket) Release…', description: 'deploy, publish, then move this alias', command: CommandIds.release },
      { label: '$(arrow-swap) Repoint…', description: `now → ${alias.functionVersion}`, command: CommandIds.repointAlias },
      { label: '$(history) Roll Back', description: 'to the previous target', command: CommandIds.rollBackAlias },
      { label: '$(git-compare) Shift Traffic…', description: 'canary', command: CommandIds.shiftTraffic },
      ...(rollout || canary ? [] : [{ label: '$(sync) Start Gradual Rollout…', description: 'shift traffic in steps, health-gated, rolls back by itself', command: CommandIds.startRollout }]),
      ...(canary && !rollout
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
    const argument = choice.command === CommandIds.bindWorkspace || choice.command === CommandIds.showRolloutLog ? undefined : node;
    await vscode.commands.executeCommand(choice.command, argument);
  };
}
