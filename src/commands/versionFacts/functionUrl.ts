import * as vscode from 'vscode';
import type { FunctionUrlAuthType } from '@aws-sdk/client-lambda';
import type { FunctionRef } from '../../aws/types';
import { ReleaseError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { pickAlias } from '../../ui/pickers';
import { functionOf } from '../aliases/aliasContext';
import { declined, factsGateway, type FactsDeps } from './factsContext';

/** The alias of an alias node; a function node or the palette means the function itself ($LATEST) unless `askAlias`. */
async function urlTarget(deps: FactsDeps, node: TreeNode | undefined, askAlias: boolean): Promise<{ ref: FunctionRef; qualifier?: string }> {
  if (node instanceof AliasNode) return { ref: node.ref, qualifier: node.alias.name };
  const ref = await functionOf(deps, node);
  if (!askAlias) return { ref };
  return { ref, qualifier: (await pickAlias(deps.services, ref, `Create a function URL for which alias of ${ref.functionName}?`)).name };
}

async function readUrl(deps: FactsDeps, node?: TreeNode): Promise<string> {
  const { ref, qualifier } = await urlTarget(deps, node, false);
  const where = `${ref.functionName}${qualifier ? `:${qualifier}` : ''}`;
  const url = await factsGateway(deps, ref).functionUrl(ref.functionName, qualifier);
  if (!url.known) throw new ReleaseError('aws', `Could not read the function URL of ${where}: ${url.reason}.`);
  if (!url.value) throw new ReleaseError('notFound', `${where} has no function URL.`, { hint: qualifier ? 'Create one with "Create Function URL…".' : undefined });
  return url.value.url;
}

/** "Copy Function URL" (alias, or the function's own URL). */
export function copyFunctionUrl(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const url = await readUrl(deps, node);
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${url}`, 3000);
  };
}

/** "Open Function URL" in the browser. */
export function openFunctionUrl(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    await vscode.env.openExternal(vscode.Uri.parse(await readUrl(deps, node)));
  };
}

/** "Create Function URL…" for an alias: auth type chosen; NONE (public) asks in a modal that says so. */
export function createFunctionUrl(deps: FactsDeps) {
  return async (node?: TreeNode) => {
    const { ref, qualifier } = await urlTarget(deps, node, true);
    const where = `${ref.functionName}:${qualifier}`;
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'AWS_IAM', description: 'callers sign requests with IAM credentials', auth: 'AWS_IAM' as FunctionUrlAuthType },
        { label: 'NONE', description: 'public: anyone with the URL can invoke it', auth: 'NONE' as FunctionUrlAuthType },
      ],
      { title: `Function URL for ${where}: who may call it?` },
    );
    if (!choice) declined();
    if (choice.auth === 'NONE') {
      const go = 'Create Public URL';
      const answer = await vscode.window.showWarningMessage(
        `Create a PUBLIC function URL for ${where}? Anyone on the internet who has the URL can invoke it, without credentials (auth type NONE).`,
        { modal: true, detail: `Lambda still needs a resource policy allowing lambda:InvokeFunctionUrl for everyone.\n\nProfile ${ref.target.profile} · region ${ref.target.region}` },
        go,
      );
      if (answer !== go) declined();
    }
    const url = await factsGateway(deps, ref).createFunctionUrl(ref.functionName, qualifier, choice.auth);
    deps.changes.fire(ref);
    const copy = 'Copy URL';
    const picked = await vscode.window.showInformationMessage(`${where}: function URL created (${url.authType}): ${url.url}`, copy);
    if (picked === copy) await vscode.env.clipboard.writeText(url.url);
  };
}
