import type { KeyValueStore } from '../../src/release/aliasHistory';

/**
 * An in-memory stand-in for VS Code's globalState (a Memento): values go through JSON like the
 * real one, `undefined` deletes, and writes can be counted or made to fail.
 */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  writes = 0;
  failWrites = false;

  get<T>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (this.failWrites) throw new Error('storage full');
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}
