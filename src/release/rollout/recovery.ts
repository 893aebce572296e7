/**
 * What a window says about a rollout it finds unfinished at start-up (after a reload or a crash),
 * pure: the message, and the choices it may offer. Nothing advances while no window runs a
 * rollout, and nothing is left split without telling: the user chooses Resume, Abort (back to the
 * old version) or Leave As Is (the record ends as stopped and the alias keeps its weights).
 */
import { describeWeight, type RolloutRecord } from './state';
import { DEFAULT_LEASE_MS, checkLease } from './store';

export type RecoveryChoice = 'Resume' | 'Abort' | 'Leave As Is';

export interface RecoveryOffer {
  message: string;
  choices: RecoveryChoice[];
  /** Set when another live window runs it: say so, offer nothing, look again after this many ms. */
  ownedElsewhereForMs?: number;
}

export function recoveryOffer(record: RolloutRecord, ownerId: string, now: number, leaseMs = DEFAULT_LEASE_MS): RecoveryOffer {
  const where = `${record.ref.functionName}:${record.aliasName} (${record.ref.target.profile}, ${record.ref.target.region})`;
  const lease = checkLease(record, ownerId, now, leaseMs);
  if (!lease.ok) {
    return { message: `The rollout of ${where} to ${record.toVersion} runs in another VS Code window (${lease.reason}).`, choices: [], ownedElsewhereForMs: lease.retryInMs };
  }
  const at = describeWeight(record);
  const state =
    record.status === 'promoting'
      ? `it was promoting ${record.toVersion} to 100%`
      : record.status === 'aborting'
        ? `it was aborting back to ${record.fromVersion}`
        : record.status === 'paused'
          ? `it was paused at ${at}`
          : `it stopped advancing at ${at} when the window that ran it closed`;
  return {
    message: `Unfinished gradual rollout of ${where}: ${record.fromVersion} → ${record.toVersion}, plan ${record.plan.name}; ${state}. The alias may still split traffic. Resume it here, abort it (all traffic back to ${record.fromVersion}), or leave the alias as it is?`,
    choices: ['Resume', 'Abort', 'Leave As Is'],
  };
}
