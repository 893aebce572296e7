/**
 * The functions of each (profile, region) as last listed from AWS, kept so Filter Functions… and
 * Clear Filter narrow what is already loaded instead of sending a new ListFunctions sweep (20
 * pages for 1,000 functions). Only Refresh (or a setting that changes where the listing comes
 * from) forgets a listing. No vscode import: unit-tested in plain mocha.
 */
import type { FunctionSummary, Target } from '../aws/types';

/** What a Refresh forgets: everything, one profile, or one region of a profile. */
export interface ListingScope {
  profile: string;
  region?: string;
}

export class FunctionListings {
  /** Loads by (profile, region): a load in flight is shared, so concurrent expands send one sweep. */
  private readonly loads = new Map<string, Promise<FunctionSummary[]>>();

  constructor(private readonly list: (target: Target) => Promise<FunctionSummary[]>) {}

  /** The listing of `target`: the loaded one, or a new sweep. A failed sweep is not kept (Retry lists again). */
  get(target: Target): Promise<FunctionSummary[]> {
    const key = keyOf(target);
    let load = this.loads.get(key);
    if (!load) {
      load = this.list(target);
      this.loads.set(key, load);
      const stored = load;
      load.catch(() => {
        if (this.loads.get(key) === stored) this.loads.delete(key);
      });
    }
    return load;
  }

  /** Forget every listing, or those of one profile / region: the next `get` lists from AWS again. */
  forget(scope?: ListingScope): void {
    if (!scope) {
      this.loads.clear();
      return;
    }
    for (const key of [...this.loads.keys()]) {
      const [profile, region] = JSON.parse(key) as [string, string];
      if (profile === scope.profile && (scope.region === undefined || region === scope.region)) this.loads.delete(key);
    }
  }
}

/** The functions whose name contains `filter` (case-insensitive); every function when it is empty. */
export function filterFunctions(functions: readonly FunctionSummary[], filter: string): FunctionSummary[] {
  const needle = filter.trim().toLowerCase();
  return needle ? functions.filter((fn) => fn.name.toLowerCase().includes(needle)) : [...functions];
}

function keyOf(target: Target): string {
  // JSON, not a separator: a profile name may hold any character.
  return JSON.stringify([target.profile, target.region]);
}
