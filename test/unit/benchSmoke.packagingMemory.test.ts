import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Keeps bench/packagingMemory.ts from rotting: a tiny run must print its figure line with a ratio. */
describe('bench/packagingMemory.ts smoke run (tiny sizes)', () => {
  it('prints peak RSS of the packager and of Info-ZIP side by side, as a ratio, last', async function () {
    this.timeout(120000);
    for (const [tool, args, hint] of [['zip', ['-v'], 'zip'], ['/usr/bin/time', ['-f', '%M', 'true'], 'time']] as const) {
      try {
        execFileSync(tool, [...args], { stdio: 'ignore' });
      } catch {
        assert.fail(`${tool} is missing: install the Debian package \`${hint}\`; the packaging memory benchmark needs it.`);
      }
    }
    const script = join(__dirname, '..', '..', 'bench', 'packagingMemory.ts');
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', script, '--sizes', '60:4,70:5'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' }, (_error, out, err) =>
        resolve({ stdout: out, stderr: err, code: child.exitCode }),
      );
    });
    assert.equal(code, 0, `bench/packagingMemory.ts failed:\n${stderr}\n${stdout}`);
    const lines = stdout.trim().split('\n');
    assert.match(lines[1], /^60 files, 4 KB: packager peak \d+\.\d MB \(selection alone .*\) in \d+\.\d\d s, 60 entries, zip \d+ KB; Info-ZIP zip -r peak \d+\.\d MB$/);
    assert.match(
      lines.at(-1) as string,
      /^packaging peak RSS: packager vs Info-ZIP zip -r: 60 files \d+\.\d MB vs \d+\.\d MB = \d+\.\dx \(-?\d+\.\d MB above idle Node\); 70 files \d+\.\d MB vs \d+\.\d MB = \d+\.\dx \(-?\d+\.\d MB above idle Node\)$/,
    );
  });
});
