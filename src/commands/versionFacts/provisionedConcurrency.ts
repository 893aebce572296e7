import * as vscode from 'vscode';
import { CancelledError, isCancellation } from '../../release/errors';
import { checkConcurrency } from '../../release/versionFactRules';
import { describeProvisioned } from '../../release/versionFacts';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { withCancellableProgress } from '../../ui/progress';
import { declined, factsGateway, qualifierOf, type FactsDeps } from './factsContext';

/**
 * "Set Provisioned Concurrency…" on an alias or a published version: the confirmation carries a
 * cost note; then a cancellable wait until Lambda says READY or FAILED (Cancel stops the wait only).
 */
export function setProvisionedConcurrency(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const { ref, qualifier, kind } = await qualifierOf(deps, node, 'Provisioned concurrency for which alias or version?');
    const gateway = factsGateway(deps, ref);
    const current = await gateway.provisionedConcurrency(ref.functionName, qualifier);
    const input = await vscode.window.showInputBox({
      title: `Provisioned concurrency of ${ref.functionName}:${qualifier}`,
      prompt: `Execution environments kept initialised for ${kind} ${qualifier}${current.known && current.value ? ` (now ${describeProvisioned(current.value)})` : ''}`,
      value: current.known && current.value?.requested ? String(current.value.requested) : '',
      validateInput: (value) => checkConcurrency(value, 'provisioned'),
    });
    if (input === undefined) declined();
    const count = Number(input.trim());
    const go = 'Provision';
    const answer = await vscode.window.showWarningMessage(
      `Provision ${count} concurrent executions for ${ref.functionName}:${qualifier}?`,
      {
        modal: true,
        detail: `Cost: provisioned concurrency is billed for every hour it stays configured, used or not (per GB-second of memory × ${count}), on top of requests. It also counts against the account's concurrency.\n\nProfile ${ref.target.profile} · region ${ref.target.region}`,
      },
      go,
    );
    if (answer !== go) declined();
    await gateway.putProvisionedConcurrency(ref.functionName, qualifier, count);
    deps.changes.fire(ref);
    try {
      const ready = await withCancellableProgress(`Provisioning ${ref.functionName}:${qualifier}`, (progress, signal) =>
        gateway.waitForProvisioned(ref.functionName, qualifier, { signal, onStatus: (pc) => progress.message(describeProvisioned(pc)) }),
      );
      void vscode.window.showInformationMessage(`${ref.functionName}:${qualifier}: ${count} provisioned concurrency READY (${describeProvisioned(ready)}).`);
    } catch (error) {
      if (isCancellation(error)) throw new CancelledError(`${ref.functionName}:${qualifier}: ${count} provisioned concurrency requested; Lambda keeps provisioning it (stopped waiting).`, true);
      throw error;
    } finally {
      deps.changes.fire(ref);
    }
  };
}

/** "Remove Provisioned Concurrency": asks first (the alias or version goes back to cold starts). */
export function removeProvisionedConcurrency(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const { ref, qualifier } = await qualifierOf(deps, node, 'Remove provisioned concurrency from which alias or version?');
    const remove = 'Remove';
    const answer = await vscode.window.showWarningMessage(
      `Remove the provisioned concurrency of ${ref.functionName}:${qualifier}? Its invocations go back to on-demand environments (cold starts).`,
      { modal: true, detail: `Profile ${ref.target.profile} · region ${ref.target.region}` },
      remove,
    );
    if (answer !== remove) declined();
    await factsGateway(deps, ref).deleteProvisionedConcurrency(ref.functionName, qualifier);
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`${ref.functionName}:${qualifier}: provisioned concurrency removed.`);
  };
}
