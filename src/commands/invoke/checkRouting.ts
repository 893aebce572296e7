import * as vscode from 'vscode';
import { CancelledError, throwIfAborted } from '../../release/errors';
import { describeRouting, formatInvocationLine, preparePayload, qualifiedName, type InvocationResult } from '../../release/invocation';
import { settings } from '../../services';
import { SettingKeys } from '../../settingKeys';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { logInvocation } from '../../ui/invocationLog';
import { withCancellableProgress } from '../../ui/progress';
import { aliasOf } from '../aliases/aliasContext';
import type { CommandDeps } from '../CommandDeps';
import { confirmProtectedInvoke, pickPayload, type InvokeDeps } from './invokeContext';

/**
 * "Check Routing" after a canary: invoke THROUGH the alias N times (lambdaRelease.checkRouting.
 * invocations) and count which version served each call (X-Amz-Executed-Version), beside the
 * configured weights, so the user sees the weights actually route.
 */
export function checkRouting(deps: InvokeDeps & Pick<CommandDeps, 'changes'>) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Check the routing of which alias?');
    const name = qualifiedName(ref.functionName, alias.name);
    const count = Math.max(1, Math.min(200, settings().get<number>(SettingKeys.checkRoutingInvocations, 20)));
    const payload = await pickPayload(ref, `Check Routing: invoke ${name} ${count} times with which payload?`);
    const bytes = preparePayload(payload.text, 'RequestResponse').bytes;
    await confirmProtectedInvoke({ ref, qualifier: alias.name }, `Invoke ${name} ${count} times?`);

    const results = await withCancellableProgress(`Checking the routing of ${name}`, async (progress, signal) => {
      const gateway = deps.services.invoke(ref.target);
      const done: InvocationResult[] = [];
      for (let i = 1; i <= count; i++) {
        throwIfAborted(signal);
        progress.step(i, count, `Invoking ${name}…`);
        const started = performance.now();
        const result = await gateway.invoke({ functionName: ref.functionName, qualifier: alias.name, type: 'RequestResponse', payload: bytes }, { signal });
        logInvocation(deps.context, `${formatInvocationLine(result, performance.now() - started)}  [check routing ${i}/${count}]`);
        done.push(result);
      }
      return done;
    });
    if (!results.length) throw new CancelledError();

    const summary = describeRouting(name, results, alias);
    deps.log.info(summary);
    logInvocation(deps.context, summary);
    void vscode.window.showInformationMessage(summary);
  };
}
