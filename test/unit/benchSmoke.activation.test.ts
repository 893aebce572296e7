/**
 * Keeps bench/activation.ts from rotting, without moto (`--no-tree`): a production build loaded
 * in fresh Node processes with the benchmark's fake `vscode` module; asserts the figure line
 * (with its ratio to the published AWS Toolkit figure) and that the SDK bundle stayed unloaded.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

describe('bench smoke: activation.ts with the fake vscode module (no moto)', function () {
  this.timeout(120_000);

  it('activates the production bundle without loading the SDK and prints its figure line', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'activation.ts'), '--runs', '1', '--no-tree'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    assert.equal(run.status, 0, `activation.ts failed:\n${run.stdout}\n${run.stderr}`);
    const last = run.stdout.trim().split('\n').pop() ?? '';
    assert.match(last, /^activation: \d+(\.\d+)? ms require\+activate, SDK not loaded .* ratio \d+(\.\d+)?x; goal ≤ 20 ms (met|MISSED)$/);
    assert.match(run.stdout, /\d+ commands registered; SDK bundle loaded during activation: no/);
  });
});
