import type { Services } from '../../services';
import type { FunctionNode } from './FunctionNode';

/** What nodes need from the provider: the services and the current function-name filter. */
export interface TreeContext {
  readonly services: Services;
  /** Lower-cased substring; empty shows every function. */
  functionFilter(): string;
  /** Remembers a function node so changes to that function refresh just it. */
  track(node: FunctionNode): void;
}
