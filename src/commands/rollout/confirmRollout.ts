/**
 * The one confirmation of a rollout: names profile, region, function, alias, from/to versions, the
 * steps with their times, the health gate with its thresholds, the pre-flight findings, and says it
 * advances only while this window is open. Only "Start Rollout" goes ahead.
 */
import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { formatFindings, type PreflightFinding } from '../../release/preflight';
import type { GateSettings } from '../../release/rollout/gate';
import { describePlan, formatDuration, type RolloutPlan } from '../../release/rollout/plan';

export interface RolloutProposal {
  ref: FunctionRef;
  aliasName: string;
  fromVersion: string;
  toVersion: string;
  plan: RolloutPlan;
  gate: GateSettings;
  pollIntervalMs: number;
  maxUnjudgeableMs: number;
  findings?: PreflightFinding[];
  smoke?: string;
}

export function describeGate(gate: GateSettings, pollIntervalMs: number, maxUnjudgeableMs: number): string {
  return [
    `version errors (incl. throttles) ≤ ${gate.maxErrorRatePercent}% and ≤ the old version's rate + ${gate.errorRateMarginPercent} points, from ${gate.minInvocations} invocations (fewer: ${gate.noTraffic === 'advance' ? 'the step advances anyway, and says so' : 'the step waits'})`,
    gate.logErrorThreshold > 0 ? `${gate.logErrorThreshold} error line${gate.logErrorThreshold === 1 ? '' : 's'} in the new version's logs abort` : 'log signal off',
    gate.alarmNames.length ? `alarms: ${gate.alarmNames.join(', ')} in ALARM abort` : 'no alarms named (lambdaRelease.rollout.alarmNames)',
    `read every ${formatDuration(pollIntervalMs)}; a step that cannot be judged for ${formatDuration(maxUnjudgeableMs)} after its hold aborts`,
  ].join('; ');
}

export function rolloutConfirmation(p: RolloutProposal): { message: string; detail: string } {
  const where = `${p.ref.functionName}:${p.aliasName}`;
  return {
    message: `Start a gradual rollout of ${where} from version ${p.fromVersion} to ${p.toVersion}?`,
    detail: [
      `Profile ${p.ref.target.profile} · region ${p.ref.target.region}`,
      `Plan ${p.plan.name}: ${describePlan(p.plan)}.`,
      `Health gate on version ${p.toVersion} alone: ${describeGate(p.gate, p.pollIntervalMs, p.maxUnjudgeableMs)}. A failure puts all traffic back on ${p.fromVersion}.`,
      p.smoke ? `Smoke tests: ${p.smoke}.` : undefined,
      p.findings?.length ? `Pre-flight:\n${formatFindings(p.findings)}` : undefined,
      'The rollout advances only while this VS Code window is open. If it closes, the alias keeps its current weights and the next window asks whether to resume or abort.',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

export async function confirmRollout(p: RolloutProposal): Promise<boolean> {
  const { message, detail } = rolloutConfirmation(p);
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Start Rollout')) === 'Start Rollout';
}
