/**
 * The release's extension points (see docs/ARCHITECTURE.md, "Release plan"). Read at the start of
 * every Release…, so a hook can depend on settings. Each capability that plugs into the release
 * adds its line here and nothing else in the release command:
 *   preflight: checks before every alias move, shown in the plan (issue 12);
 *   verify:    smoke tests of the new version by number, between publish and move (issue 10);
 *   gradual:   the "Gradual…" move option, a rollout started as the move (issue 11).
 */
import type { ReleaseHooks } from '../../release/releaseRun';
import type { CommandDeps } from '../CommandDeps';

export function releaseHooks(_deps: Pick<CommandDeps, 'services' | 'context' | 'changes' | 'log'>): ReleaseHooks {
  return {};
}
