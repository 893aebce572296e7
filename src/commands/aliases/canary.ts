import * as vscode from 'vscode';
import type { AliasSummary } from '../../aws/types';
import { checkWeightPercent } from '../../release/aliases';
import { CancelledError } from '../../release/errors';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickVersion } from '../../ui/pickers';
import type { InvokeDeps } from '../invoke/invokeContext';
import { gateBeforeMove } from '../invoke/smokeStep';
import { aliasOf, refreshOnFailure, aliasOperations, moveOptions, reportMove, type AliasDeps } from './aliasContext';

/** "Shift Traffic…": N% of an alias to another version (RoutingConfig.AdditionalVersionWeights). */
export function shiftTraffic(deps: AliasDeps & InvokeDeps) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Shift traffic of which alias?');
    const current = alias.routing[0]?.version;
    const version = await pickVersion(deps.services, ref, {
      title: `Send part of ${alias.name}'s traffic (now → ${alias.functionVersion}) to which version?`,
      includeLatest: false,
      exclude: [alias.functionVersion],
    });
    const percent = await vscode.window.showInputBox({
      title: `Canary: ${alias.name} → ${version.version}`,
      prompt: `Percent of ${alias.name}'s traffic for version ${version.version} (more than 0, less than 100)`,
      value: current === version.version ? String(Math.round((alias.routing[0]?.weight ?? 0.1) * 1000) / 10) : '10',
      validateInput: (value) => checkWeightPercent(value),
    });
    if (percent === undefined) throw new CancelledError();
    // The smoke gate: the version is invoked BY NUMBER with the workspace's smoke events before any traffic moves.
    await gateBeforeMove(deps, ref, version.version, alias.name);
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).shiftTraffic(ref.functionName, alias.name, version.version, percent, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}

/** "Promote Canary": the alias points fully at its canary version; weights cleared. */
export function promoteCanary(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Promote the canary of which alias?', hasCanary);
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).promote(ref.functionName, alias.name, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}

/** "Abort Canary": weights cleared, all traffic back to the primary version. */
export function abortCanary(deps: AliasDeps) {
  return async (node?: TreeNode) => {
    const { ref, alias } = await aliasOf(deps, node, 'Abort the canary of which alias?', hasCanary);
    const result = await refreshOnFailure(deps, ref, () => aliasOperations(deps, ref).abortCanary(ref.functionName, alias.name, moveOptions(ref)));
    reportMove(deps, ref, result);
  };
}

const hasCanary = (alias: AliasSummary) => alias.routing.length > 0;
