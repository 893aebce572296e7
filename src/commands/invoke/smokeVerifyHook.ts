/**
 * The release's `verify` hook (src/release/releaseRun.ts): smoke tests of the new version BY
 * NUMBER between publish and the move (smokeVerifyStep). A failure shows the message with "Show
 * Response", "Move Anyway" and "Open Event"; only "Move Anyway" lets the release go on (the move
 * itself asks again for a protected alias).
 */
import type { FunctionRef } from '../../aws/types';
import { formatInvocationLine } from '../../release/invocation';
import type { ReleaseHooks } from '../../release/releaseRun';
import { smokeVerifyStep } from '../../release/smokeGate';
import { logInvocation } from '../../ui/invocationLog';
import type { InvokeDeps } from './invokeContext';
import { smokeEventsFor } from './smokeStep';

export const SMOKE_STEP_LABEL = 'Smoke tests';

export function smokeVerifyHook(deps: InvokeDeps, ref: FunctionRef, aliasName: string, report?: (message: string) => void): NonNullable<ReleaseHooks['verify']> {
  const gateway = () => deps.services.invoke(ref.target);
  return {
    label: SMOKE_STEP_LABEL,
    run: smokeVerifyStep({
      events: () => smokeEventsFor(ref),
      onEvent: (index, total, event) => report?.(`Smoke test ${index}/${total}: ${event.name}…`),
      invoke: async (qualifier, payload, signal) => {
        const started = performance.now();
        const result = await gateway().invoke({ functionName: ref.functionName, qualifier, type: 'RequestResponse', payload }, { signal });
        logInvocation(deps.context, `${formatInvocationLine(result, performance.now() - started)}  [smoke test, release]`);
        return result;
      },
    }),
  };
}
