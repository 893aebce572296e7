/**
 * Invoke against moto_server, side by side in one run:
 *  1. the invoke round trip: the extension's path (payload checked by preparePayload, InvokeGateway
 *     with LogType Tail, result decoded and formatted as the "Lambda Invocations" line) vs
 *     `aws lambda invoke` (CLI v2, one process) with the same payload; rounds alternate who goes first;
 *  2. what a 5-event smoke gate adds to a release: deploy + publish (the extension's deploy path), the
 *     smoke gate (runSmokeTests: 5 events against the new version BY NUMBER), then the guarded repoint;
 *     the gate's time in ms and as a share of the whole release.
 * Prints the figure last, on one line.
 *
 *   npx tsx bench/invoke.ts [--rounds 20] [--releases 5] [--kb 1]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { createAwsServices } from '../src/aws/index';
import { AliasHistory } from '../src/release/aliasHistory';
import { AliasOperations } from '../src/release/aliasOperations';
import { deploy } from '../src/release/deploy';
import { formatInvocationLine, preparePayload } from '../src/release/invocation';
import { planUpload } from '../src/release/packageLimits';
import { buildPackage } from '../src/release/packaging';
import { runSmokeTests, type SmokeEvent } from '../src/release/smokeGate';
import { startMoto } from '../test/support/moto';
import { createRole, handlerZip } from '../test/support/seed';
import { TEST_KEYS, applyEnv, writeAwsConfig } from '../test/support/awsConfig';
import { median, ms, numberArg, ratio } from './support/args';
import { cliEnv, findAwsCliV2, runCli } from './support/awsCli';
import { machineLine } from './support/machine';

const REGION = 'us-east-1';
const PROFILE = 'bench';
const target = { profile: PROFILE, region: REGION };
const FN = 'invoke-bench';
const RELEASE_FN = 'smoke-bench';

/** An API Gateway-like event of about `kb` KiB. */
function payloadOf(kb: number, n = 0): string {
  return JSON.stringify({ httpMethod: 'GET', path: `/orders/${n}`, headers: { accept: 'application/json' }, body: 'x'.repeat(Math.max(0, Math.round(kb * 1024) - 120)) });
}

async function seed(endpoint: string, role: string, name: string): Promise<void> {
  const client = new LambdaClient({ endpoint, region: REGION, credentials: TEST_KEYS });
  try {
    await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: await handlerZip(name) } }));
    await client.send(new PublishVersionCommand({ FunctionName: name }));
    await client.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rounds = Math.max(1, Math.round(numberArg(argv, 'rounds', 20, 'INVOKE_BENCH_ROUNDS')));
  const releases = Math.max(1, Math.round(numberArg(argv, 'releases', 5, 'INVOKE_BENCH_RELEASES')));
  const kb = numberArg(argv, 'kb', 1);
  const cli = findAwsCliV2();

  console.log(machineLine());
  const moto = await startMoto();
  const dir = mkdtempSync(join(tmpdir(), 'invoke-bench-'));
  const restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: PROFILE, region: REGION }]).env);
  const services = createAwsServices({ endpointOverride: moto.endpoint, maxAttempts: 5, maxConcurrentRequests: 8, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
  try {
    const role = await createRole(moto.endpoint, REGION);
    await seed(moto.endpoint, role, FN);
    await seed(moto.endpoint, role, RELEASE_FN);
    await services.listProfiles();
    const emptyConfig = join(dir, 'empty');
    writeFileSync(emptyConfig, '');
    const env = cliEnv(REGION, TEST_KEYS, emptyConfig);
    const text = payloadOf(kb);
    const payloadFile = join(dir, 'payload.json');
    writeFileSync(payloadFile, text);
    console.log(`moto_server ${moto.endpoint}; payload ${text.length} bytes; ${cli.path} (${cli.version})`);

    // 1. Invoke round trip.
    const gateway = services.invoke(target);
    const ours: number[] = [];
    const theirs: number[] = [];
    const extensionInvoke = async () => {
      const started = performance.now();
      const result = await gateway.invoke({ functionName: FN, qualifier: 'live', type: 'RequestResponse', payload: preparePayload(text, 'RequestResponse').bytes });
      formatInvocationLine(result);
      const elapsed = performance.now() - started;
      if (result.payload !== text) throw new Error('the payload did not round-trip');
      ours.push(elapsed);
    };
    const cliInvoke = async () => {
      const out = join(dir, 'out.json');
      const { output, ms: elapsed } = await runCli(cli, ['lambda', 'invoke', '--function-name', FN, '--qualifier', 'live', '--log-type', 'Tail', '--payload', `fileb://${payloadFile}`, out, '--endpoint-url', moto.endpoint], env);
      if ((output as { StatusCode?: number }).StatusCode !== 200) throw new Error(`CLI invoke answered ${JSON.stringify(output)}`);
      theirs.push(elapsed);
    };
    await extensionInvoke(); // warm: the first call loads credentials and opens the connection
    ours.length = 0;
    for (let round = 1; round <= rounds; round++) {
      if (round % 2) {
        await extensionInvoke();
        await cliInvoke();
      } else {
        await cliInvoke();
        await extensionInvoke();
      }
    }
    const a = median(ours);
    const b = median(theirs);
    console.log(`invoke: extension median ${ms(a)} (best ${ms(Math.min(...ours))}) vs aws lambda invoke ${ms(b)} (best ${ms(Math.min(...theirs))}) over ${rounds} rounds`);

    // 2. A release with a 5-event smoke gate between publish and the move.
    const events: SmokeEvent[] = Array.from({ length: 5 }, (_, i) => ({ name: `smoke-${i + 1}`, text: payloadOf(kb, i), expectation: { httpMethod: 'GET' } }));
    const history = new Map<string, unknown>();
    const store = { get: <T>(key: string) => history.get(key) as T | undefined, update: async (key: string, value: unknown) => void history.set(key, value) };
    const lambda = services.lambda(target);
    const operations = new AliasOperations({ gateway: lambda, history: new AliasHistory(store), protectedAliases: () => [] });
    const gateShares: number[] = [];
    const gateMs: number[] = [];
    const totals: number[] = [];
    for (let round = 1; round <= releases; round++) {
      const workspace = join(dir, `ws-${round}`);
      mkdirSync(workspace, { recursive: true });
      writeFileSync(join(workspace, 'index.js'), `exports.handler = async (event) => ({ statusCode: 200, round: ${round}, event });\n`);
      const started = performance.now();
      const outcome = await deploy(
        { functionName: RELEASE_FN, publish: true, description: async () => `bench ${round}` },
        {
          gateway: lambda,
          buildPackage: (signal) => buildPackage(workspace, { signal }),
          codeSourceFor: async (pkg) => {
            if (planUpload(pkg.zip.length, '').method !== 'direct') throw new Error('too large');
            return { zipFile: pkg.zip };
          },
        },
      );
      const version = outcome.published?.version;
      if (!version) throw new Error('no version published');
      const gateStarted = performance.now();
      const run = await runSmokeTests({
        version,
        events,
        invoke: (qualifier, payload, signal) => services.invoke(target).invoke({ functionName: RELEASE_FN, qualifier, type: 'RequestResponse', payload }, { signal }),
      });
      const gate = performance.now() - gateStarted;
      if (!run.passed) throw new Error(`smoke gate failed: ${run.failure?.problems.join('; ')}`);
      await operations.repoint(RELEASE_FN, 'live', version, { confirm: async () => true });
      const total = performance.now() - started;
      gateMs.push(gate);
      totals.push(total);
      gateShares.push(gate / total);
      console.log(`release ${round}: version ${version}, ${ms(total)} in all, smoke gate (5 invokes of ${RELEASE_FN}:${version}) ${ms(gate)} = ${(100 * (gate / total)).toFixed(0)}%`);
    }
    const gate = median(gateMs);
    const total = median(totals);
    console.log(
      `invoke round trip: extension ${ms(a)} vs aws lambda invoke ${ms(b)} = ratio ${ratio(b, a)}; ` +
        `5-event smoke gate adds ${ms(gate)} to a ${ms(total)} release (${(100 * median(gateShares)).toFixed(0)}%, median of ${releases})`,
    );
  } finally {
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
