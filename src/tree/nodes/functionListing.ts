import type { ProfileInfo } from '../../aws/types';
import { FunctionNode } from './FunctionNode';
import { MessageNode, errorNode } from './MessageNode';
import type { TreeContext } from './TreeContext';
import type { TreeNode } from './TreeNode';
import { describeForLog } from '../../release/errors';

/** Lists the functions of a (profile, region) as nodes; a failure becomes one error node. */
export async function loadFunctionNodes(context: TreeContext, profile: ProfileInfo, region: string, parent: TreeNode): Promise<TreeNode[]> {
  try {
    const functions = await context.services.lambda({ profile: profile.name, region }).listFunctions();
    const filter = context.functionFilter();
    const shown = filter ? functions.filter((fn) => fn.name.toLowerCase().includes(filter)) : functions;
    if (shown.length === 0) {
      const text = functions.length === 0 ? `No functions in ${region}` : `No function matches "${filter}" (${functions.length} hidden)`;
      return [new MessageNode(`${parent.id}/empty`, text, { parent })];
    }
    return shown.map((fn) => new FunctionNode(context, { target: { profile: profile.name, region }, functionName: fn.name, functionArn: fn.arn }, fn, parent));
  } catch (error) {
    context.services.log.error(`Listing functions of ${profile.name} / ${region} failed: ${describeForLog(error)}`);
    return [errorNode(parent, error)];
  }
}
