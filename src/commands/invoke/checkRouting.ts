import * as vscode from 'vscode';
import { formatPercent } from '../../release/aliases';
import { CancelledError, throwIfAborted } from '../../release/errors';
import { countExecutedVersions, formatInvocationLine, preparePayload, qualifiedName, type InvocationResult } from '../../release/invocation';
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
    await confirmProtectedInvoke({ ref, qualifier: alias.name }, `Invoke ${count} times:`);

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

    const counts = countExecutedVersions(results);
    const served = [...counts].map(([version, n]) => `${version === 'unknown' ? 'no executed version reported' : `version ${version}`}: ${n} (${Math.round((n / results.length) * 100)}%)`).join(', ');
    const primaryWeight = 1 - alias.routing.reduce((sum, r) => sum + r.weight, 0);
    const configured = [`${formatPercent(primaryWeight)} → ${alias.functionVersion}`, ...alias.routing.map((r) => `${formatPercent(r.weight)} → ${r.version}`)].join(', ');
    const failed = results.filter((r) => r.functionError).length;
    const summary = `${results.length} invocations of ${name}: ${served}. Configured: ${configured}.${failed ? ` ${failed} returned a FunctionError.` : ''}`;
    deps.log.info(summary);
    logInvocation(deps.context, summary);
    void vscode.window.showInformationMessage(summary);
  };
}
