/**
 * Shared glue of the alias commands: which function / alias a command acts on (tree node or
 * palette picks), the AliasOperations for it, the modal confirmation, and the after-move refresh.
 */
import * as vscode from 'vscode';
import type { AliasSummary } from '../../aws/types';
import { AliasHistory } from '../../release/aliasHistory';
import { AliasOperations, type AliasOperationResult, type MoveOptions } from '../../release/aliasOperations';
import { formatFindings, type PreflightFinding } from '../../release/preflight';
import { preflightAliasMove } from '../../release/preflightMove';
import { DEFAULT_PROTECTED_ALIASES } from '../../release/aliases';
import { isCancellation } from '../../release/errors';
import { protectedAliasesFrom } from '../../release/workspaceSettingRules';
import { settings } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { FunctionRef } from '../../aws/types';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { isFunctionScoped } from '../../tree/nodes/TreeNode';
import { boundTarget, pickAlias, pickBoundAlias, pickFunction } from '../../ui/pickers';
import type { CommandDeps } from '../CommandDeps';
import { openDiff } from '../compare/compareVersions';

export type AliasDeps = Pick<CommandDeps, 'services' | 'context' | 'changes' | 'log'>;

export function aliasOperations(deps: AliasDeps, ref: FunctionRef): AliasOperations {
  return new AliasOperations({
    gateway: deps.services.lambda(ref.target),
    history: new AliasHistory(deps.context.globalState),
    // A workspace may add protected aliases, never remove the user's (src/release/workspaceSettingRules.ts).
    protectedAliases: () => protectedAliasesFrom(settings().inspect<string[]>(SettingKeys.protectedAliases), DEFAULT_PROTECTED_ALIASES),
    // Every move (repoint, roll back, shift, promote, release) is checked before its modal.
    preflight: (functionName, move, options) => preflightAliasMove(deps.services.aws().versionFacts(ref.target), functionName, move, options),
  });
}

/** The function a node belongs to, or one picked from the palette. */
export async function functionOf(deps: AliasDeps, node?: TreeNode): Promise<FunctionRef> {
  return isFunctionScoped(node) ? node.ref : pickFunction(deps.services);
}

/** The alias of an alias node, or function → alias picked from the palette. */
export async function aliasOf(
  deps: AliasDeps,
  node?: TreeNode,
  title?: string,
  only?: (alias: AliasSummary) => boolean,
): Promise<{ ref: FunctionRef; alias: AliasSummary }> {
  if (node instanceof AliasNode) return { ref: node.ref, alias: node.alias };
  // From the palette in a bound workspace: no function prompt, the bound alias first.
  const bound = node ? undefined : boundTarget();
  if (bound) {
    const alias = await pickBoundAlias(deps.services, bound.ref, bound.alias, title, only);
    if (alias) return { ref: bound.ref, alias };
    const ref = await pickFunction(deps.services, { offerBound: false });
    return { ref, alias: await pickAlias(deps.services, ref, title, only) };
  }
  const ref = await functionOf(deps, node);
  return { ref, alias: await pickAlias(deps.services, ref, title, only) };
}

/** The button of a confirmation: the verb of its question ("Move", "Delete"…), never a vague "OK". */
export function confirmButton(message: string): string {
  const verbs: [RegExp, string][] = [
    [/^Delete\b|Really delete\b/, 'Delete'],
    [/^Roll back\b/, 'Roll Back'],
    [/^Send\b/, 'Shift Traffic'],
    [/^Promote\b/, 'Promote'],
    [/^Abort\b/, 'Abort Canary'],
  ];
  return verbs.find(([pattern]) => pattern.test(message))?.[1] ?? 'Move';
}

/**
 * A modal naming function, alias, current and new version (the question) and where: profile and
 * region (the same function name may exist in several accounts). Only the verb button goes ahead.
 * Pre-flight findings are its rows; "Compare" opens the two versions side by side and asks again.
 */
export function confirmModal(ref: FunctionRef): (message: string, findings?: readonly PreflightFinding[]) => Promise<boolean> {
  return async (message, findings = []) => {
    const button = confirmButton(message);
    const where = `Profile ${ref.target.profile} · region ${ref.target.region}`;
    const detail = findings.length ? `Pre-flight checks:\n${formatFindings(findings)}\n\n${where}` : where;
    const compare = findings.find((f) => f.compare)?.compare;
    for (;;) {
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...(compare ? [button, 'Compare'] : [button]));
      if (choice !== 'Compare' || !compare) return choice === button;
      await openDiff(ref, compare.left, compare.right);
    }
  };
}

export function moveOptions(ref: FunctionRef, signal?: AbortSignal): MoveOptions {
  return { confirm: confirmModal(ref), signal };
}

/**
 * Runs a move; when it fails (someone changed the alias, a stale node), the tree and status bar
 * re-read, so what the user sees next matches what the error message says.
 */
export async function refreshOnFailure<T>(deps: AliasDeps, ref: FunctionRef, move: () => Promise<T>): Promise<T> {
  try {
    return await move();
  } catch (error) {
    if (!isCancellation(error)) deps.changes.fire(ref);
    throw error;
  }
}

/** After a move: tell the tree and status bar, and show the one-line summary. */
export function reportMove(deps: AliasDeps, ref: FunctionRef, result: AliasOperationResult | { summary: string }): void {
  deps.changes.fire(ref);
  const notChecked = 'preflight' in result ? (result.preflight ?? []).filter((f) => f.severity === 'unknown') : [];
  // Checks that could not be made are said, never taken as "fine"; the log keeps each reason.
  const summary = notChecked.length ? `${result.summary} · pre-flight: ${notChecked.length} check${notChecked.length === 1 ? '' : 's'} could not be made (see log)` : result.summary;
  deps.log.info(result.summary);
  for (const finding of notChecked) deps.log.info(`Pre-flight, not checked: ${finding.message}`);
  void vscode.window.showInformationMessage(summary);
  if ('historyWarning' in result && result.historyWarning) void vscode.window.showWarningMessage(result.historyWarning);
}
