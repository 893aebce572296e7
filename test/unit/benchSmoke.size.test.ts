/**
 * Keeps bench/size.mjs from rotting: a real production build and `vsce package` into a temp
 * folder; asserts the script printed its figure line with the VSIX size and a ratio.
 * (No timing is asserted: figures belong in bench/RESULTS.md.)
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

describe('bench smoke: size.mjs', function () {
  this.timeout(120_000);

  it('builds, packages and prints the VSIX size with its ratio to the 2 MB goal', () => {
    const run = spawnSync(process.execPath, [join('bench', 'size.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    assert.equal(run.status, 0, `size.mjs failed:\n${run.stdout}\n${run.stderr}`);
    const last = run.stdout.trim().split('\n').pop() ?? '';
    assert.match(last, /^size: VSIX \d+ bytes .* ratio \(goal \/ VSIX\) \d+(\.\d+)?x; bundles extension\.js \d+ \+ aws\.js \d+ \+ packaging\.js \d+ bytes/);
    for (const bundle of ['extension.js', 'aws.js', 'packaging.js']) assert.match(run.stdout, new RegExp(`vsix contents: .*dist/${bundle.replace('.', '\\.')}`));
  });
});
