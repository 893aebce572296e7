import * as vscode from 'vscode';
import type { AliasSummary, FunctionRef } from '../../aws/types';
import { DeployedNotPublishedError, ImageFunctionError } from '../../release/deploy';
import type { PackageWithSelection } from '../../release/packaging';
import { CancelledError, describeForLog, describeForUser } from '../../release/errors';
import { alreadyReleased, planRelease, releaseVersion, type CanaryResolution, type PlanFinding, type ReleaseMove, type ReleasePlan } from '../../release/releasePlan';
import { describeRelease, ReleaseStoppedError, runRelease, type ReleaseHooks, type ReleaseState } from '../../release/releaseRun';
import { readForRelease, releaseRunDeps, toReads, type ReleaseSnapshot } from '../../release/releaseSession';
import { AliasNode } from '../../tree/nodes/AliasNode';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { withCancellableProgress } from '../../ui/progress';
import { confirmBuildCommands } from '../../ui/buildCommandConsent';
import { confirmBinding } from '../../ui/bindingConsent';
import { resolveDeployTarget, type WorkspaceBinding } from '../../ui/workspaceBinding';
import { aliasOperations, type AliasDeps } from '../aliases/aliasContext';
import type { CommandDeps } from '../CommandDeps';
import { CommandIds } from '../commandIds';
import { askDescription, codeSourceFor, confirmPackageSecrets, describeTarget, packageWorkspace } from './deployFlow';
import { publishGuarded } from './publishVersion';
import { reportSmokeFailure } from '../invoke/smokeStep';
import { askWayForward, confirmPlan, pickMove, pickReleaseAlias } from './releasePrompts';

export type ReleaseDeps = AliasDeps & Pick<CommandDeps, 'reports'> & {
  /**
   * The extension points (src/commands/deploy/releaseHooks.ts), read at the start of each release
   * of `ref` to `releasing.aliasName`; `report` shows a line in the release's progress.
   */
  hooks?: (ref: FunctionRef, releasing: { aliasName: string; report?: (message: string) => void }) => ReleaseHooks;
};

/**
 * "Release…": read everything, plan, show the plan (or its refusal with the ways forward, or
 * "nothing to do") BEFORE anything changes; then deploy / publish or reuse / verify / move under
 * one progress notification, and end with what is now true and the next action as a button.
 */
export function release(deps: ReleaseDeps) {
  return async (node?: TreeNode) => {
    const binding = await resolveDeployTarget(deps.services, isFunctionScoped(node) ? node.ref : undefined);
    await confirmBinding(deps, binding);
    if (binding.target) await confirmBuildCommands(deps.context.workspaceState, [binding.target]);
    const { ref } = binding;
    const picked = node instanceof AliasNode ? node.alias : await pickReleaseAlias(deps, ref, binding.alias);
    let report: ((message: string) => void) | undefined; // the release's progress, once it runs
    const hooks = deps.hooks?.(ref, { aliasName: picked.name, report: (message) => report?.(message) }) ?? {};
    const operations = aliasOperations(deps, ref);
    // One progress for the package and the reads; it ends before any question.
    let built: PackageWithSelection | undefined;
    const snapshot = await withCancellableProgress(`Planning the release of ${describeTarget(ref)}`, (progress, signal) => {
      progress.message(`Packaging and reading ${picked.name}…`);
      const build = (s?: AbortSignal) => packageWorkspace(deps.services, binding, s).then((pkg) => (built = pkg));
      return readForRelease(deps.services.lambda(ref.target), ref.functionName, picked.name, build, signal);
    }).then(undefined, async (error: unknown) => {
      if (!(error instanceof ImageFunctionError)) throw error;
      if (await vscode.window.showErrorMessage(describeForUser(error), 'Deploy Image…')) await vscode.commands.executeCommand(CommandIds.deployImage, { ref });
      throw new CancelledError(error.message);
    });
    const reads = toReads(ref.functionName, snapshot, operations.isProtected(picked.name));
    // Whatever the move, nothing would change: said now, before the move is asked.
    const already = alreadyReleased(reads);
    if (already) {
      deps.log.info(`${ref.functionName}: ${already}`);
      void vscode.window.showInformationMessage(already);
      return;
    }
    // The options say where the alias points now (as just read).
    let move = await pickMove(snapshot.alias, hooks);
    let resolve: CanaryResolution | undefined;

    let plan: ReleasePlan;
    for (;;) {
      // Checked for this move (again after a way forward changes the move or the alias's starting point).
      const findings = hooks.preflight ? await withCancellableProgress(`Checking the release of ${describeTarget(ref)}`, (_p, signal) => preflight(hooks, ref, snapshot, move, resolve, signal)) : [];
      plan = planRelease({ ...reads, move, resolve, findings, verify: hooks.verify && { label: hooks.verify.label } });
      if (plan.kind !== 'refused') break;
      const way = await askWayForward(ref, plan);
      if (way.next === 'cancel') throw new CancelledError();
      if ('resolve' in way.next) resolve = way.next.resolve;
      else move = way.next.move;
    }
    if (plan.kind === 'nothingToDo') {
      deps.log.info(`${ref.functionName}: ${plan.message}`);
      void vscode.window.showInformationMessage(plan.message);
      return;
    }

    const ready = plan;
    // Secret-looking files are asked about only when this release uploads the package.
    if (built && ready.steps.some((step) => step.kind === 'deploy')) await confirmPackageSecrets(built, ref.functionName);
    const description = ready.asksDescription ? await askDescription(deps.services, binding.sourceFolder, ref.functionName) : undefined;
    await confirmPlan(ref, picked.name, ready, description);
    deps.log.info(`${ref.functionName}: release plan: ${ready.summary}`);

    const execute = async (plan: ReadyPlan, alias: AliasSummary): Promise<ReleaseState> =>
      await withCancellableProgress(`Releasing ${describeTarget(ref)}`, (progress, signal) => {
        report = (message) => progress.message(message);
        return runRelease(
          { plan, alias, packageSha256: snapshot.pkg.sha256, description, signal },
          releaseRunDeps({
            functionName: ref.functionName,
            aliasName: picked.name,
            gateway: deps.services.lambda(ref.target),
            pkg: snapshot.pkg,
            codeSourceFor: codeSourceFor(deps.services, binding, progress),
            aliases: operations,
            hooks,
            onStep: (index, total, label) => progress.step(index, total, label),
            onChanged: () => deps.changes.fire(ref),
          }),
        );
      });
    let state: ReleaseState;
    try {
      state = await execute(ready, snapshot.alias);
    } catch (error) {
      // The progress has ended by now: the message is the last thing on screen.
      deps.changes.fire(ref);
      if (!(error instanceof ReleaseStoppedError)) throw error;
      const continued = await afterSmokeFailure(deps, ref, picked.name, ready, error, execute);
      if (!continued) return reportStop(deps, binding, error);
      if (continued === 'stopped') return;
      state = continued;
    }

    deps.changes.fire(ref);
    const summary = describeRelease(describeTarget(ref), picked.name, state, move);
    deps.log.info(summary);
    const moved = state.moved?.alias;
    if (state.moved?.historyWarning) void vscode.window.showWarningMessage(state.moved.historyWarning);
    const actions = move.kind === 'full' ? ['Roll Back'] : move.kind === 'canary' ? ['Promote', 'Abort Canary'] : [];
    const choice = await vscode.window.showInformationMessage(summary, ...actions);
    if (!moved || !choice) return;
    const aliasNode = AliasNode.detached(ref, moved);
    const command = { 'Roll Back': CommandIds.rollBackAlias, Promote: CommandIds.promoteCanary, 'Abort Canary': CommandIds.abortCanary }[choice];
    if (command) await vscode.commands.executeCommand(command, aliasNode);
  };
}

async function preflight(hooks: ReleaseHooks, ref: FunctionRef, snapshot: ReleaseSnapshot, move: ReleaseMove, resolve: CanaryResolution | undefined, signal: AbortSignal): Promise<PlanFinding[]> {
  if (!hooks.preflight) return [];
  const version = releaseVersion({ packageSha256: snapshot.pkg.sha256, versions: snapshot.versions });
  const codeChanges = snapshot.pkg.sha256 !== snapshot.latest.codeSha256;
  return hooks.preflight({ functionName: ref.functionName, alias: snapshot.alias, version, codeChanges, move, resolve, signal });
}

type ReadyPlan = Extract<ReleasePlan, { kind: 'ready' }>;

/**
 * A release stopped by its smoke tests: the failure with "Show Response" / "Move Anyway" / "Open
 * Event", shown after the release's progress has ended. "Move Anyway" runs the rest of the plan (the
 * move, guarded as planned; a protected alias asks again) with the version just published.
 * Undefined when the stop was not a smoke failure (the caller reports it as any stop).
 */
async function afterSmokeFailure(
  deps: ReleaseDeps,
  ref: FunctionRef,
  aliasName: string,
  ready: ReadyPlan,
  error: ReleaseStoppedError,
  execute: (plan: ReadyPlan, alias: AliasSummary) => Promise<ReleaseState>,
): Promise<ReleaseState | 'stopped' | undefined> {
  const smoke = error.state.verified?.smoke;
  const version = error.state.version;
  if (!smoke?.failure || !version || error.state.moved) return undefined;
  deps.log.error(describeForLog(error));
  // A modal: the release waits on this decision, and a toast can be held back by the workbench's
  // spam protection right after the release's own notifications.
  if (!(await reportSmokeFailure(deps, ref, smoke, aliasName, { modal: true }))) return 'stopped';
  const rest: ReadyPlan = {
    ...ready,
    steps: [{ kind: 'reuse', version: version.number, description: version.description }, ...ready.steps.filter((step) => step.kind === 'move')],
  };
  try {
    return await execute(rest, error.state.resolved?.alias ?? error.state.aliasBefore);
  } catch (second) {
    deps.changes.fire(ref);
    throw second;
  }
}

/** A release that stopped: what is true now, and the next action as a button. */
async function reportStop(deps: ReleaseDeps, binding: WorkspaceBinding, error: ReleaseStoppedError): Promise<void> {
  const { ref } = binding;
  if (error.cancelled && error.nothingChanged) throw new CancelledError(error.message);
  deps.log.error(describeForLog(error));
  const notPublished = error.cause instanceof DeployedNotPublishedError ? error.cause : undefined;
  const canRelease = !!error.state.version && !error.state.moved && !error.state.verified;
  const actions = [notPublished ? 'Publish Now' : undefined, canRelease ? 'Release Again' : undefined, 'Show Logs'].filter((a): a is string => !!a);
  const show = error.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(describeForUser(error), ...actions);
  if (choice === 'Publish Now' && notPublished) await publishGuarded(deps, ref, { codeSha256: notPublished.codeSha256, revisionId: notPublished.revisionId });
  if (choice === 'Release Again') await vscode.commands.executeCommand(CommandIds.release, AliasNode.detached(ref, error.state.resolved?.alias ?? error.state.aliasBefore));
  if (choice === 'Show Logs') deps.log.show(true);
}
