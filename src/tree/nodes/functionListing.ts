import type { ProfileInfo } from '../../aws/types';
import { filterFunctions } from '../functionListings';
import { FilterNode } from './FilterNode';
import { FunctionNode } from './FunctionNode';
import { MessageNode, errorNode } from './MessageNode';
import type { TreeContext } from './TreeContext';
import type { TreeNode } from './TreeNode';
import { describeForLog } from '../../release/errors';

/**
 * The functions of a (profile, region) as nodes, narrowed by the filter (the loaded listing: a
 * filter change sends no request); a failure becomes one error node. While a filter is on, the
 * first row names it, with Clear.
 */
export async function loadFunctionNodes(context: TreeContext, profile: ProfileInfo, region: string, parent: TreeNode): Promise<TreeNode[]> {
  try {
    const functions = await context.listFunctions({ profile: profile.name, region });
    const filter = context.currentFilter();
    const shown = filterFunctions(functions, filter);
    const filterRow: TreeNode[] = filter && functions.length ? [new FilterNode(filter, shown.length, functions.length, parent)] : [];
    if (shown.length === 0) {
      const text = functions.length === 0 ? `No functions in ${region}` : `No function matches "${filter}" (${functions.length} hidden)`;
      return [...filterRow, new MessageNode(`${parent.id}/empty`, text, { parent })];
    }
    return [...filterRow, ...shown.map((fn) => new FunctionNode(context, { target: { profile: profile.name, region }, functionName: fn.name, functionArn: fn.arn }, fn, parent))];
  } catch (error) {
    context.services.log.error(`Listing functions of ${profile.name} / ${region} failed: ${describeForLog(error)}`);
    return [errorNode(parent, error)];
  }
}
