/**
 * A deploy target's identity — profile, region, function, source folder(s) — as the binding
 * confirmation remembers it (src/ui/bindingConsent.ts). A single-target binding and the same target
 * written in `lambdaRelease.targets` have one identity, so a confirmation carries over; any change
 * to one of the parts is another target, which asks again.
 */
import * as path from 'node:path';
import type { FunctionRef } from '../aws/types';

export interface TargetIdentity {
  profile: string;
  region: string;
  functionName: string;
  /** Absolute source folder(s) that are packaged. */
  folders: string[];
}

export function targetIdentity(ref: FunctionRef, folders: string | readonly string[]): TargetIdentity {
  return { profile: ref.target.profile, region: ref.target.region, functionName: ref.functionName, folders: [folders].flat().map((f) => path.resolve(f)) };
}

export function targetKey(id: TargetIdentity): string {
  return JSON.stringify([id.profile, id.region, id.functionName, ...id.folders]);
}
