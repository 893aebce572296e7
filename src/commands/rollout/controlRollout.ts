/**
 * Pause / Resume / Promote Now / Abort of a gradual rollout (alias node, palette, status-bar menu),
 * and the menu of the rollout status item. Each says what is now true, or why it was refused.
 */
import * as vscode from 'vscode';
import { CancelledError, ReleaseError } from '../../release/errors';
import { shortStage } from '../../release/rollout/stage';
import type { RolloutCommand, RolloutRecord } from '../../release/rollout/state';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import type { Rollouts } from '../../ui/rollouts';
import { CommandIds } from '../commandIds';

type ControlDeps = { rollouts: Rollouts; log: vscode.LogOutputChannel };

const DONE: Record<RolloutCommand, string> = {
  pause: 'paused: the current weight stays, nothing advances until Resume',
  resume: 'resumed',
  promoteNow: 'promoting the new version to 100% now',
  abort: 'aborting: all traffic back to the old version',
  leave: 'left as it is',
};

export function controlRollout(deps: ControlDeps, command: Exclude<RolloutCommand, 'leave'>) {
  return async (node?: TreeNode) => {
    const record = await rolloutOf(deps.rollouts, node, command);
    if (command === 'abort' || command === 'promoteNow') {
      const question =
        command === 'abort'
          ? `Abort the rollout of ${record.ref.functionName}:${record.aliasName}? All traffic goes back to version ${record.fromVersion}.`
          : `Promote version ${record.toVersion} of ${record.ref.functionName}:${record.aliasName} to 100% now, skipping the remaining steps?`;
      const button = command === 'abort' ? 'Abort Rollout' : 'Promote Now';
      const detail = `Profile ${record.ref.target.profile} · region ${record.ref.target.region} · now ${shortStage(record)}`;
      if ((await vscode.window.showWarningMessage(question, { modal: true, detail }, button)) !== button) throw new CancelledError();
    }
    const refused = await deps.rollouts.command(record, command);
    if (refused) throw new ReleaseError('validation', refused);
    const message = `${record.ref.functionName}:${record.aliasName}: rollout ${DONE[command]}.`;
    deps.log.info(message);
    void vscode.window.showInformationMessage(message);
  };
}

/** The rollout status item's menu: the actions of the rollout(s) shown there. */
export function rolloutActions(deps: ControlDeps) {
  return async () => {
    const record = await rolloutOf(deps.rollouts, undefined, 'act on');
    const paused = record.status === 'paused' || !deps.rollouts.isRunningHere(record.id);
    const items = [
      paused ? { label: '$(debug-continue) Resume Rollout', command: CommandIds.resumeRollout } : { label: '$(debug-pause) Pause Rollout', command: CommandIds.pauseRollout },
      { label: '$(check-all) Promote Rollout Now', description: `all traffic → ${record.toVersion}`, command: CommandIds.promoteRolloutNow },
      { label: '$(debug-stop) Abort Rollout', description: `all traffic → ${record.fromVersion}`, command: CommandIds.abortRollout },
      { label: '$(output) Show Rollout Log', command: CommandIds.showRolloutLog },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: `${record.ref.functionName}:${record.aliasName} · ${shortStage(record)}`, placeHolder: record.lastGate?.summary });
    if (!choice) throw new CancelledError();
    await vscode.commands.executeCommand(choice.command, record.id);
  };
}

/** The rollout of an alias node, the one whose id a menu passed, the only active one, or one picked. */
async function rolloutOf(rollouts: Rollouts, node: TreeNode | string | undefined, verb: string): Promise<RolloutRecord> {
  if (node instanceof AliasNode) {
    const record = rollouts.forAlias(node.ref, node.alias.name);
    if (!record) throw new ReleaseError('validation', `${node.ref.functionName}:${node.alias.name} has no unfinished rollout.`);
    return record;
  }
  const active = rollouts.active();
  if (typeof node === 'string') {
    const found = active.find((r) => r.id === node);
    if (found) return found;
  }
  if (active.length === 0) throw new ReleaseError('validation', 'No gradual rollout is running.', { hint: 'Start one with "Start Gradual Rollout…" on an alias.' });
  if (active.length === 1) return active[0];
  const choice = await vscode.window.showQuickPick(
    active.map((r) => ({ label: `${r.ref.functionName}:${r.aliasName}`, description: `${shortStage(r)} · ${r.ref.target.profile}, ${r.ref.target.region}`, record: r })),
    { title: `Which rollout do you want to ${verb === 'promoteNow' ? 'promote' : verb}?` },
  );
  if (!choice) throw new CancelledError();
  return choice.record;
}
