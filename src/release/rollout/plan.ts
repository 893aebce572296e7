/**
 * Rollout plans, pure: the CodeDeploy-named presets users know and custom step lists, turned into
 * the weights an alias goes through and how long each one is held.
 *
 *   resolvePlan({ preset: 'Canary10Percent5Minutes' })            → 10% for 5 min, then 100%
 *   resolvePlan({ custom: '5, 25, 50, 100', everyMinutes: 2 })     → 5% 2 min, 25% 2 min, 50% 2 min, then 100%
 *   resolvePlan(…, { stepIntervalSeconds: 3 })                     → every hold is 3 s (tests, demos)
 *
 * A plan's steps are the weights BEFORE the promotion; the promotion to 100% is always the last
 * step (a custom list may end with 100 or not: the result is the same). "step 2/4" counts the
 * promotion: `5, 25, 50, 100` has four steps.
 */
import { ReleaseError } from '../errors';

export const PRESET_NAMES = [
  'Canary10Percent5Minutes',
  'Canary10Percent10Minutes',
  'Canary10Percent15Minutes',
  'Linear10PercentEvery1Minute',
  'Linear10PercentEvery2Minutes',
  'Linear10PercentEvery3Minutes',
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

/** One weighted step: `percent` (0 < p < 100) of the alias's traffic to the new version for `holdMs`. */
export interface RolloutStep {
  percent: number;
  holdMs: number;
}

export interface RolloutPlan {
  /** `Canary10Percent5Minutes`, or `custom 5, 25, 50 every 2 min`. */
  name: string;
  /** Weighted steps in order; the promotion to 100% follows the last one. */
  steps: RolloutStep[];
}

export type PlanRequest = { preset: string } | { custom: string; everyMinutes: number };

export interface PlanOptions {
  /** When > 0, every step is held this many seconds instead of the plan's minutes (tests and demos). */
  stepIntervalSeconds?: number;
}

const MINUTE = 60_000;

/** A preset or custom plan → steps with their hold times. Throws ReleaseError('validation') with a usable message. */
export function resolvePlan(request: PlanRequest, options: PlanOptions = {}): RolloutPlan {
  const plan = 'preset' in request ? presetPlan(request.preset) : customPlan(request.custom, request.everyMinutes);
  const override = options.stepIntervalSeconds ?? 0;
  if (!(override > 0)) return plan;
  return { name: `${plan.name} (steps held ${override} s)`, steps: plan.steps.map((s) => ({ ...s, holdMs: override * 1000 })) };
}

function presetPlan(name: string): RolloutPlan {
  const canary = /^Canary10Percent(5|10|15)Minutes$/.exec(name);
  if (canary) return { name, steps: [{ percent: 10, holdMs: Number(canary[1]) * MINUTE }] };
  const linear = /^Linear10PercentEvery([123])Minutes?$/.exec(name);
  if (linear && (PRESET_NAMES as readonly string[]).includes(name)) {
    const hold = Number(linear[1]) * MINUTE;
    return { name, steps: [10, 20, 30, 40, 50, 60, 70, 80, 90].map((percent) => ({ percent, holdMs: hold })) };
  }
  throw new ReleaseError('validation', `Unknown rollout preset "${name}". Use one of ${PRESET_NAMES.join(', ')}, or custom steps.`);
}

/** Why a custom step list typed by the user is not usable, or undefined when it is. */
export function checkCustomSteps(text: string): string | undefined {
  try {
    parseCustomSteps(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `5, 25, 50, 100` (commas or spaces, optional `%`) → [5, 25, 50]: increasing, each 0 < p < 100, 100 allowed last. */
export function parseCustomSteps(text: string): number[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().replace(/%$/, ''))
    .filter(Boolean);
  if (parts.length === 0) throw new ReleaseError('validation', 'Enter the percentages of the steps, e.g. 5, 25, 50, 100.');
  const values = parts.map((part) => {
    if (!/^\d+(\.\d)?$/.test(part)) throw new ReleaseError('validation', `"${part}" is not a percentage: use numbers such as 5, 25, 50 (at most one decimal).`);
    return Number(part);
  });
  if (values.at(-1) === 100) values.pop();
  if (values.length === 0) throw new ReleaseError('validation', 'Give at least one step below 100% (e.g. 10, 100): going straight to 100% is a repoint, not a rollout.');
  for (const [i, value] of values.entries()) {
    if (!(value > 0 && value < 100)) throw new ReleaseError('validation', `${value}% is not a step: each step is more than 0 and less than 100 (100 may only come last).`);
    if (i > 0 && value <= values[i - 1]) throw new ReleaseError('validation', `Steps must increase: ${values[i - 1]}% is followed by ${value}%.`);
  }
  if (values.length > 20) throw new ReleaseError('validation', `${values.length} steps are too many: use at most 20.`);
  return values;
}

function customPlan(text: string, everyMinutes: number): RolloutPlan {
  if (!(everyMinutes > 0) || !Number.isFinite(everyMinutes)) throw new ReleaseError('validation', `Hold each step for more than 0 minutes (got ${everyMinutes}).`);
  const percents = parseCustomSteps(text);
  return {
    name: `custom ${[...percents, 100].join(', ')} every ${formatMinutes(everyMinutes * MINUTE)}`,
    steps: percents.map((percent) => ({ percent, holdMs: Math.round(everyMinutes * MINUTE) })),
  };
}

/** Steps counted the way the status bar shows them: the weighted ones plus the promotion. */
export function totalSteps(plan: RolloutPlan): number {
  return plan.steps.length + 1;
}

/** Time from the first weight to the promotion if every step passes at once. */
export function planDurationMs(plan: RolloutPlan): number {
  return plan.steps.reduce((sum, s) => sum + s.holdMs, 0);
}

/** Each step with its start offset from the first weight: what the confirmation lists. */
export function schedule(plan: RolloutPlan): { step: number; percent: number; atMs: number }[] {
  let at = 0;
  const rows = plan.steps.map((s, i) => {
    const row = { step: i + 1, percent: s.percent, atMs: at };
    at += s.holdMs;
    return row;
  });
  return [...rows, { step: plan.steps.length + 1, percent: 100, atMs: at }];
}

/** `5% → 25% → 50% → 100%, 2 min each (6 min)`. */
export function describePlan(plan: RolloutPlan): string {
  const holds = new Set(plan.steps.map((s) => s.holdMs));
  const each = holds.size === 1 ? `, ${formatDuration(plan.steps[0].holdMs)} each` : '';
  return `${[...plan.steps.map((s) => `${s.percent}%`), '100%'].join(' → ')}${each} (${formatDuration(planDurationMs(plan))} until 100%)`;
}

/** 90_000 → `1:30`, 5_000 → `0:05`, 3_600_000 → `60:00`. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** 300_000 → `5 min`, 90_000 → `1.5 min`, 3_000 → `3 s`. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 100) / 10} s`;
  return formatMinutes(ms);
}

function formatMinutes(ms: number): string {
  return `${Math.round((ms / MINUTE) * 100) / 100} min`;
}
