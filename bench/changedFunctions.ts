/**
 * "Deploy Changed Functions" when nothing changed, side by side in one run against moto_server:
 *  - the extension: assessTargets() over N targets (each a small Node.js function folder), wired
 *    as src/commands/deploy/deployChanged.ts wires it minus the editor: GetFunction + the
 *    deterministic zip of each target, compared with its CodeSha256 (4 at a time). Nothing is
 *    uploaded: every target is found unchanged. This is also "the time to decide nothing changed".
 *  - the baseline a script would run: N AWS CLI v2 `update-function-code` calls (one process
 *    each, zips built beforehand and not timed), which upload every function whatever changed.
 * Rounds alternate which side goes first; medians. Prints the figure last, on one line.
 *
 *   npx tsx bench/changedFunctions.ts [--targets 20] [--rounds 3] [--files 20] [--kb 64]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createAwsServices } from '../src/aws/index';
import { assessTargets, type ChangedFunctionsDeps } from '../src/release/changedFunctions';
import { buildPackage } from '../src/release/packaging';
import { packageTarget } from '../src/release/targetPackage';
import { readTargets } from '../src/release/targets';
import { startMoto } from '../test/support/moto';
import { createRole } from '../test/support/seed';
import { TEST_KEYS, applyEnv, writeAwsConfig } from '../test/support/awsConfig';
import { median, ms, numberArg, ratio } from './support/args';
import { cliEnv, findAwsCliV2, runCli } from './support/awsCli';
import { machineLine } from './support/machine';

const REGION = 'us-east-1';
const PROFILE = 'bench';

function writeFunction(dir: string, name: string, files: number, kb: number): void {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'index.js'), `exports.handler = async () => ({ statusCode: 200, body: '${name}' });\n`);
  const perFile = Math.max(1, Math.round((kb * 1024) / Math.max(1, files)));
  for (let i = 0; i < files; i++) {
    const line = `// ${name} module ${i}: helper code that compresses like source does\n`;
    writeFileSync(join(dir, 'lib', `m${i}.js`), `exports.name = 'm${i}';\n${line.repeat(Math.ceil(perFile / line.length))}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const count = Math.max(1, Math.round(numberArg(argv, 'targets', 20)));
  const rounds = Math.max(1, Math.round(numberArg(argv, 'rounds', 3, 'CHANGED_BENCH_ROUNDS')));
  const files = Math.round(numberArg(argv, 'files', 20));
  const kb = numberArg(argv, 'kb', 64);
  const cli = findAwsCliV2();

  console.log(machineLine());
  const moto = await startMoto();
  const dir = mkdtempSync(join(tmpdir(), 'changed-bench-'));
  const root = join(dir, 'repo');
  const restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: PROFILE, region: REGION, endpointUrl: moto.endpoint }]).env);
  const services = createAwsServices({ maxAttempts: 5, maxConcurrentRequests: 8, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
  const client = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: TEST_KEYS });
  try {
    const role = await createRole(moto.endpoint, REGION);
    const raw = [];
    const zips: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `changed-bench-${String(i).padStart(2, '0')}`;
      writeFunction(join(root, 'services', name), name, files, kb);
      const pkg = await buildPackage(join(root, 'services', name));
      zips.push(join(dir, `${name}.zip`));
      writeFileSync(zips[i], pkg.zip);
      // Deployed with exactly the bytes the extension builds: every target is unchanged.
      await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: pkg.zip } }));
      raw.push({ name, profile: PROFILE, region: REGION, function: name, sourceFolder: `services/${name}` });
    }
    const { targets, problems } = readTargets(root, raw, {});
    if (problems.length) throw new Error(problems.join('\n'));
    await services.listProfiles();
    const deps: ChangedFunctionsDeps = {
      lambda: (t) => services.lambda(t.ref.target),
      images: (t) => services.images(t.ref.target),
      packageTarget: (t, fn, signal) => packageTarget(t, fn, { pythonCacheRoot: join(dir, 'py'), signal }),
      codeSourceFor: async () => {
        throw new Error('nothing should be uploaded: every target is unchanged');
      },
    };
    const emptyConfig = join(dir, 'empty');
    writeFileSync(emptyConfig, '');
    const env = cliEnv(REGION, TEST_KEYS, emptyConfig);
    console.log(`moto_server ${moto.endpoint}; ${count} targets of ${files + 1} files, ~${kb} KiB each; ${cli.path} (${cli.version})`);

    const ours: number[] = [];
    const theirs: number[] = [];
    const runOurs = async (round: number) => {
      const started = performance.now();
      const assessed = await assessTargets(targets, deps);
      const elapsed = performance.now() - started;
      const notUnchanged = assessed.filter((a) => a.state?.status !== 'unchanged');
      if (notUnchanged.length) throw new Error(`expected every target unchanged: ${notUnchanged.map((a) => `${a.target.name}: ${a.error ?? a.state?.status}`).join(', ')}`);
      ours.push(elapsed);
      console.log(`round ${round}: extension decided "nothing changed" for ${count} targets in ${ms(elapsed)}`);
    };
    const runTheirs = async (round: number) => {
      const started = performance.now();
      for (const [i, target] of targets.entries()) {
        await runCli(cli, ['lambda', 'update-function-code', '--function-name', target.ref.functionName, '--zip-file', `fileb://${zips[i]}`, '--endpoint-url', moto.endpoint], env);
      }
      const elapsed = performance.now() - started;
      theirs.push(elapsed);
      console.log(`round ${round}: AWS CLI   ${count} update-function-code calls in ${ms(elapsed)}`);
    };
    for (let round = 1; round <= rounds; round++) {
      if (round % 2) {
        await runOurs(round);
        await runTheirs(round);
      } else {
        await runTheirs(round);
        await runOurs(round);
      }
    }
    const a = median(ours);
    const b = median(theirs);
    console.log(
      `deploy changed functions, ${count} unchanged targets: extension decides "nothing changed" in ${ms(a)} (${count} GetFunction + ${count} deterministic zips, nothing uploaded; median of ${rounds}, best ${ms(Math.min(...ours))}) ` +
        `vs AWS CLI v2 ${count} × update-function-code ${ms(b)} (${count} processes and uploads, zips not timed; best ${ms(Math.min(...theirs))}) = ratio ${ratio(b, a)}`,
    );
  } finally {
    client.destroy();
    services.dispose();
    restoreEnv();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
