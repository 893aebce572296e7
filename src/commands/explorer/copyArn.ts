import * as vscode from 'vscode';
import { ReleaseError } from '../../release/errors';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { isFunctionScoped } from '../../tree/nodes/TreeNode';
import { VersionNode } from '../../tree/nodes/VersionNode';
import { pickFunction } from '../../ui/pickers';
import type { CommandDeps } from '../CommandDeps';

/** Copies the ARN of a function, alias or version node (palette: asks for a function). */
export function copyArn({ services }: Pick<CommandDeps, 'services'>) {
  return async (node?: TreeNode) => {
    const arn = node instanceof AliasNode ? node.alias.arn : node instanceof VersionNode ? node.version.arn : isFunctionScoped(node) ? node.ref.functionArn : (await pickFunction(services)).functionArn;
    if (!arn) throw new ReleaseError('validation', 'This item has no ARN.');
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${arn}`, 3000);
  };
}
