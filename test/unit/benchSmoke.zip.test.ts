import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Keeps bench/zip.ts from rotting: a tiny run must print its figure and identical hashes. */
describe('bench/zip.ts smoke run (tiny sizes)', () => {
  it('prints a throughput ratio last and byte-identical packager output', async function () {
    this.timeout(120000);
    try {
      execFileSync('zip', ['-v'], { stdio: 'ignore' });
    } catch {
      assert.fail('Info-ZIP `zip` is not on PATH: install the Debian package `zip`; the packaging benchmark compares against it.');
    }
    const script = join(__dirname, '..', '..', 'bench', 'zip.ts');
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', script, '--files', '50', '--megabytes', '0.5', '--rounds', '2', '--seed', '7'],
        { cwd: join(__dirname, '..', '..'), encoding: 'utf8' },
        (_error, out, err) => resolve({ stdout: out, stderr: err, code: child.exitCode }),
      );
    });
    assert.equal(code, 0, `bench/zip.ts failed:\n${stderr}\n${stdout}`);
    const lines = stdout.trim().split('\n');
    const last = lines[lines.length - 1];
    assert.match(last, /^zip throughput: packager \d+(\.\d+)? MB\/s vs Info-ZIP \d+(\.\d+)? MB\/s = \d+\.\d\dx \(0\.5 MB, 50 files, best of 2, median ratio \d+\.\d\dx\); identical output across 2 packager runs: yes$/);
    const hashes = lines.filter((line) => line.includes('packager ')).map((line) => /sha256 (\S+)\)/.exec(line)?.[1]).filter(Boolean);
    assert.equal(hashes.length, 2);
    assert.equal(hashes[0], hashes[1]);
  });
});
