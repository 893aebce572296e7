import type { TreeNode } from '../../tree/nodes/TreeNode';
import { qualifiedName } from '../../release/invocation';
import { confirmProtectedInvoke, invokeTargetOf, invokeWithProgress, pickInvocationType, pickPayload, showInvocationResult, type InvokeDeps } from './invokeContext';

/**
 * "Invoke…" on a function, `$LATEST`, version or alias node, the palette (profile → function →
 * qualifier, bound function first) and the status-bar menu: payload, invocation type, the
 * protected-alias question (not for a dry run: nothing runs), the call, the result.
 */
export function invoke(deps: InvokeDeps) {
  return async (node?: TreeNode) => {
    const target = await invokeTargetOf(deps, node);
    const name = qualifiedName(target.ref.functionName, target.qualifier);
    const payload = await pickPayload(target.ref, `Invoke ${name} with which payload?`);
    const type = await pickInvocationType(target);
    if (type !== 'DryRun') await confirmProtectedInvoke(target);
    const { result, ms } = await invokeWithProgress(deps, target, type, payload);
    await showInvocationResult(deps, result, ms, payload, target.ref);
  };
}
