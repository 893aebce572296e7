import type { Services } from '../../services';

/** What nodes need from the provider: the services and the current function-name filter. */
export interface TreeContext {
  readonly services: Services;
  /** Lower-cased substring; empty shows every function. */
  functionFilter(): string;
}
