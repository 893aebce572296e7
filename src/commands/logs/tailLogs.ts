import * as vscode from 'vscode';
import { CancelledError } from '../../release/errors';
import { versionsForAlias } from '../../release/logFilter';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { FunctionRef } from '../../aws/types';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { isFunctionScoped } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import type { LogTails, TailRequest } from '../../ui/logTails';
import { pickFunction, pickLazily } from '../../ui/pickers';
import type { CommandDeps } from '../CommandDeps';

type Deps = Pick<CommandDeps, 'services'> & { tails: LogTails };

/** "Tail Logs" on a function (all versions), a version, or an alias (its version(s)). */
export function tailLogs(deps: Deps) {
  return async (node?: TreeNode) => {
    const scoped = node instanceof VersionNode
      ? { versions: [node.version.version], scope: `version ${node.version.version}` }
      : node instanceof AliasNode
        ? { versions: versionsForAlias(node.alias), scope: `alias ${node.alias.name} (${versionsForAlias(node.alias).join(', ')})` }
        : undefined;
    const ref: FunctionRef = isFunctionScoped(node) ? node.ref : await pickFunction(deps.services);
    const scope = scoped ?? (isFunctionScoped(node) ? { scope: 'all versions' } : await pickScope(deps, ref));
    const filterPattern = await vscode.window.showInputBox({
      title: `Tail ${ref.functionName} · ${scope.scope}`,
      prompt: 'Optional CloudWatch filter pattern (e.g. ERROR, or { $.level = "error" }); leave empty for every event',
      placeHolder: 'filter pattern (optional)',
    });
    if (filterPattern === undefined) throw new CancelledError();
    // Functions with advanced logging may write to a shared group (LoggingConfig.LogGroup).
    const configuration = await deps.services.lambda(ref.target).getFunctionConfiguration(ref.functionName).catch(() => undefined);
    const request: TailRequest = { ref, ...scope, filterPattern: filterPattern.trim() || undefined, logGroup: configuration?.LoggingConfig?.LogGroup };
    deps.tails.start(request);
  };
}

/** "Stop Tailing": the only tail, or the one picked; "all" stops every tail. */
export function stopTailing(deps: Pick<Deps, 'tails'>) {
  return async () => {
    const active = deps.tails.active();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('No log tail is running.');
      return;
    }
    if (active.length === 1) return deps.tails.stop(active[0].key);
    const choice = await vscode.window.showQuickPick([{ label: 'Stop all', key: '*' }, ...active.map((t) => ({ label: t.label, key: t.key }))], { title: 'Stop which tail?' });
    if (!choice) throw new CancelledError();
    if (choice.key === '*') deps.tails.stopAll();
    else deps.tails.stop(choice.key);
  };
}

async function pickScope(deps: Deps, ref: FunctionRef): Promise<Pick<TailRequest, 'versions' | 'scope'>> {
  return pickLazily(`Tail ${ref.functionName}: which versions?`, 'All versions, an alias or a version', async () => {
    const { versions, aliases } = await deps.services.lambda(ref.target).getFunctionDetails(ref.functionName);
    return [
      { label: '$(list-flat) All versions', value: { scope: 'all versions' } },
      ...aliases.map((a) => ({ label: `$(tag) ${a.name}`, description: versionsForAlias(a).join(', '), value: { versions: versionsForAlias(a), scope: `alias ${a.name} (${versionsForAlias(a).join(', ')})` } })),
      ...versions.map((v) => ({ label: v.version, description: v.description, value: { versions: [v.version], scope: `version ${v.version}` } })),
    ];
  });
}
