import pLimit from 'p-limit';

export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Bounds parallel requests per (profile, region): AWS allows roughly 15 control-plane requests a
 * second per API, and a full expand of hundreds of functions must not trip throttling. Profiles
 * stand in for accounts here; resolving the account id would cost an STS call per profile.
 */
export class RequestLimiter {
  private readonly limits = new Map<string, Limit>();

  constructor(private concurrency: number) {}

  for(key: string): Limit {
    let limit = this.limits.get(key);
    if (!limit) {
      const bounded = pLimit(Math.max(1, this.concurrency));
      limit = (task) => bounded(task);
      this.limits.set(key, limit);
    }
    return limit;
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = concurrency;
    this.limits.clear();
  }
}
