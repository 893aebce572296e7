import * as vscode from 'vscode';
import type { UpdateRuntimeOn } from '@aws-sdk/client-lambda';
import { ReleaseError } from '../../release/errors';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { pickVersion } from '../../ui/pickers';
import { functionOf } from '../aliases/aliasContext';
import { declined, factsGateway, type FactsDeps } from './factsContext';

/** "Set Runtime Update Mode…": Auto, on function update, or Manual (pinned to $LATEST's runtime version). */
export function setRuntimeUpdateMode(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const ref = await functionOf(deps, node);
    const gateway = factsGateway(deps, ref);
    const current = await gateway.runtimeManagement(ref.functionName);
    const now = current.known ? current.value.updateRuntimeOn : undefined;
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Auto', description: 'Lambda updates the runtime version when it chooses', mode: 'Auto' as UpdateRuntimeOn },
        { label: 'FunctionUpdate', description: 'the runtime version is updated when you deploy', mode: 'FunctionUpdate' as UpdateRuntimeOn },
        { label: 'Manual', description: "pin $LATEST's current runtime version", mode: 'Manual' as UpdateRuntimeOn },
      ].map((item) => ({ ...item, detail: item.mode === now ? 'current mode' : undefined })),
      { title: `Runtime updates of ${ref.functionName}${now ? ` (now ${now})` : current.known ? '' : ` (now unknown: ${current.reason})`}` },
    );
    if (!choice) declined();
    let arn: string | undefined;
    if (choice.mode === 'Manual') {
      const latest = await gateway.versionConfig(ref.functionName, '$LATEST');
      arn = latest.known ? latest.value.runtimeVersionArn : undefined;
      if (!arn) throw new ReleaseError('validation', `Lambda did not report the runtime version of ${ref.functionName}: nothing to pin.`, { hint: 'Use "Pin Runtime of Version N" on a version that reports one.' });
    }
    const result = await gateway.putRuntimeManagement(ref.functionName, choice.mode, arn);
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`${ref.functionName}: runtime updates are now ${result.updateRuntimeOn ?? choice.mode}${arn ? `, pinned to ${arn}` : ''}.`);
  };
}

/**
 * "Pin Runtime of Version N": runtime rollback, the documented way — Manual mode with the runtime
 * version ARN that version N ran on.
 */
export function pinRuntimeOfVersion(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const ref = node instanceof VersionNode ? node.ref : await functionOf(deps, node);
    const version = node instanceof VersionNode ? node.version.version : (await pickVersion(deps.services, ref, { title: `Pin the runtime that which version of ${ref.functionName} ran on?`, includeLatest: false })).version;
    const gateway = factsGateway(deps, ref);
    const config = await gateway.versionConfig(ref.functionName, version);
    if (!config.known) throw new ReleaseError('aws', `Could not read version ${version} of ${ref.functionName}: ${config.reason}.`);
    const arn = config.value.runtimeVersionArn;
    if (!arn) throw new ReleaseError('validation', `Lambda did not report the runtime version of ${ref.functionName}:${version}: nothing to pin.`);
    const pin = 'Pin Runtime';
    const answer = await vscode.window.showWarningMessage(
      `Pin ${ref.functionName} to the runtime version that version ${version} ran on? Runtime updates stop (Manual mode) until you change the mode.`,
      { modal: true, detail: `${arn}\n\nProfile ${ref.target.profile} · region ${ref.target.region}` },
      pin,
    );
    if (answer !== pin) declined();
    await gateway.putRuntimeManagement(ref.functionName, 'Manual', arn);
    deps.changes.fire(ref);
    void vscode.window.showInformationMessage(`${ref.functionName}: runtime pinned to the one version ${version} ran on (${arn}); updates are Manual.`);
  };
}
