/**
 * Moving aliases safely: the orchestration behind "Create alias", "Point alias here…", "Roll back",
 * "Shift traffic…", "Promote", "Abort canary" and "Delete alias". No `vscode`: the UI passes a
 * `confirm(message)` callback (a modal) and shows the returned `summary` or the thrown error.
 *
 *   const ops = new AliasOperations({ gateway, history: new AliasHistory(context.globalState),
 *                                     protectedAliases: () => setting('protectedAliases') });
 *   const { alias, summary } = await ops.repoint('orders-api', 'prod', '42', { confirm, signal });
 *
 * Every move:
 * 1. validates what the user typed (name, version, percentage) before any call;
 * 2. reads the alias just before (GetAlias) and builds the plan from that read (its RevisionId);
 * 3. runs the pre-flight checks (`preflight`, see preflightMove.ts) on the plan: a `refuse` finding
 *    stops the move before any change; `warn` findings are shown in the modal (asked even for an
 *    unprotected alias); `unknown` ones are listed when a modal is shown and in the result;
 * 3b. asks `confirm` when the alias is protected (and for every roll back, which shows its target;
 *    and for every delete); declining throws CancelledError and changes nothing;
 * 4. UpdateAlias with that RevisionId. If Lambda refuses it (PreconditionFailedException: someone
 *    moved the alias meanwhile), the alias is READ AGAIN and a ReleaseError('precondition')
 *    says where it points now — never a blind retry;
 * 5. records the move in the alias's history (a failure to record does not undo the move; it is
 *    reported in `historyWarning`).
 */
import type { LambdaGateway } from '../aws/lambdaGateway';
import type { AliasSummary, CallOptions, Target } from '../aws/types';
import { CancelledError, ReleaseError, maskSecrets, throwIfAborted } from './errors';
import {
  confirmationMessage,
  describeAlias,
  describeTarget,
  formatPercent,
  isProtectedAlias,
  parseWeightPercent,
  planAbort,
  planPromote,
  planRepoint,
  planRollback,
  planShift,
  validateAliasName,
  validatePublishedVersion,
  validateVersion,
  type AliasPlan,
} from './aliases';
import { aliasKeyFromArn, rollbackTarget, type AliasHistory, type AliasKey, type RollbackChoice } from './aliasHistory';
import type { PreflightFinding } from './preflight';
import type { AliasMove } from './preflightMove';

export type AliasGateway = Pick<LambdaGateway, 'getAlias' | 'updateAlias' | 'createAlias' | 'deleteAlias' | 'listVersions'> & {
  /** Used only to key history when an alias ARN cannot be parsed. */
  readonly target?: Target;
};

export interface AliasOperationsDeps {
  gateway: AliasGateway;
  history: AliasHistory;
  /** Current value of `lambdaRelease.protectedAliases` (read on each call, so setting changes apply). */
  protectedAliases: () => readonly string[];
  /** Pre-flight checks of a move (usually preflightAliasMove with a VersionFactsGateway); none when absent. */
  preflight?: (functionName: string, move: AliasMove, options: CallOptions) => Promise<PreflightFinding[]>;
  now?: () => Date;
}

/**
 * Resolves true to go ahead. The UI shows a modal naming function, alias, current and new target,
 * and the pre-flight findings as rows when there are any.
 */
export type Confirm = (message: string, findings?: readonly PreflightFinding[]) => Promise<boolean>;

export interface MoveOptions extends CallOptions {
  confirm: Confirm;
  /**
   * The alias as a plan saw it (Release…): if the read just before the move differs (RevisionId,
   * target or weights), nothing moves and a precondition error says where it points now.
   */
  unchangedSince?: AliasSummary;
  /**
   * Checked against the alias as read just before the move: a returned sentence (e.g. "the rollout
   * left it at 25% → 42") means someone else changed it, and the move is refused as a precondition
   * failure naming where it points now. Long-running movers (a gradual rollout) use it so they never
   * overwrite a change made between their own steps.
   */
  expect?: (alias: AliasSummary) => string | undefined;
  /** The caller already ran the pre-flight checks of this move and showed them (Release…'s plan): not again. */
  preflightDone?: boolean;
}

export interface AliasOperationResult {
  /** The alias as Lambda returned it after the change. */
  alias: AliasSummary;
  plan?: AliasPlan;
  /** One line for the notification, e.g. `orders-api: prod → 42, was 41`. */
  summary: string;
  /** Set when the move succeeded but could not be written to the history. */
  historyWarning?: string;
  /** What pre-flight found (including checks that could not be made). */
  preflight?: PreflightFinding[];
}

export interface RollbackPreview {
  alias: AliasSummary;
  choice: RollbackChoice;
}

export class AliasOperations {
  private readonly now: () => Date;

  constructor(private readonly deps: AliasOperationsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** CreateAlias. The name and version are validated before any call; nothing to confirm (no traffic moves). */
  async createAlias(functionName: string, aliasName: string, version: string, options: CallOptions & { description?: string } = {}): Promise<AliasOperationResult> {
    const problem = validateAliasName(aliasName) ?? validateVersion(version);
    if (problem) throw new ReleaseError('validation', problem);
    throwIfAborted(options.signal);
    const alias = await this.deps.gateway.createAlias(functionName, aliasName, { version, description: options.description }, options);
    const historyWarning = await this.record(functionName, alias, { action: 'create', to: alias.functionVersion || version });
    return { alias, summary: `${functionName}: created ${describeAlias(alias)}`, historyWarning };
  }

  /** Points the alias fully at `version` (roll forward or back); clears canary weights. */
  async repoint(functionName: string, aliasName: string, version: string, options: MoveOptions): Promise<AliasOperationResult> {
    const problem = validateAliasName(aliasName) ?? validateVersion(version);
    if (problem) throw new ReleaseError('validation', problem);
    return this.move(functionName, aliasName, options, (alias) => planRepoint(alias, version));
  }

  /** Sends `percent` ("10", "12.5", 10) of the alias's traffic to `version`; the primary stays. */
  async shiftTraffic(functionName: string, aliasName: string, version: string, percent: string | number, options: MoveOptions): Promise<AliasOperationResult> {
    const nameProblem = validateAliasName(aliasName);
    if (nameProblem) throw new ReleaseError('validation', nameProblem);
    const weight = parseWeightPercent(percent);
    // The rest of validateCanary needs the primary, known after the read (still before any change).
    const unpublished = validatePublishedVersion(version);
    if (unpublished) throw new ReleaseError('validation', unpublished);
    return this.move(functionName, aliasName, options, (alias) => planShift(alias, version, weight));
  }

  /** Points the alias fully at its canary version and clears the weights. */
  async promote(functionName: string, aliasName: string, options: MoveOptions): Promise<AliasOperationResult> {
    this.checkName(aliasName);
    return this.move(functionName, aliasName, options, planPromote);
  }

  /** Clears the canary weights: all traffic back to the primary version. */
  async abortCanary(functionName: string, aliasName: string, options: MoveOptions): Promise<AliasOperationResult> {
    this.checkName(aliasName);
    return this.move(functionName, aliasName, options, planAbort);
  }

  /** Where "Roll back" would go now, without changing anything (for tooltips and pickers). */
  async previewRollback(functionName: string, aliasName: string, options: CallOptions = {}): Promise<RollbackPreview> {
    this.checkName(aliasName);
    const alias = await this.deps.gateway.getAlias(functionName, aliasName, options);
    return { alias, choice: await this.chooseRollback(functionName, alias, options) };
  }

  /**
   * Moves the alias to its previous target (see rollbackTarget). Always confirms, so the user sees
   * the target before anything moves.
   */
  async rollBack(functionName: string, aliasName: string, options: MoveOptions): Promise<AliasOperationResult> {
    this.checkName(aliasName);
    let chosen: RollbackChoice | undefined;
    return this.move(
      functionName,
      aliasName,
      options,
      (alias) => {
        if (!chosen?.version) throw new ReleaseError('validation', chosen?.reason ?? `${aliasName} has nowhere to roll back to.`);
        return planRollback(alias, chosen.version);
      },
      {
        alwaysConfirm: true,
        beforePlan: async (alias) => {
          chosen = await this.chooseRollback(functionName, alias, options);
        },
        describe: (plan) =>
          confirmationMessage(
            functionName,
            aliasName,
            plan,
            chosen?.basis === 'history' ? 'its previous target' : `no earlier target is remembered: the highest published version below ${plan.from.version}`,
          ),
      },
    );
  }

  /** DeleteAlias after a confirmation naming its target; protected aliases are confirmed twice. */
  async deleteAlias(functionName: string, aliasName: string, options: MoveOptions): Promise<{ summary: string }> {
    this.checkName(aliasName);
    const alias = await this.deps.gateway.getAlias(functionName, aliasName, options);
    const first = `Delete alias "${aliasName}" of ${functionName}? It points at ${describeTarget(alias)}; anything invoking ${functionName}:${aliasName} will fail.`;
    if (!(await options.confirm(first))) throw new CancelledError();
    if (this.isProtected(aliasName)) {
      const second = `"${aliasName}" is a protected alias. Really delete ${functionName}:${aliasName}?`;
      if (!(await options.confirm(second))) throw new CancelledError();
    }
    throwIfAborted(options.signal);
    await this.deps.gateway.deleteAlias(functionName, aliasName, options);
    try {
      await this.deps.history.clear(this.keyOf(functionName, alias));
    } catch {
      // A stale history only matters if an alias of that name is created again; not worth failing the delete.
    }
    return { summary: `${functionName}: deleted alias ${aliasName}, which pointed at ${describeWas({ version: alias.functionVersion, routing: alias.routing })}` };
  }

  isProtected(aliasName: string): boolean {
    return isProtectedAlias(aliasName, this.deps.protectedAliases());
  }

  private checkName(aliasName: string): void {
    const problem = validateAliasName(aliasName);
    if (problem) throw new ReleaseError('validation', problem);
  }

  /** Read → plan → confirm → guarded update → record. */
  private async move(
    functionName: string,
    aliasName: string,
    options: MoveOptions,
    makePlan: (alias: AliasSummary) => AliasPlan,
    extra: { alwaysConfirm?: boolean; beforePlan?: (alias: AliasSummary) => Promise<void>; describe?: (plan: AliasPlan) => string } = {},
  ): Promise<AliasOperationResult> {
    const before = await this.deps.gateway.getAlias(functionName, aliasName, options);
    if (options.unchangedSince && !sameAlias(before, options.unchangedSince)) {
      throw new ReleaseError('precondition', `${functionName}:${aliasName}: alias changed since the plan, now → ${describeWas({ version: before.functionVersion, routing: before.routing })}; it was not moved.`, {
        hint: 'Run the action again: the new plan starts from where the alias points now.',
      });
    }
    const unexpected = options.expect?.(before);
    if (unexpected) {
      throw new ReleaseError('precondition', `${functionName}:${aliasName}: alias changed by someone else (now → ${describeTarget(before)}; ${unexpected}). Nothing was changed.`, {
        hint: 'Refresh the view, check the alias, then decide what to do with it.',
      });
    }
    await extra.beforePlan?.(before);
    const plan = makePlan(before);
    const findings = (options.preflightDone ? undefined : await this.deps.preflight?.(functionName, plan, options)) ?? [];
    const refused = findings.filter((f) => f.severity === 'refuse');
    if (refused.length) {
      throw new ReleaseError('validation', `${functionName}:${aliasName} was not moved: ${refused.map((f) => f.message).join(' ')}`, {
        hint: 'Publish a version with the same execution role and dead-letter queue, or move the alias fully instead.',
      });
    }

    if (extra.alwaysConfirm || this.isProtected(aliasName) || findings.some((f) => f.severity === 'warn')) {
      const message = extra.describe?.(plan) ?? confirmationMessage(functionName, aliasName, plan);
      if (!(await options.confirm(message, findings.length ? findings : undefined))) throw new CancelledError();
    }
    throwIfAborted(options.signal);

    let after: AliasSummary;
    try {
      after = await this.deps.gateway.updateAlias(functionName, aliasName, plan.change, options);
    } catch (error) {
      if (error instanceof ReleaseError && error.kind === 'precondition') throw await this.changedMeanwhile(functionName, aliasName, error, options);
      throw error;
    }

    const historyWarning = await this.record(functionName, after, {
      action: plan.action,
      from: plan.from.version,
      fromRouting: plan.from.routing,
      to: after.functionVersion || plan.to.version,
      routing: after.routing,
    });
    return {
      alias: after,
      plan,
      summary: `${functionName}: ${describeAlias(after)}, was ${describeWas(plan.from)}`,
      historyWarning,
      preflight: findings,
    };
  }

  /** Lambda refused the RevisionId: read the alias again and say where it points now. Nothing is retried. */
  private async changedMeanwhile(functionName: string, aliasName: string, cause: ReleaseError, options: CallOptions): Promise<ReleaseError> {
    let now: string;
    try {
      const alias = await this.deps.gateway.getAlias(functionName, aliasName, options);
      now = `now → ${describeWas({ version: alias.functionVersion, routing: alias.routing })}`;
    } catch (error) {
      now = `could not read it again: ${maskSecrets(error instanceof Error ? error.message : String(error))}`;
    }
    return new ReleaseError('precondition', `${functionName}:${aliasName}: alias changed since you looked, ${now}; review and try again. Nothing was changed.`, {
      hint: 'Refresh the view, check the alias, then repeat the action if it still makes sense.',
      cause,
    });
  }

  private async chooseRollback(functionName: string, alias: AliasSummary, options: CallOptions): Promise<RollbackChoice> {
    const versions = await this.deps.gateway.listVersions(functionName, options);
    return rollbackTarget(alias, this.deps.history.list(this.keyOf(functionName, alias)), versions);
  }

  private async record(functionName: string, alias: AliasSummary, move: Omit<Parameters<AliasHistory['record']>[1], 'at'>): Promise<string | undefined> {
    try {
      await this.deps.history.record(this.keyOf(functionName, alias), { at: this.now().toISOString(), ...move });
      return undefined;
    } catch (error) {
      return `The alias moved, but its history could not be saved (roll back may not know this move): ${maskSecrets(error instanceof Error ? error.message : String(error))}`;
    }
  }

  /** History key from the alias ARN (account + region); the gateway's profile stands in if it cannot be parsed. */
  private keyOf(functionName: string, alias: AliasSummary): AliasKey {
    return (
      aliasKeyFromArn(alias.arn) ?? {
        account: `profile:${this.deps.gateway.target?.profile ?? 'unknown'}`,
        region: this.deps.gateway.target?.region ?? 'unknown',
        functionName,
        aliasName: alias.name,
      }
    );
  }
}

/**
 * Same target and weights, and the same RevisionId when both are known. Both are compared: moto
 * returns a RevisionId that never changes, so a RevisionId alone would miss a move there.
 */
function sameAlias(a: AliasSummary, b: AliasSummary): boolean {
  if (a.revisionId && b.revisionId && a.revisionId !== b.revisionId) return false;
  const routing = (x: AliasSummary) => JSON.stringify([...x.routing].sort((p, q) => p.version.localeCompare(q.version)));
  return a.functionVersion === b.functionVersion && routing(a) === routing(b);
}

/** `2`, or `2 with 10% → 3`: a target inside a sentence, never a bracket inside a bracket. */
function describeWas(target: { version: string; routing: readonly { version: string; weight: number }[] }): string {
  return [target.version, ...target.routing.map((r) => `${formatPercent(r.weight)} → ${r.version}`)].join(' with ');
}
