/**
 * Input rules of the version-facts setters, checked before any call so the message is ours and
 * nothing is sent (usable as an InputBox `validateInput`: each returns a message or undefined).
 */
import { LATEST } from './aliases';
import { ReleaseError } from './errors';

const PUBLISHED_VERSION = /^[1-9][0-9]*$/;

/**
 * A concurrency count typed by the user: a whole number ≥ 0 (reserved) or ≥ 1 (provisioned).
 * `pool` is the account's unreserved concurrency plus what this function already reserves, when known.
 */
export function checkConcurrency(input: string, kind: 'reserved' | 'provisioned', pool?: number): string | undefined {
  const text = input.trim();
  if (text === '') return 'Enter a whole number of concurrent executions.';
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return `"${text}" is not a number: enter a whole number such as 10.`;
  const value = Number(text);
  if (value < 0) return 'Concurrency cannot be negative.';
  if (!Number.isInteger(value)) return `Concurrency is a whole number of executions, not ${text}.`;
  if (kind === 'provisioned' && value === 0) return 'Provisioned concurrency must be at least 1: use "Remove Provisioned Concurrency" to drop it.';
  if (pool !== undefined && value > pool) {
    return `${value} is more than the ${pool} executions this function can reserve (the account's unreserved pool; Lambda keeps 100 unreserved).`;
  }
  return undefined;
}

/** Lambda keeps this much of the account's concurrency unreserved, for functions without a reservation. */
export const MIN_UNRESERVED = 100;

/**
 * The most this function may reserve: the account's unreserved concurrency (GetAccountSettings),
 * plus what it reserves now (freed by the change), minus the 100 Lambda keeps unreserved.
 */
export function reservablePool(unreserved: number | undefined, reservedNow: number | null | undefined): number | undefined {
  if (unreserved === undefined) return undefined;
  return Math.max(0, unreserved + (reservedNow ?? 0) - MIN_UNRESERVED);
}

export function parseConcurrency(input: string, kind: 'reserved' | 'provisioned', pool?: number): number {
  const problem = checkConcurrency(input, kind, pool);
  if (problem) throw new ReleaseError('validation', problem);
  return Number(input.trim());
}

/** Provisioned concurrency goes on an alias or a published version; Lambda refuses `$LATEST`. */
export function checkProvisionedQualifier(qualifier: string | undefined): string | undefined {
  if (!qualifier || qualifier === LATEST) return 'Provisioned concurrency needs an alias or a published version: Lambda refuses it on $LATEST.';
  return undefined;
}

/** A function URL belongs to the function ($LATEST) or an alias; Lambda refuses a version number. */
export function checkUrlQualifier(qualifier: string | undefined): string | undefined {
  if (qualifier === undefined || qualifier === LATEST) return undefined;
  if (PUBLISHED_VERSION.test(qualifier)) return `A function URL can point at an alias or the function itself, not at version ${qualifier}: create an alias for it first.`;
  return undefined;
}

export const UPDATE_MODES = ['Auto', 'FunctionUpdate', 'Manual'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];

/** Manual needs the runtime version ARN to stay on. */
export function checkRuntimeManagement(mode: string, runtimeVersionArn?: string): string | undefined {
  if (!(UPDATE_MODES as readonly string[]).includes(mode)) return `"${mode}" is not a runtime update mode (Auto, FunctionUpdate or Manual).`;
  if (mode === 'Manual' && !runtimeVersionArn) return 'Manual mode needs the runtime version ARN to pin.';
  if (mode !== 'Manual' && runtimeVersionArn) return 'Only Manual mode takes a runtime version ARN.';
  return undefined;
}
