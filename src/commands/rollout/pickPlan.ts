/**
 * Asks for a rollout plan: one of the CodeDeploy-named presets, or custom steps every N minutes.
 * With lambdaRelease.rollout.stepIntervalSeconds set, every step is held that many seconds instead
 * (tests, demos), and the pick says so.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../../release/errors';
import { PRESET_NAMES, checkCustomSteps, describePlan, resolvePlan, type RolloutPlan } from '../../release/rollout/plan';
import { readRolloutSettings } from '../../ui/rolloutSettings';

export async function pickPlan(title: string): Promise<RolloutPlan> {
  const { stepIntervalSeconds } = readRolloutSettings();
  const options = { stepIntervalSeconds };
  const override = stepIntervalSeconds > 0 ? ` · steps held ${stepIntervalSeconds} s (lambdaRelease.rollout.stepIntervalSeconds)` : '';
  const items = [
    ...PRESET_NAMES.map((name) => ({ label: name, description: describePlan(resolvePlan({ preset: name }, options)) + override, preset: name as string | undefined })),
    { label: '$(edit) Custom steps…', description: 'e.g. 5, 25, 50, 100 every N minutes', preset: undefined },
  ];
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'Rollout plan (CodeDeploy-style presets or your own steps)' });
  if (!choice) throw new CancelledError();
  if (choice.preset) return resolvePlan({ preset: choice.preset }, options);

  const steps = await vscode.window.showInputBox({
    title: `${title}: custom steps`,
    prompt: 'Percent of traffic for the new version at each step, increasing; 100 (the promotion) may end the list',
    value: '5, 25, 50, 100',
    validateInput: checkCustomSteps,
  });
  if (steps === undefined) throw new CancelledError();
  const minutes = await vscode.window.showInputBox({
    title: `${title}: hold each step`,
    prompt: `Minutes each step is held before the next one${override ? ` (ignored: ${override.slice(3)})` : ''}`,
    value: '5',
    validateInput: (value) => (Number(value) > 0 && Number.isFinite(Number(value)) ? undefined : 'Enter a number of minutes greater than 0, e.g. 5 or 0.5.'),
  });
  if (minutes === undefined) throw new CancelledError();
  return resolvePlan({ custom: steps, everyMinutes: Number(minutes) }, options);
}
