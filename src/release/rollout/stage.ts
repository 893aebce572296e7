/**
 * How a rollout reads in one line, pure: the status bar's stage and the alias node's description.
 *
 *   stageText(record, now)  → `rollout 25% → 42 · step 2/4 · next 3:12`
 *                             `rollout 25% → 42 · step 2/4 · paused` / `· waiting for data`
 *                             `rollout starting → 42` / `rollout promoting → 42` / `rollout aborting → 41`
 *   shortStage(record)      → `rollout 25% → 42 · step 2/4` (no countdown: the tree is not redrawn every second)
 */
import { formatCountdown } from './plan';
import { remainingHoldMs, stepLabel, type RolloutRecord } from './state';

export function shortStage(record: RolloutRecord): string {
  switch (record.status) {
    case 'pending':
      return `rollout starting → ${record.toVersion}`;
    case 'promoting':
      return `rollout promoting → ${record.toVersion}`;
    case 'aborting':
      return `rollout aborting → ${record.fromVersion}`;
    case 'done':
      return `rollout done → ${record.toVersion}`;
    case 'aborted':
      return `rollout aborted → ${record.fromVersion}`;
    case 'stopped':
      return 'rollout stopped';
    default:
      return `rollout ${record.plan.steps[Math.max(0, record.step)].percent}% → ${record.toVersion} · ${stepLabel(record)}${record.status === 'paused' ? ' · paused' : ''}`;
  }
}

export function stageText(record: RolloutRecord, now: number): string {
  const short = shortStage(record);
  if (record.status !== 'running' || record.step < 0) return short;
  if (record.wantStep > record.step) return `${short} · moving`;
  const left = remainingHoldMs(record, now) ?? 0;
  if (left > 0) return `${short} · next ${formatCountdown(left)}`;
  return `${short} · ${record.lastGate?.verdict === 'wait' ? 'waiting for data' : 'judging'}`;
}
