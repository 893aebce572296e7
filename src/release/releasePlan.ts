/**
 * The release plan: what Release… will do, decided from what was read BEFORE anything changes —
 * the alias (target, weights, RevisionId), the package's SHA-256 against $LATEST's CodeSha256, the
 * published versions (which one already holds this code), the chosen move and whether the alias is
 * protected. The result is one of:
 *  - `ready`: the ordered steps (resolve a canary the user chose to end, deploy, publish a new
 *    version or reuse one, verify, move) with one line to show before acting;
 *  - `refused`: a move Lambda or our rules would refuse, with the ways forward as button labels;
 *  - `nothingToDo`: information, not an error.
 * Pure: no `vscode`, no SDK. The executor is src/release/releaseRun.ts; the command is
 * src/commands/deploy/release.ts.
 */
import type { AliasSummary, RoutingWeight, VersionSummary } from '../aws/types';
import { formatPercent, LATEST, validatePublishedVersion } from './aliases';

/** How the alias moves to the released version. `gradual` is started by a hook (see ReleaseHooks). */
export type ReleaseMove =
  | { kind: 'full' }
  | { kind: 'canary'; weight: number }
  /** A rollout in stages; `firstWeight` is its first step, `label` names the preset ("Linear 10% every 5 min"). */
  | { kind: 'gradual'; firstWeight: number; label: string };

/** What the alias does now, or after a planned step. */
export interface AliasState {
  version: string;
  routing: RoutingWeight[];
}

/** A finding of a pre-flight check (hook `preflight`): blockers refuse the plan, the rest is shown in it. */
export interface PlanFinding {
  severity: 'info' | 'warning' | 'blocker';
  message: string;
}

/** What the user chose on a refusal, fed back into the next plan. */
export type CanaryResolution = 'abort' | 'promote';

export interface ReleaseReads {
  functionName: string;
  /** The alias as read just now (its RevisionId guards the move). */
  alias: AliasSummary;
  /** SHA-256 (base64) and size of the package built from the workspace. */
  packageSha256: string;
  fileCount: number;
  /** CodeSha256 of $LATEST. */
  latestCodeSha256?: string;
  /** ListVersionsByFunction ($LATEST may be included; it is ignored). */
  versions: readonly VersionSummary[];
  /** Whether the alias matches lambdaRelease.protectedAliases. */
  protectedAlias: boolean;
}

export interface PlanRequest extends ReleaseReads {
  move: ReleaseMove;
  /** A running canary the user chose to end first ("Abort Canary and Continue", "Promote 3 First"). */
  resolve?: CanaryResolution;
  /** Results of the pre-flight hook. */
  findings?: readonly PlanFinding[];
  /** When set (hook `verify`), a verify step runs between publish and the move; the label names it. */
  verify?: { label: string };
}

/** The version the release moves the alias to: published by this release, or one that already holds the code. */
export type ReleaseVersion =
  | { kind: 'new'; expected: string }
  | { kind: 'existing'; version: string; description?: string };

export type ReleaseStep =
  | { kind: 'resolveCanary'; action: CanaryResolution; canary: RoutingWeight; before: AliasState; after: AliasState }
  | { kind: 'deploy'; fileCount: number }
  | { kind: 'publish'; expected: string }
  | { kind: 'reuse'; version: string; description?: string }
  | { kind: 'verify'; label: string }
  | { kind: 'move'; move: ReleaseMove; from: AliasState; to: AliasState };

export type StepKind = ReleaseStep['kind'];

/** A button of a refusal; `plan` says what to plan next when it is chosen. */
export interface WayForward {
  label: string;
  next: { resolve: CanaryResolution } | { move: ReleaseMove } | 'cancel';
}

export type ReleasePlan =
  | {
      kind: 'ready';
      steps: ReleaseStep[];
      version: ReleaseVersion;
      /** A description is asked only when a new version will be published. */
      asksDescription: boolean;
      protectedAlias: boolean;
      /** One line: "Deploy 3 files → publish version 5 → send 10% of prod to 5, prod now → 2". */
      summary: string;
      /** The same, one line per step, plus findings: the detail of the plan's modal. */
      detail: string[];
      findings: PlanFinding[];
    }
  | { kind: 'refused'; reason: string; waysForward: WayForward[]; findings: PlanFinding[] }
  | { kind: 'nothingToDo'; message: string; version: string };

const CANCEL: WayForward = { label: 'Cancel', next: 'cancel' };
const PUBLISHED = /^[1-9][0-9]*$/;

export function planRelease(request: PlanRequest): ReleasePlan {
  const { alias, move } = request;
  const findings = [...(request.findings ?? [])];
  const blockers = findings.filter((f) => f.severity === 'blocker');
  if (blockers.length) return { kind: 'refused', reason: blockers.map((f) => f.message).join(' '), waysForward: [CANCEL], findings };

  const version = releaseVersion(request);
  const number = version.kind === 'new' ? version.expected : version.version;
  const steps: ReleaseStep[] = [];

  // A canary the user chose to end comes first; everything after is planned from the alias it leaves.
  let from: AliasState = { version: alias.functionVersion, routing: alias.routing.map((r) => ({ ...r })) };
  const running = from.routing[0];
  if (request.resolve && running) {
    const after: AliasState = request.resolve === 'abort' ? { version: from.version, routing: [] } : { version: running.version, routing: [] };
    steps.push({ kind: 'resolveCanary', action: request.resolve, canary: running, before: from, after });
    from = after;
  }

  const refusal = refuse(request, from, number, version);
  if (refusal) return refusal.kind === 'refused' ? { ...refusal, findings } : refusal;

  const deploy = request.packageSha256 !== request.latestCodeSha256;
  if (deploy) steps.push({ kind: 'deploy', fileCount: request.fileCount });
  steps.push(version.kind === 'new' ? { kind: 'publish', expected: version.expected } : { kind: 'reuse', version: version.version, description: version.description });
  if (request.verify) steps.push({ kind: 'verify', label: request.verify.label });
  steps.push({ kind: 'move', move, from, to: moveTarget(from, move, number) });

  const lines = steps.map((step) => describeStep(step, alias.name, deploy));
  return {
    kind: 'ready',
    steps,
    version,
    asksDescription: version.kind === 'new',
    protectedAlias: request.protectedAlias,
    summary: sentence(lines.join(' → ')),
    detail: [...lines.map(sentence), ...findings.map((f) => `${f.severity === 'warning' ? 'Warning' : 'Note'}: ${f.message}`)],
    findings,
  };
}

/**
 * The newest published version whose code is the package's is reused (no second version of the
 * same code, and its description stays); otherwise a new version is published, expected to be
 * the highest number + 1 (Lambda never reuses numbers; a deleted newer one makes it higher).
 */
export function releaseVersion(reads: Pick<ReleaseReads, 'packageSha256' | 'versions'>): ReleaseVersion {
  const published = reads.versions.filter((v) => PUBLISHED.test(v.version)).sort((a, b) => Number(b.version) - Number(a.version));
  const holder = published.find((v) => v.codeSha256 === reads.packageSha256);
  if (holder) return { kind: 'existing', version: holder.version, description: holder.description };
  return { kind: 'new', expected: String(Number(published[0]?.version ?? 0) + 1) };
}

/**
 * "Nothing to do" whatever the move: the alias already points fully at the version that holds this
 * code. Asked before the move is chosen, so the user is told before any further prompt.
 */
export function alreadyReleased(reads: Pick<ReleaseReads, 'alias' | 'packageSha256' | 'versions'>): string | undefined {
  const version = releaseVersion(reads);
  if (version.kind !== 'existing' || reads.alias.functionVersion !== version.version || reads.alias.routing.length) return undefined;
  return `Nothing to do: ${reads.alias.name} already runs this code (version ${version.version}).`;
}

/** Where the alias points after `move` to `version`. */
export function moveTarget(from: AliasState, move: ReleaseMove, version: string): AliasState {
  if (move.kind === 'full') return { version, routing: [] };
  const weight = move.kind === 'canary' ? move.weight : move.firstWeight;
  return { version: from.version, routing: [{ version, weight }] };
}

/** `2`, `2 · 10% → 3`: flat, so it can sit inside a sentence or a bracket without nesting. */
export function describeState(state: AliasState): string {
  return [state.version, ...state.routing.map((r) => `${formatPercent(r.weight)} → ${r.version}`)].join(' · ');
}

/** What a move option shows about the alias now: "prod → 2 · 10% → 3 (canary running)". */
export function describeAliasNow(alias: Pick<AliasSummary, 'name' | 'functionVersion' | 'routing'>): string {
  const state = describeState({ version: alias.functionVersion, routing: alias.routing });
  return `${alias.name} → ${state}${alias.routing.length ? ' (canary running)' : ''}`;
}

function refuse(request: PlanRequest, from: AliasState, number: string, version: ReleaseVersion): ReleasePlan | undefined {
  const { alias, move } = request;
  const name = alias.name;
  const holds = `${name} already runs this code (version ${number})`;

  if (move.kind === 'full') {
    if (from.version === number && from.routing.length === 0) return { kind: 'nothingToDo', message: `Nothing to do: ${holds}.`, version: number };
    return undefined;
  }

  // canary and gradual: a published primary, one extra version, not the primary itself.
  if (from.version === LATEST || validatePublishedVersion(from.version)) {
    return {
      kind: 'refused',
      reason: `${name} points at ${from.version || 'nothing'}: a canary needs the alias on a published version first.`,
      waysForward: [{ label: 'Move Fully Instead', next: { move: { kind: 'full' } } }, CANCEL],
      findings: [],
    };
  }
  if (from.version === number) {
    const rest = from.routing.map((r) => `; ${formatPercent(r.weight)} goes to version ${r.version} (canary running)`).join('');
    return { kind: 'nothingToDo', message: `Nothing to do: ${holds}${rest}.`, version: number };
  }
  const other = from.routing.find((r) => r.version !== number);
  if (other) {
    return {
      kind: 'refused',
      reason: `${name} already sends ${formatPercent(other.weight)} to version ${other.version} (canary running): end that canary before starting one to ${version.kind === 'new' ? `the new version ${number}` : `version ${number}`}. Nothing has been changed.`,
      waysForward: [
        { label: 'Abort Canary and Continue', next: { resolve: 'abort' } },
        { label: `Promote ${other.version} First`, next: { resolve: 'promote' } },
        CANCEL,
      ],
      findings: [],
    };
  }
  const weight = move.kind === 'canary' ? move.weight : move.firstWeight;
  const same = from.routing.find((r) => r.version === number);
  if (same && same.weight === weight) {
    return { kind: 'nothingToDo', message: `Nothing to do: ${name} already sends ${formatPercent(weight)} to version ${number}, which holds this code.`, version: number };
  }
  return undefined;
}

function describeStep(step: ReleaseStep, aliasName: string, deploys: boolean): string {
  switch (step.kind) {
    case 'resolveCanary':
      return step.action === 'abort'
        ? `abort the canary to ${step.canary.version} (${aliasName} → ${step.after.version})`
        : `promote ${step.canary.version} (${aliasName} → ${step.after.version})`;
    case 'deploy':
      return `deploy ${step.fileCount} ${step.fileCount === 1 ? 'file' : 'files'} ($LATEST runs other code)`;
    case 'publish':
      return `publish version ${step.expected}`;
    case 'reuse': {
      const kept = step.description ? `its description stays "${step.description}"` : 'it has no description';
      return deploys ? `version ${step.version} already holds this code, ${kept}` : `code unchanged: version ${step.version} already holds it, ${kept}`;
    }
    case 'verify':
      return step.label;
    case 'move': {
      const number = step.move.kind === 'full' ? step.to.version : (step.to.routing[0]?.version ?? '');
      const now = `${aliasName} now → ${describeState(step.from)}`;
      if (step.move.kind === 'full') return step.from.routing.length ? `move all of ${aliasName} to ${number}, ${now}` : `move ${aliasName} ${step.from.version} → ${number}`;
      if (step.move.kind === 'canary') return `send ${formatPercent(step.move.weight)} of ${aliasName} to ${number}, ${now}`;
      return `start ${step.move.label} of ${aliasName} to ${number}, first ${formatPercent(step.move.firstWeight)}, ${now}`;
    }
  }
}

/** Capitalises the first letter of a plan line for a sentence start. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
