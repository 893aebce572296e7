import * as vscode from 'vscode';
import { checkConcurrency, reservablePool } from '../../release/versionFactRules';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { functionOf } from '../aliases/aliasContext';
import { declined, factsGateway, type FactsDeps } from './factsContext';

/**
 * "Set Reserved Concurrency…": validated against the account's unreserved pool when it can be read
 * (plus what the function already reserves); 0 asks in a modal, because it stops every invocation.
 */
export function setReservedConcurrency(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    const gateway = factsGateway(deps, ref);
    const [current, account] = await Promise.all([gateway.reservedConcurrency(ref.functionName), gateway.accountSettings()]);
    const now = current.known ? current.value : undefined;
    const unreserved = account.known ? account.value.unreservedConcurrentExecutions : undefined;
    const pool = reservablePool(unreserved, now);
    const input = await vscode.window.showInputBox({
      title: `Reserved concurrency of ${ref.functionName}`,
      prompt: `Concurrent executions reserved for ${ref.functionName} (now ${now === undefined ? 'unknown' : now === null ? 'unreserved' : now})${pool === undefined ? '' : `; at most ${pool}`}. 0 stops every invocation.`,
      value: now ? String(now) : '',
      validateInput: (value) => checkConcurrency(value, 'reserved', pool),
    });
    if (input === undefined) declined();
    const count = Number(input.trim());
    if (count === 0) {
      const stop = 'Set to 0';
      const answer = await vscode.window.showWarningMessage(
        `Reserve 0 concurrency for ${ref.functionName}? Every invocation of every version and alias will be throttled until you change it.`,
        { modal: true, detail: `Profile ${ref.target.profile} · region ${ref.target.region}` },
        stop,
      );
      if (answer !== stop) declined();
    }
    const set = await gateway.putReservedConcurrency(ref.functionName, count, { pool });
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`${ref.functionName}: reserved concurrency is now ${set}${set === 0 ? ' (every invocation is throttled)' : ''}.`);
  };
}

/** "Remove Reserved Concurrency": the function draws from the account's unreserved pool again. */
export function removeReservedConcurrency(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    await factsGateway(deps, ref).deleteReservedConcurrency(ref.functionName);
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`${ref.functionName}: reserved concurrency removed; it now uses the account's unreserved pool.`);
  };
}
