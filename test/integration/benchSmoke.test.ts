/**
 * Keeps the moto-based benchmarks from rotting: each runs with tiny sizes against its own
 * moto_server and must print its figure line with a ratio. The AWS CLI v2 is their baseline:
 * without it these tests FAIL (CI installs the Debian package `awscli`). No timing is asserted.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findAwsCliV2 } from '../../bench/support/awsCli';

const repoRoot = join(__dirname, '..', '..');

function runBench(script: string, args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    timeout: 170_000,
  });
  assert.equal(run.status, 0, `${script} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout.trim().split('\n');
}

describe('bench smoke: moto-based benchmarks with tiny sizes', function () {
  this.timeout(180_000);

  it('listing.ts: 5 functions, the CLI on a sample of 1 (extrapolated), prints calls and a ratio', () => {
    findAwsCliV2(); // throws "AWS CLI v2 not found…" so the failure says what is missing
    const lines = runBench('listing.ts', ['--functions', '5', '--cli-sample', '1', '--rounds', '1']);
    assert.match(lines.at(-1) ?? '', /^listing 5 functions × 3 aliases: extension full expand .* \(11 calls.* vs AWS CLI v2 .*EXTRAPOLATED from a sample of 1.* = ratio \d+(\.\d+)?x; same calls as the CLI \(aliases only\) .* = \d+(\.\d+)?x/);
    assert.ok(lines.some((line) => /CLI made 2 \(/.test(line)), `the CLI call count is missing:\n${lines.join('\n')}`);
  });

  it('release.ts: one round with a tiny function, prints both sides and a ratio', () => {
    findAwsCliV2();
    const lines = runBench('release.ts', ['--rounds', '1', '--files', '2', '--kb', '1']);
    assert.match(lines.at(-1) ?? '', /^release round trip: extension .* vs AWS CLI v2 .* \(4 processes, 4 calls, zip not timed; best .*\) = ratio \d+(\.\d+)?x; goal ≥ 50x$/);
  });

  it('changedFunctions.ts: 2 unchanged targets, one round, prints both sides and a ratio', () => {
    findAwsCliV2();
    const lines = runBench('changedFunctions.ts', ['--targets', '2', '--rounds', '1', '--files', '2', '--kb', '1']);
    assert.match(lines.at(-1) ?? '', /^deploy changed functions, 2 unchanged targets: extension decides "nothing changed" in .* vs AWS CLI v2 2 × update-function-code .* = ratio \d+(\.\d+)?x$/);
  });

  it('logTail.ts: 200 events, prints duplicates/gaps of both readers and a ratio', () => {
    findAwsCliV2();
    const lines = runBench('logTail.ts', ['--events', '200', '--batch', '20']);
    assert.match(lines.at(-1) ?? '', /^ratio \(aws logs tail mean latency \/ extension mean latency\): \d+(\.\d+)?x$/);
    assert.ok(lines.some((line) => /^extension tail: received 200, duplicates 0, gaps 0/.test(line)), lines.join('\n'));
  });

  it('invoke.ts: 2 invoke rounds and 1 release with a 5-event smoke gate, prints the ratio and the gate\'s share', () => {
    findAwsCliV2();
    const lines = runBench('invoke.ts', ['--rounds', '2', '--releases', '1']);
    assert.match(lines.at(-1) ?? '', /^invoke round trip: extension .* vs aws lambda invoke .* = ratio \d+(\.\d+)?x; 5-event smoke gate adds .* to a .* release \(\d+%, median of 1\)$/);
  });

  it('activation.ts: the first tree load against moto loads the SDK bundle and lists the seeded functions', () => {
    const lines = runBench('activation.ts', ['--runs', '1', '--functions', '3']);
    assert.match(lines.at(-1) ?? '', /^activation: .* ratio \d+(\.\d+)?x; goal ≤ 20 ms (met|MISSED); first tree load \(root \+ 3 functions from moto, loads the SDK bundle\) \d+(\.\d+)? ms$/);
  });

  it('versionFacts.ts: one round, prints both sides\' calls and the first-paint ratio', () => {
    const lines = runBench('versionFacts.ts', ['--rounds', '1']);
    assert.match(lines.at(-1) ?? '', /^version facts: first function expand, rows with facts \/ before = \d+\.\d\dx \(.*, 1 rounds\); calls 2 → 10, the 8 extra after the rows \(facts in at .*\)$/);
  });

  it('workspaceEndpoint.ts: the issue-16 session both ways, prints the token counts and the bucket guard\'s cost', () => {
    const lines = runBench('workspaceEndpoint.ts', ['--functions', '2', '--uploads', '2']);
    assert.match(lines.at(-1) ?? '', /^workspace endpoint: 0 vs 5 requests carrying the session token to the workspace's host \(2 vs 0 functions listed from the user's endpoint\); bucket guard: 1 STS call per profile, first upload \+/);
  });

  it('rolloutAbort.ts: one round per signal with a 1 s gate poll, prints both signals against the CodeDeploy anchor', () => {
    const lines = runBench('rolloutAbort.ts', ['--rounds', '1', '--poll-s', '1', '--log-poll-ms', '250']);
    assert.match(lines.at(-1) ?? '', /^rollout abort: log signal median \d+\.\d+ s, max \d+\.\d+ s \(tail polls every 250 ms\) · metric signal median \d+\.\d+ s, max \d+\.\d+ s \(gate reads every 1 s\) · CodeDeploy alarm anchor ≥ 60 s → ≥ \d+(\.\d+)?× faster by logs, ≥ \d+(\.\d+)?× by metrics/);
    assert.ok(lines.some((line) => /^log +round 1: restored .* Health gate failed at 10%: 1 error line/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /^metric round 1: restored .* fails 100% of invocations/.test(line)), lines.join('\n'));
  });
});
