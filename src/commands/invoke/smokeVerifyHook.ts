/**
 * The release's `verify` hook (src/release/releaseRun.ts): smoke tests of the new version BY
 * NUMBER between publish and the move. A failure shows the message with "Show Response", "Move
 * Anyway" and "Open Event"; only "Move Anyway" lets the release go on (the move itself asks again
 * for a protected alias). No smoke events: the step passes and says so.
 */
import type { FunctionRef } from '../../aws/types';
import type { ReleaseHooks } from '../../release/releaseRun';
import { describeSmokePass } from '../../release/smokeGate';
import type { InvokeDeps } from './invokeContext';
import { reportSmokeFailure, runSmokeStep, smokeEventsFor } from './smokeStep';

export const SMOKE_STEP_LABEL = 'Smoke tests';

export function smokeVerifyHook(deps: InvokeDeps, ref: FunctionRef, aliasName: string, report?: (message: string) => void): NonNullable<ReleaseHooks['verify']> {
  return {
    label: SMOKE_STEP_LABEL,
    run: async ({ version, signal }) => {
      const events = await smokeEventsFor(ref);
      if (!events.length) return { ok: true, summary: `no smoke events in .lambda/events/${ref.functionName}/ (nothing run)` };
      const run = await runSmokeStep(deps, ref, version, events, report ?? (() => undefined), signal);
      // "passed 2 smoke tests (smoke-create-order, smoke-health)": the release words the rest.
      if (run.passed) return { ok: true, summary: describeSmokePass(ref.functionName, run).replace(/^Version \d+ of \S+ /, '').replace(/\.$/, '') };
      const failed = `smoke test "${run.failure?.event.name}" failed (${run.failure?.problems.join('; ')})`;
      if (await reportSmokeFailure(deps, ref, run, aliasName)) return { ok: true, summary: `${failed}; moved anyway at your request` };
      return { ok: false, summary: failed };
    },
  };
}
