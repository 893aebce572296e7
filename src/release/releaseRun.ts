/**
 * Runs a `ready` release plan (src/release/releasePlan.ts) step by step, and says what is true at
 * the end — or, when a step fails after an earlier one changed AWS, what is true NOW (deployed?
 * published which version? alias where?) in a ReleaseStoppedError the UI shows with a next action.
 *
 * Extension points (ReleaseHooks; the command gets them from src/commands/deploy/releaseHooks.ts):
 *  - `preflight`: checks before every alias move, run while planning; findings shown in the plan,
 *    blockers refuse it (issue 12);
 *  - `verify`: runs between publish and the move against the release version BY NUMBER; a failed
 *    result stops before the alias moves (issue 10);
 *  - `gradual`: a third move kind, a rollout in stages started as the move (issue 11).
 * Pure orchestration over narrow dependencies: no `vscode`, no SDK.
 */
import type { SmokeRun } from './smokeGate';
import type { PublishResult } from '../aws/lambdaGateway';
import type { AliasSummary } from '../aws/types';
import type { AliasOperationResult, AliasOperations } from './aliasOperations';
import type { DeployOutcome } from './deploy';
import { DeployedNotPublishedError } from './deploy';
import { CancelledError, isCancellation, ReleaseError } from './errors';
import { describeState, type CanaryResolution, type PlanFinding, type ReleaseMove, type ReleasePlan, type ReleaseStep, type ReleaseVersion } from './releasePlan';

/** What a pre-flight check is given: the alias as read and the version the release would move it to. */
export interface PreflightContext {
  functionName: string;
  alias: AliasSummary;
  /** `existing`: that published version; `new`: what $LATEST (after the deploy, the package) will publish. */
  version: ReleaseVersion;
  /** Whether the package differs from $LATEST (a new version's code is the package, not $LATEST's). */
  codeChanges: boolean;
  move: ReleaseMove;
  /** A running canary the user chose to end first: the alias then starts from its primary (abort) or canary (promote). */
  resolve?: CanaryResolution;
  signal?: AbortSignal;
}

export interface VerifyContext {
  functionName: string;
  /** The published version number to invoke (never the alias). */
  version: string;
  signal?: AbortSignal;
}

export interface VerifyResult {
  ok: boolean;
  /** One line for the outcome: "3 smoke tests passed" / "smoke test 'GET /orders' returned 500". */
  summary: string;
  /** The smoke run behind a failure: the command shows it (with its buttons) once the progress has ended. */
  smoke?: SmokeRun;
}

export interface GradualContext {
  functionName: string;
  aliasName: string;
  version: string;
  move: Extract<ReleaseMove, { kind: 'gradual' }>;
  /** The alias as the plan saw it (after any resolve step): the rollout must start from it. */
  alias: AliasSummary;
  signal?: AbortSignal;
}

export interface ReleaseHooks {
  /** Issue 12: checks before every alias move (facts of the two versions), shown in the plan. */
  preflight?: (context: PreflightContext) => Promise<PlanFinding[]>;
  /** Issue 10: smoke tests of the new version by number; `label` is its step in the plan. */
  verify?: { label: string; run: (context: VerifyContext) => Promise<VerifyResult> };
  /**
   * Issue 11: a "Gradual…" move option. `pick` asks for the preset (UI, before the plan); `start`
   * starts the rollout as the move and returns the alias after its first step.
   */
  gradual?: {
    pick: (alias: AliasSummary) => Promise<Extract<ReleaseMove, { kind: 'gradual' }>>;
    start: (context: GradualContext) => Promise<{ alias: AliasSummary; summary: string }>;
  };
}

export interface ReleaseRunDeps {
  functionName: string;
  aliasName: string;
  /** The deploy path with the package built for the plan; publishes too when `publish` is set. */
  deploy(options: { publish: boolean; description?: string }, signal?: AbortSignal): Promise<DeployOutcome>;
  /** PublishVersion guarded by the package's CodeSha256 (the code is on $LATEST already). */
  publish(guard: { codeSha256: string; description?: string }, signal?: AbortSignal): Promise<PublishResult>;
  aliases: Pick<AliasOperations, 'repoint' | 'shiftTraffic' | 'promote' | 'abortCanary'>;
  hooks?: ReleaseHooks;
  /** Progress: `(2/4) Deploying…`. */
  onStep?(index: number, total: number, label: string): void;
  /** After each step that changed AWS: refresh views. */
  onChanged?(): void;
}

export interface ReleaseInput {
  plan: Extract<ReleasePlan, { kind: 'ready' }>;
  /** The alias as read for the plan: every alias step checks it is unchanged (RevisionId). */
  alias: AliasSummary;
  packageSha256: string;
  /** Asked only when the plan publishes a new version. */
  description?: string;
  signal?: AbortSignal;
}

/** What the release has changed so far: the outcome and every stop are worded from it. */
export interface ReleaseState {
  resolved?: { action: 'abort' | 'promote'; alias: AliasSummary };
  deployed?: { fileCount: number; alreadyThere: boolean };
  version?: { number: string; published: boolean; description?: string };
  verified?: VerifyResult;
  moved?: { alias: AliasSummary; summary: string; historyWarning?: string };
  /** The alias before the first alias step (for "was …" and the roll back button). */
  aliasBefore: AliasSummary;
  /**
   * Set when the deploy step failed or was cancelled part-way: the deploy path's own message, which
   * says what the code is now (uploaded or not, published or not).
   */
  codeState?: string;
}

/** A release stopped after (possibly) changing AWS: the message says what is true now. */
export class ReleaseStoppedError extends ReleaseError {
  constructor(
    readonly state: ReleaseState,
    readonly failure: string,
    readonly functionName: string,
    readonly aliasName: string,
    cause?: unknown,
    readonly cancelled = false,
  ) {
    const kind = cause instanceof ReleaseError && cause.kind !== 'cancelled' ? cause.kind : 'aws';
    super(kind, `${failure} ${whatIsTrue(functionName, aliasName, state)}`, {
      hint: (cause as ReleaseError | undefined)?.hint,
      cause,
    });
    this.name = 'ReleaseStoppedError';
  }

  /** True when nothing has changed on AWS yet (a cancel then stays silent). */
  get nothingChanged(): boolean {
    return nothingChanged(this.state);
  }
}

export const STEP_LABELS: Record<ReleaseStep['kind'], string> = {
  resolveCanary: 'Ending the running canary…',
  deploy: 'Deploying…',
  publish: 'Publishing…',
  reuse: 'Reusing the version…',
  verify: 'Verifying…',
  move: 'Moving the alias…',
};

export async function runRelease(input: ReleaseInput, deps: ReleaseRunDeps): Promise<ReleaseState> {
  const { plan, signal } = input;
  const state: ReleaseState = { aliasBefore: input.alias };
  let alias = input.alias;
  const steps = plan.steps;
  const publishesWithDeploy = steps.some((s) => s.kind === 'deploy') && steps.some((s) => s.kind === 'publish');
  const visible = steps.filter((s) => !(publishesWithDeploy && s.kind === 'publish'));
  // The deploy path publishes right after its wait: one progress step for both.
  const stop = (failure: string, cause?: unknown): ReleaseStoppedError => new ReleaseStoppedError(state, failure, deps.functionName, deps.aliasName, cause, isCancellation(cause));
  // Lambda applies exactly what the plan confirmed: no modal again, but the alias must be as the plan saw it.
  const moveOptions = () => ({ confirm: async () => true, signal, unchangedSince: alias, preflightDone: Boolean(deps.hooks?.preflight) });

  for (const [index, step] of visible.entries()) {
    deps.onStep?.(index + 1, visible.length, step.kind === 'verify' ? `${step.label}…` : STEP_LABELS[step.kind]);
    try {
      switch (step.kind) {
        case 'resolveCanary': {
          const result = step.action === 'abort' ? await deps.aliases.abortCanary(deps.functionName, deps.aliasName, moveOptions()) : await deps.aliases.promote(deps.functionName, deps.aliasName, moveOptions());
          alias = result.alias;
          state.resolved = { action: step.action, alias: result.alias };
          deps.onChanged?.();
          break;
        }
        case 'deploy': {
          const outcome = await deps.deploy({ publish: publishesWithDeploy, description: input.description }, signal);
          state.deployed = { fileCount: outcome.pkg.fileCount, alreadyThere: outcome.status === 'alreadyDeployed' };
          deps.onChanged?.();
          if (publishesWithDeploy) {
            const published = outcome.published ?? (await deps.publish({ codeSha256: outcome.codeSha256, description: input.description }, signal));
            state.version = fromPublish(published, input.description);
            deps.onChanged?.();
          }
          break;
        }
        case 'publish': {
          const published = await deps.publish({ codeSha256: input.packageSha256, description: input.description }, signal);
          state.version = fromPublish(published, input.description);
          deps.onChanged?.();
          break;
        }
        case 'reuse':
          state.version = { number: step.version, published: false, description: step.description };
          break;
        case 'verify': {
          const verify = deps.hooks?.verify;
          if (!verify) throw new ReleaseError('config', 'The plan has a verify step but no verify hook is installed.');
          const result = await verify.run({ functionName: deps.functionName, version: requireVersion(state), signal });
          state.verified = result;
          if (!result.ok) throw stop(`Verification of version ${requireVersion(state)} failed: ${result.summary}.`);
          break;
        }
        case 'move': {
          const version = requireVersion(state);
          const moved = await move(step.move, version, alias, deps, moveOptions(), signal);
          state.moved = moved;
          deps.onChanged?.();
          break;
        }
      }
    } catch (error) {
      if (error instanceof ReleaseStoppedError) throw error;
      if (error instanceof DeployedNotPublishedError) state.deployed = { fileCount: step.kind === 'deploy' ? step.fileCount : 0, alreadyThere: false };
      // The deploy path words what a cancel or failure left of the code ("Cancelled after upload: …").
      const reported = error instanceof CancelledError && error.stateReport;
      if (step.kind === 'deploy' && (reported || !isCancellation(error)) && !(error instanceof DeployedNotPublishedError)) state.codeState = (error as Error).message;
      const reason = reported ? (error as Error).message : isCancellation(error) ? 'Cancelled.' : `${failedStep(step)} failed: ${(error as Error).message}`;
      throw stop(reason, error);
    }
  }
  return state;
}

async function move(
  kind: ReleaseMove,
  version: string,
  alias: AliasSummary,
  deps: ReleaseRunDeps,
  options: { confirm: () => Promise<boolean>; signal?: AbortSignal; unchangedSince: AliasSummary; preflightDone?: boolean },
  signal?: AbortSignal,
): Promise<{ alias: AliasSummary; summary: string; historyWarning?: string }> {
  if (kind.kind === 'full') return pick(await deps.aliases.repoint(deps.functionName, deps.aliasName, version, options));
  if (kind.kind === 'canary') return pick(await deps.aliases.shiftTraffic(deps.functionName, deps.aliasName, version, Math.round(kind.weight * 1000) / 10, options));
  const gradual = deps.hooks?.gradual;
  if (!gradual) throw new ReleaseError('config', 'A gradual move needs the rollout hook, which is not installed.');
  return gradual.start({ functionName: deps.functionName, aliasName: deps.aliasName, version, move: kind, alias, signal });
}

function pick(result: AliasOperationResult): { alias: AliasSummary; summary: string; historyWarning?: string } {
  return { alias: result.alias, summary: result.summary, historyWarning: result.historyWarning };
}

function fromPublish(published: PublishResult, description?: string): NonNullable<ReleaseState['version']> {
  return { number: published.version, published: !published.existing, description: published.existing ? published.description : (published.description ?? description) };
}

function requireVersion(state: ReleaseState): string {
  if (!state.version) throw new ReleaseError('aws', 'No version to release: the publish step did not run.');
  return state.version.number;
}

function failedStep(step: ReleaseStep): string {
  switch (step.kind) {
    case 'resolveCanary':
      return step.action === 'abort' ? `Aborting the canary to ${step.canary.version}` : `Promoting ${step.canary.version}`;
    case 'deploy':
      return 'The deploy';
    case 'publish':
      return 'Publishing';
    case 'reuse':
      return 'Reusing the version';
    case 'verify':
      return step.label;
    case 'move':
      return 'Moving the alias';
  }
}

/** "deployed 3 files · published version 5 · prod not moved, still → 2": what a release changed so far. */
export function whatIsTrue(functionName: string, aliasName: string, state: ReleaseState): string {
  const parts: string[] = [];
  if (state.resolved) parts.push(state.resolved.action === 'abort' ? `the canary was aborted (${aliasName} → ${describeState(stateOf(state.resolved.alias))})` : `version ${state.resolved.alias.functionVersion} was promoted`);
  if (state.deployed && !state.deployed.alreadyThere) parts.push(`${functionName} ($LATEST) was deployed`);
  if (state.version) parts.push(state.version.published ? `version ${state.version.number} was published` : `version ${state.version.number} already held this code`);
  else if (state.deployed && !state.deployed.alreadyThere) parts.push('no version was published');
  if (state.verified) parts.push(`verification: ${state.verified.summary}`);
  if (state.moved) parts.push(`${aliasName} → ${describeState(stateOf(state.moved.alias))}`);
  else {
    const now = state.resolved?.alias ?? state.aliasBefore;
    parts.push(`${aliasName} was not moved (still → ${describeState(stateOf(now))})`);
  }
  if (nothingChanged(state)) return 'Nothing was changed.';
  return `Now: ${parts.join('; ')}.`;
}

function nothingChanged(state: ReleaseState): boolean {
  return !state.resolved && !(state.deployed && !state.deployed.alreadyThere) && !state.version?.published && !state.moved && !state.codeState;
}

/** The closing line of a release that went through. */
export function describeRelease(functionName: string, aliasName: string, state: ReleaseState, move: ReleaseMove): string {
  const version = state.version;
  const parts: string[] = [];
  if (state.resolved) parts.push(state.resolved.action === 'abort' ? 'aborted the running canary' : `promoted version ${state.resolved.alias.functionVersion}`);
  if (state.deployed && !state.deployed.alreadyThere) parts.push(`deployed ${state.deployed.fileCount} ${state.deployed.fileCount === 1 ? 'file' : 'files'}`);
  if (version?.published) parts.push(`published version ${version.number}${version.description ? ` "${version.description}"` : ''}`);
  else if (version) parts.push(`reused version ${version.number}${version.description ? `, description kept: "${version.description}"` : ''}`);
  if (state.verified) parts.push(`verified: ${state.verified.summary}`);
  const before = describeState(stateOf(state.resolved?.alias ?? state.aliasBefore));
  const after = state.moved ? describeState(stateOf(state.moved.alias)) : before;
  // A canary shows in the target itself ("2 · 10% → 5"); a rollout names its preset.
  const how = move.kind === 'gradual' ? ` (${move.label} started)` : '';
  parts.push(`${aliasName} → ${after}${how}, was ${before}`);
  return `Released ${functionName}: ${parts.join('; ')}.`;
}

function stateOf(alias: Pick<AliasSummary, 'functionVersion' | 'routing'>): { version: string; routing: AliasSummary['routing'] } {
  return { version: alias.functionVersion, routing: alias.routing };
}
