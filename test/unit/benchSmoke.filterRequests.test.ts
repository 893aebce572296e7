import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Keeps bench/filterRequests.ts from rotting: a tiny run prints its figure, and the counts are the pages a sweep needs. */
describe('bench/filterRequests.ts smoke run (tiny sizes)', () => {
  it('prints the requests of both sides and a ratio last: 3 pages once vs 3 pages per change', async function () {
    this.timeout(60_000);
    const root = join(__dirname, '..', '..');
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', join(root, 'bench', 'filterRequests.ts'), '--functions', '120', '--changes', '2', '--round-trip-ms', '0'],
        { cwd: root, encoding: 'utf8' },
        (_error, out, err) => resolve({ stdout: out, stderr: err, code: child.exitCode }),
      );
    });
    assert.equal(code, 0, `bench/filterRequests.ts failed:\n${stderr}\n${stdout}`);
    const last = stdout.trim().split('\n').at(-1) ?? '';
    assert.match(last, /^filter requests: 3 vs 12 ListFunctions requests for expand \+ 2 filter change\(s\) \+ clear over 120 functions = 4\.00x fewer; a filter change \d+\.\d ms vs \d+\.\d ms$/);
  });
});
