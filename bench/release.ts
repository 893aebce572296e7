/**
 * Release round trip against moto_server, side by side in one run:
 *  - the extension's real release path, wired as src/commands/deploy/deployFlow.ts and release.ts wire
 *    it (without the editor): deploy() packaging a small function folder with buildPackage,
 *    UpdateFunctionCode, waiting, guarded PublishVersion, then AliasOperations.repoint (GetAlias
 *    → UpdateAlias with the RevisionId read, history recorded);
 *  - the AWS CLI v2 four-step sequence: update-function-code, wait function-updated,
 *    publish-version, update-alias (four processes; its zip is built beforehand, untimed).
 * Each round changes the code so both sides really deploy; rounds alternate which side goes
 * first. A counting proxy counts each side's API calls. Prints the figure last, on one line.
 *
 *   npx tsx bench/release.ts [--rounds 5] [--files 20] [--kb 64]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { createAwsServices } from '../src/aws/index';
import { AliasHistory } from '../src/release/aliasHistory';
import { AliasOperations } from '../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../src/release/aliases';
import { deploy } from '../src/release/deploy';
import { planUpload } from '../src/release/packageLimits';
import { buildPackage } from '../src/release/packaging';
import { startMoto } from '../test/support/moto';
import { createRole, handlerZip } from '../test/support/seed';
import { TEST_KEYS, applyEnv, writeAwsConfig } from '../test/support/awsConfig';
import { median, ms, numberArg, ratio } from './support/args';
import { cliEnv, findAwsCliV2, runCli } from './support/awsCli';
import { describeCounts, describeUpstream, startCountingProxy, upstreamTotal, type CallCounts } from './support/countingProxy';
import { machineLine } from './support/machine';

const REGION = 'us-east-1';
const PROFILE = 'bench';
const ALIAS = 'stable';
const target = { profile: PROFILE, region: REGION };

/** A small Node.js function: a handler, a package.json and `files` modules of about kb/files KiB. */
function writeWorkspace(dir: string, files: number, kb: number, round: number): void {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'release-bench', version: `1.0.${round}`, main: 'index.js' }, null, 2));
  writeFileSync(join(dir, 'index.js'), `const lib = require('./lib/m0');\nexports.handler = async () => ({ statusCode: 200, body: 'round ${round} ' + lib.name });\n`);
  const perFile = Math.max(1, Math.round((kb * 1024) / Math.max(1, files)));
  for (let i = 0; i < files; i++) {
    const line = `// module ${i}: helper code that compresses like source does\n`;
    writeFileSync(join(dir, 'lib', `m${i}.js`), `exports.name = 'm${i}';\n${line.repeat(Math.ceil(perFile / line.length))}`);
  }
}

async function seedFunction(endpoint: string, role: string, name: string): Promise<void> {
  const client = new LambdaClient({ endpoint, region: REGION, credentials: TEST_KEYS });
  try {
    await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: await handlerZip(name) } }));
    await client.send(new PublishVersionCommand({ FunctionName: name }));
    await client.send(new CreateAliasCommand({ FunctionName: name, Name: ALIAS, FunctionVersion: '1' }));
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rounds = Math.max(1, Math.round(numberArg(argv, 'rounds', 5, 'RELEASE_BENCH_ROUNDS')));
  const files = Math.round(numberArg(argv, 'files', 20));
  const kb = numberArg(argv, 'kb', 64);
  const cli = findAwsCliV2();

  console.log(machineLine());
  const moto = await startMoto();
  const proxy = await startCountingProxy(moto.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'release-bench-'));
  const restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: PROFILE, region: REGION }]).env);
  const services = createAwsServices({ endpointOverride: proxy.endpoint, maxAttempts: 5, maxConcurrentRequests: 8, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
  try {
    const role = await createRole(moto.endpoint, REGION);
    await seedFunction(moto.endpoint, role, 'release-bench-ext');
    await seedFunction(moto.endpoint, role, 'release-bench-cli');
    await services.listProfiles();
    const emptyConfig = join(dir, 'empty');
    writeFileSync(emptyConfig, '');
    const env = cliEnv(REGION, TEST_KEYS, emptyConfig);
    const endpoint = ['--endpoint-url', proxy.endpoint];
    const history = new Map<string, unknown>();
    const store = { get: <T>(key: string) => history.get(key) as T | undefined, update: async (key: string, value: unknown) => void history.set(key, value) };
    console.log(`moto_server ${moto.endpoint} behind counting proxy ${proxy.endpoint}; workspace: ${files + 2} files, ~${kb} KiB; ${cli.path} (${cli.version})`);
    proxy.take();

    /** The extension: deployFlow.runDeploy's wiring, then release.ts's repoint, minus the editor. */
    const extensionRelease = async (workspace: string): Promise<{ ms: number; version: string; calls: CallCounts }> => {
      const started = performance.now();
      const gateway = services.lambda(target);
      const outcome = await deploy(
        { functionName: 'release-bench-ext', publish: true, description: async () => 'bench release' },
        {
          gateway,
          buildPackage: (signal) => buildPackage(workspace, { extraExcludes: [], signal }),
          codeSourceFor: async (pkg) => {
            if (planUpload(pkg.zip.length, '').method !== 'direct') throw new Error('bench package too large for a direct upload');
            return { zipFile: pkg.zip };
          },
        },
      );
      const version = outcome.published?.version;
      if (outcome.status !== 'deployed' || !version || outcome.published?.existing) throw new Error(`extension deploy did not publish a new version: ${JSON.stringify(outcome.status)}`);
      const operations = new AliasOperations({ gateway, history: new AliasHistory(store), protectedAliases: () => [...DEFAULT_PROTECTED_ALIASES] });
      const moved = await operations.repoint('release-bench-ext', ALIAS, version, { confirm: async () => true });
      const elapsed = performance.now() - started;
      if (moved.alias.functionVersion !== version) throw new Error(`alias points at ${moved.alias.functionVersion}, expected ${version}`);
      return { ms: elapsed, version, calls: proxy.take() };
    };

    /** The CLI's four steps, each a process; the zip is built before the clock starts. */
    const cliRelease = async (workspace: string): Promise<{ ms: number; version: string; calls: CallCounts }> => {
      const pkg = await buildPackage(workspace);
      const zipPath = join(dir, 'cli.zip');
      writeFileSync(zipPath, pkg.zip);
      proxy.take();
      const fn = ['--function-name', 'release-bench-cli'];
      const started = performance.now();
      const updated = (await runCli(cli, ['lambda', 'update-function-code', ...fn, '--zip-file', `fileb://${zipPath}`, ...endpoint], env)).output as { CodeSha256: string };
      await runCli(cli, ['lambda', 'wait', 'function-updated', ...fn, ...endpoint], env);
      const published = (await runCli(cli, ['lambda', 'publish-version', ...fn, '--code-sha256', updated.CodeSha256, ...endpoint], env)).output as { Version: string };
      const alias = (await runCli(cli, ['lambda', 'update-alias', ...fn, '--name', ALIAS, '--function-version', published.Version, ...endpoint], env)).output as { FunctionVersion: string };
      const elapsed = performance.now() - started;
      if (alias.FunctionVersion !== published.Version) throw new Error(`CLI alias points at ${alias.FunctionVersion}, expected ${published.Version}`);
      return { ms: elapsed, version: published.Version, calls: proxy.take() };
    };

    const ours: number[] = [];
    const theirs: number[] = [];
    let ourCalls: CallCounts = { total: 0, byOperation: {}, upstreamMs: {} };
    let theirCalls = ourCalls;
    for (let round = 1; round <= rounds; round++) {
      const extWorkspace = join(dir, `ext-${round}`);
      const cliWorkspace = join(dir, `cli-${round}`);
      writeWorkspace(extWorkspace, files, kb, round);
      writeWorkspace(cliWorkspace, files, kb, round);
      const runOurs = async () => {
        const r = await extensionRelease(extWorkspace);
        ours.push(r.ms);
        ourCalls = r.calls;
        console.log(`round ${round}: extension ${ms(r.ms)} → version ${r.version} (${r.calls.total} calls; waiting on moto ${ms(upstreamTotal(r.calls))}: ${describeUpstream(r.calls)})`);
      };
      const runTheirs = async () => {
        const r = await cliRelease(cliWorkspace);
        theirs.push(r.ms);
        theirCalls = r.calls;
        console.log(`round ${round}: AWS CLI   ${ms(r.ms)} → version ${r.version} (${r.calls.total} calls; waiting on moto ${ms(upstreamTotal(r.calls))})`);
      };
      if (round % 2) {
        await runOurs();
        await runTheirs();
      } else {
        await runTheirs();
        await runOurs();
      }
    }
    console.log(`calls per release: extension ${ourCalls.total} (${describeCounts(ourCalls.byOperation)}); CLI ${theirCalls.total} (${describeCounts(theirCalls.byOperation)})`);
    const a = median(ours);
    const b = median(theirs);
    console.log(
      `release round trip: extension ${ms(a)} (package + deploy + wait + publish + repoint, ${ourCalls.total} calls, median of ${rounds}; first ${ms(ours[0])}, best ${ms(Math.min(...ours))}) ` +
        `vs AWS CLI v2 ${ms(b)} (4 processes, ${theirCalls.total} calls, zip not timed; best ${ms(Math.min(...theirs))}) = ratio ${ratio(b, a)}; goal ≥ 50x`,
    );
  } finally {
    services.dispose();
    restoreEnv();
    await proxy.close();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
