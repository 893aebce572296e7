/**
 * The release's extension points (see docs/ARCHITECTURE.md, "Release plan"). Read at the start of
 * every Release…, so a hook can depend on settings. Each capability that plugs into the release
 * adds its line here and nothing else in the release command:
 *   preflight: checks before every alias move, shown in the plan (issue 12);
 *   verify:    smoke tests of the new version by number, between publish and move (issue 10);
 *   gradual:   the "Gradual…" move option, a rollout started as the move (issue 11).
 */
import type { FunctionRef } from '../../aws/types';
import type { PlanFinding } from '../../release/releasePlan';
import type { PreflightFinding } from '../../release/preflight';
import { preflightRelease } from '../../release/preflightMove';
import type { ReleaseHooks } from '../../release/releaseRun';
import type { CommandDeps } from '../CommandDeps';
import { smokeGateApplies } from '../invoke/smokeStep';
import { smokeVerifyHook } from '../invoke/smokeVerifyHook';
import { gradualReleaseHook } from '../rollout/gradualReleaseHook';

/**
 * `ref` (the released function) is needed by the pre-flight reads and the smoke tests; without it
 * those hooks are left out. `releasing.aliasName`: the alias being moved (the smoke failure offers
 * "Move Anyway" for it).
 */
export function releaseHooks(
  deps: Pick<CommandDeps, 'services' | 'context' | 'changes' | 'log' | 'reports'> & Partial<Pick<CommandDeps, 'rollouts'>>,
  ref?: FunctionRef,
  releasing?: { aliasName: string; report?: (message: string) => void },
): ReleaseHooks {
  return {
    gradual: ref && deps.rollouts ? gradualReleaseHook(deps.rollouts, ref) : undefined,
    // A "Smoke tests" step only when the function has smoke events in this workspace.
    verify: ref && releasing && smokeGateApplies(ref) ? smokeVerifyHook(deps, ref, releasing.aliasName, releasing.report) : undefined,
    preflight: ref
      ? async (context) => {
          const release = context.version.kind === 'existing' ? { version: context.version.version, published: true } : { version: context.version.expected, published: false };
          const findings = await preflightRelease(
            deps.services.aws().versionFacts(ref.target),
            { functionName: context.functionName, aliasName: context.alias.name, currentVersion: context.alias.functionVersion, release, weighted: context.move.kind !== 'full' },
            { signal: context.signal },
          );
          return findings.map(toPlanFinding);
        }
      : undefined,
  };
}

/** Lambda would refuse → the plan is refused; a warning is a line of its modal; a check not made is said as such. */
function toPlanFinding(finding: PreflightFinding): PlanFinding {
  if (finding.severity === 'refuse') return { severity: 'blocker', message: finding.message };
  if (finding.severity === 'warn') return { severity: 'warning', message: finding.message };
  return { severity: 'info', message: `Not checked: ${finding.message}` };
}
