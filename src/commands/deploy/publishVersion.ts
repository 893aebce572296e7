import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { isFunctionScoped, type TreeNode } from '../../tree/nodes/TreeNode';
import { pickFunction } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import { readBinding, sameFunction, workspaceRoot } from '../../ui/workspaceBinding';
import type { CommandDeps } from '../CommandDeps';
import { askDescription, describeTarget } from './deployFlow';

/**
 * "Publish Version…" on $LATEST / a function: publishes exactly the code read now — PublishVersion
 * carries its CodeSha256 and RevisionId, so a deploy by someone else in between is refused.
 */
export function publishVersion(deps: Pick<CommandDeps, 'services' | 'changes' | 'log'>) {
  return async (node?: TreeNode) => {
    const ref = isFunctionScoped(node) ? node.ref : await pickFunction(deps.services);
    const gateway = deps.services.lambda(ref.target);
    const current = await gateway.getFunction(ref.functionName);
    const binding = readBinding();
    const folder = binding && sameFunction(binding.ref, ref) ? binding.sourceFolder : workspaceRoot();
    const description = folder ? await askDescription(deps.services, folder, ref.functionName) : '';
    await publishGuarded(deps, ref, { codeSha256: current.codeSha256 ?? '', revisionId: current.revisionId, description });
  };
}

/**
 * PublishVersion with its CodeSha256 / RevisionId guard, under a cancellable progress, then the
 * tree refresh and one message. Also "Publish Now" after a deploy that was not published.
 */
export async function publishGuarded(
  deps: Pick<CommandDeps, 'services' | 'changes' | 'log'>,
  ref: FunctionRef,
  guard: { codeSha256: string; revisionId?: string; description?: string },
): Promise<void> {
  try {
    const result = await withCancellableProgress(`Publishing ${describeTarget(ref)}`, (_progress, signal) =>
      deps.services.lambda(ref.target).publishVersion(ref.functionName, guard, { signal }),
    );
    const message = result.existing
      ? `Nothing changed since version ${result.version} of ${ref.functionName}: Lambda returned that version instead of publishing a new one.`
      : `Published version ${result.version} of ${ref.functionName} (CodeSha256 ${result.codeSha256 ?? guard.codeSha256}).`;
    deps.log.info(message);
    void vscode.window.showInformationMessage(message);
  } finally {
    deps.changes.fire(ref);
  }
}
