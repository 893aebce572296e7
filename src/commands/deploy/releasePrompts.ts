/**
 * What Release… asks and shows: the alias (bound one first), the move (options say what exists),
 * a refusal with its ways forward as buttons, and the plan's modal.
 */
import * as vscode from 'vscode';
import type { AliasSummary, FunctionRef } from '../../aws/types';
import { checkWeightPercent, parseWeightPercent } from '../../release/aliases';
import { CancelledError } from '../../release/errors';
import { describeAliasNow, type ReleaseMove, type ReleasePlan, type WayForward } from '../../release/releasePlan';
import type { ReleaseHooks } from '../../release/releaseRun';
import { pickLazily } from '../../ui/pickers';
import type { AliasDeps } from '../aliases/aliasContext';

export async function pickReleaseAlias(deps: AliasDeps, ref: FunctionRef, preferred?: string): Promise<AliasSummary> {
  return pickLazily(`Release ${ref.functionName}: move which alias?`, 'Alias', async () => {
    const aliases = await deps.services.lambda(ref.target).listAliases(ref.functionName);
    const sorted = [...aliases].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
    return sorted.map((a) => ({ label: a.name, description: `${describeAliasNow(a).slice(a.name.length + 1)}${a.name === preferred ? ' · bound to this workspace' : ''}`, value: a }));
  }, { afterModal: true });
}

/** Full, canary, or (with the rollout hook) gradual; the title says where the alias points now. */
export async function pickMove(alias: AliasSummary, hooks: ReleaseHooks): Promise<ReleaseMove> {
  const running = alias.routing[0];
  const items = [
    { label: '$(arrow-right) Move fully', description: `all of ${alias.name}'s traffic to the released version`, move: 'full' as const },
    {
      label: '$(git-compare) Canary',
      description: running ? `part of the traffic; the canary to ${running.version} must end first` : `part of ${alias.name}'s traffic to the released version`,
      move: 'canary' as const,
    },
    ...(hooks.gradual ? [{ label: '$(graph-line) Gradual…', description: 'a rollout in stages', move: 'gradual' as const }] : []),
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `How should ${describeAliasNow(alias)} move?` });
  if (!choice) throw new CancelledError();
  if (choice.move === 'full') return { kind: 'full' };
  if (choice.move === 'gradual' && hooks.gradual) return hooks.gradual.pick(alias);
  const percent = await vscode.window.showInputBox({ title: `Canary of ${alias.name}`, prompt: 'Percent of traffic for the released version (more than 0, less than 100)', value: '10', validateInput: checkWeightPercent });
  if (percent === undefined) throw new CancelledError();
  return { kind: 'canary', weight: parseWeightPercent(percent) };
}

/** The refusal and its ways forward as buttons on the same (modal) message; Cancel is the modal's own. */
export async function askWayForward(ref: FunctionRef, plan: Extract<ReleasePlan, { kind: 'refused' }>): Promise<WayForward> {
  const buttons = plan.waysForward.filter((w) => w.next !== 'cancel');
  const detail = [...plan.findings.filter((f) => f.severity !== 'blocker').map((f) => f.message), `Profile ${ref.target.profile} · region ${ref.target.region}`].join('\n');
  const choice = await vscode.window.showWarningMessage(plan.reason, { modal: true, detail }, ...buttons.map((b) => b.label));
  const way = buttons.find((b) => b.label === choice);
  if (!way) throw new CancelledError();
  return way;
}

/** The whole plan in one modal before anything changes; only "Release" goes ahead. */
export async function confirmPlan(ref: FunctionRef, aliasName: string, plan: Extract<ReleasePlan, { kind: 'ready' }>, description?: string): Promise<void> {
  const steps = plan.detail.map((line, i) => (i < plan.steps.length ? `${i + 1}. ${line}` : line));
  const detail = [
    ...steps,
    ...(description !== undefined && plan.asksDescription ? [`Description of the new version: "${description}"`] : []),
    '',
    `Profile ${ref.target.profile} · region ${ref.target.region}${plan.protectedAlias ? ` · ${aliasName} is a protected alias` : ''}`,
  ].join('\n');
  const message = `Release ${ref.functionName} to ${aliasName}?`;
  const show = plan.protectedAlias ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(message, { modal: true, detail }, 'Release');
  if (choice !== 'Release') throw new CancelledError();
}
