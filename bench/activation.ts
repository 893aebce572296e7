/**
 * Activation benchmark: time to `require` the production extension bundle and run activate()
 * with the AWS SDK bundle NOT loaded (asserted), then the first tree load — the root (profiles)
 * and one profile's functions from moto_server — which loads the SDK bundle. Each sample is a
 * fresh Node process (support/activateChild.cjs) with a minimal fake `vscode` module injected,
 * in two modes: a cold process, and one where Node's built-ins the bundle uses are already
 * loaded (as in a running extension host). The real host is measured by bench/hostActivation.mjs.
 *
 *   npx tsx bench/activation.ts [--runs 15] [--functions 20] [--no-tree] [--dist DIR]
 *
 * Baseline: the AWS Toolkit's PUBLISHED activation time, 1,303 ms (aws-toolkit-vscode issue
 * #1918 / PR #4528) — a figure from its project, not measured here. Goal: ≤ 20 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LambdaClient, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import pLimit from 'p-limit';
import { startMoto, type MotoServer } from '../test/support/moto';
import { createRole, handlerZip } from '../test/support/seed';
import { TEST_KEYS, writeAwsConfig } from '../test/support/awsConfig';
import { flag, median, ms, numberArg, ratio, stringArg } from './support/args';
import { machineLine } from './support/machine';

const TOOLKIT_PUBLISHED_MS = 1303;
const GOAL_MS = 20;
const PROFILE = 'bench';
const REGION = 'us-east-1';
const repoRoot = resolve(__dirname, '..');

interface Sample {
  requireMs: number;
  activateMs: number;
  totalMs: number;
  sdkLoadedAfterActivate: boolean;
  commands: number;
  ownLogLine?: string;
  treeLoadMs?: number;
  functionNodes?: number;
  treeErrors?: string[];
  sdkLoadedAfterTree?: boolean;
  sdkLogLine?: string;
}

function runChild(extension: string, env: Record<string, string>): Promise<Sample> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'support', 'activateChild.cjs')], {
      env: { ...process.env, ...env, BENCH_EXTENSION: extension },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`activation child failed (${code}): ${err.trim()}`));
      resolvePromise(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Sample);
    });
  });
}

async function seedFunctions(moto: MotoServer, count: number): Promise<void> {
  const role = await createRole(moto.endpoint, REGION);
  const client = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: TEST_KEYS });
  const limit = pLimit(4);
  try {
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(async () => {
          const name = `activation-fn-${String(i).padStart(4, '0')}`;
          await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: await handlerZip(name) } }));
        }),
      ),
    );
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = Math.max(1, Math.round(numberArg(argv, 'runs', 15, 'ACTIVATION_BENCH_RUNS')));
  const functions = Math.round(numberArg(argv, 'functions', 20, 'ACTIVATION_BENCH_FUNCTIONS'));
  const withTree = !flag(argv, 'no-tree');
  const givenDist = stringArg(argv, 'dist');
  console.log(machineLine());

  let cleanup = async (): Promise<void> => undefined;
  let dist: string;
  if (givenDist) {
    dist = resolve(givenDist);
  } else {
    const staged = spawnSync(process.execPath, [join(__dirname, 'support', 'stage.mjs'), '--production'], { cwd: repoRoot, encoding: 'utf8' });
    if (staged.status !== 0) throw new Error(`building the production bundle failed: ${staged.stderr}`);
    const dir = staged.stdout.trim().split('\n').pop() ?? '';
    dist = join(dir, 'dist');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const extension = join(dist, 'extension.js');
  console.log(`bundle: ${extension}${givenDist ? '' : ' (production build of the working tree)'}`);

  let moto: MotoServer | undefined;
  const configDir = mkdtempSync(join(tmpdir(), 'activation-bench-'));
  try {
    const env: Record<string, string> = {};
    if (withTree) {
      moto = await startMoto();
      await seedFunctions(moto, functions);
      const written = writeAwsConfig(configDir, [{ name: PROFILE, region: REGION }]);
      Object.assign(env, written.env, {
        BENCH_SETTINGS: JSON.stringify({ 'lambdaRelease.endpointUrl': moto.endpoint }),
        BENCH_TREE_PROFILE: PROFILE,
      });
      for (const key of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) env[key] = '';
      console.log(`moto_server ${moto.endpoint}: profile "${PROFILE}" with ${functions} functions in ${REGION}`);
    }

    const cold: Sample[] = [];
    const warm: Sample[] = [];
    // Alternate the modes so neither always runs on a quieter moment.
    for (let i = 0; i < runs; i++) {
      cold.push(await runChild(extension, env));
      warm.push(await runChild(extension, { ...env, BENCH_PRELOAD_BUILTINS: '1' }));
    }
    for (const sample of [...cold, ...warm]) {
      if (sample.sdkLoadedAfterActivate) throw new Error('dist/aws.js (the SDK bundle) was loaded during activation');
      if (withTree) {
        if (!sample.sdkLoadedAfterTree) throw new Error('the first tree load did not load dist/aws.js: the tree did not reach AWS');
        if (sample.functionNodes !== functions || sample.treeErrors?.length) {
          throw new Error(`the tree showed ${sample.functionNodes} nodes (expected ${functions}): ${sample.treeErrors?.join('; ')}`);
        }
      }
    }
    const show = (name: string, samples: Sample[]) => {
      const pick = (key: 'requireMs' | 'activateMs' | 'totalMs' | 'treeLoadMs') => median(samples.map((s) => s[key] ?? NaN));
      console.log(
        `${name}: require ${ms(pick('requireMs'))} + activate() ${ms(pick('activateMs'))} = ${ms(pick('totalMs'))} (median of ${samples.length}; ` +
          `min ${ms(Math.min(...samples.map((s) => s.totalMs)))}, max ${ms(Math.max(...samples.map((s) => s.totalMs)))})` +
          (withTree ? `; first tree load ${ms(pick('treeLoadMs'))}` : ''),
      );
    };
    show('cold Node process        ', cold);
    show('built-ins already loaded ', warm);
    console.log(`extension's own log: ${warm[0].ownLogLine ?? '(none)'}; ${warm[0].commands} commands registered; SDK bundle loaded during activation: no`);
    if (withTree) console.log(`after the tree load: ${warm[0].sdkLogLine ?? 'SDK loaded'} (the first tree load includes it)`);

    const activation = median(warm.map((s) => s.totalMs));
    const coldActivation = median(cold.map((s) => s.totalMs));
    const tree = withTree ? median(warm.map((s) => s.treeLoadMs ?? NaN)) : NaN;
    console.log(
      `activation: ${ms(activation)} require+activate, SDK not loaded (median of ${runs} fresh processes, Node built-ins preloaded as in a running host; cold process ${ms(coldActivation)}) ` +
        `vs AWS Toolkit 1,303 ms (published figure, not measured here) = ratio ${ratio(TOOLKIT_PUBLISHED_MS, activation)}; goal ≤ ${GOAL_MS} ms ${activation <= GOAL_MS ? 'met' : 'MISSED'}` +
        (withTree ? `; first tree load (root + ${functions} functions from moto, loads the SDK bundle) ${ms(tree)}` : ''),
    );
  } finally {
    await moto?.stop();
    rmSync(configDir, { recursive: true, force: true });
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
