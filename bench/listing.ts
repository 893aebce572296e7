/**
 * Listing at scale against moto_server: N functions with 3 aliases each, listed by
 *  - the extension: its real AwsServices → LambdaGateway (the per-profile+region limiter of
 *    lambdaRelease.maxConcurrentRequests, default 8; results mapped to FunctionSummary /
 *    VersionSummary / AliasSummary) doing what a full expand of the tree does: listFunctions,
 *    then getFunctionDetails (versions + aliases) of every function; also aliases only
 *    (listAliases per function, the very calls the CLI makes);
 *  - the AWS CLI v2: `aws lambda list-functions` + `aws lambda list-aliases` per function,
 *    one process after another as a shell loop would.
 * A counting proxy in front of moto counts the API calls of each side. The CLI costs ~0.4 s a
 * process, so by default it runs on an evenly spaced SAMPLE of functions and its total is
 * EXTRAPOLATED (list-functions + mean list-aliases × N); `--cli-sample 0` runs it on all.
 * moto answers one request at a time, so the extension's parallelism gains less here than
 * against AWS. Prints the figure last, on one line.
 *
 *   npx tsx bench/listing.ts [--functions 1000] [--aliases 3] [--cli-sample 40] [--rounds 3] [--concurrency 8]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import pLimit from 'p-limit';
import { createAwsServices } from '../src/aws/index';
import type { FunctionDetails, FunctionSummary } from '../src/aws/types';
import { startMoto } from '../test/support/moto';
import { createRole, handlerZip } from '../test/support/seed';
import { TEST_KEYS, applyEnv, writeAwsConfig } from '../test/support/awsConfig';
import { median, ms, numberArg, ratio } from './support/args';
import { cliEnv, findAwsCliV2, runCli } from './support/awsCli';
import { describeCounts, startCountingProxy, upstreamTotal, type CallCounts } from './support/countingProxy';
import { machineLine } from './support/machine';

const REGION = 'us-east-1';
const PROFILE = 'bench';
const ALIAS_NAMES = ['dev', 'beta', 'prod', 'canary', 'live', 'stable'];

async function seed(endpoint: string, functions: number, aliases: number): Promise<void> {
  const role = await createRole(endpoint, REGION);
  const client = new LambdaClient({ endpoint, region: REGION, credentials: TEST_KEYS });
  const limit = pLimit(8);
  const zip = await handlerZip('listing-bench');
  try {
    await Promise.all(
      Array.from({ length: functions }, (_, i) =>
        limit(async () => {
          const name = `listing-fn-${String(i).padStart(5, '0')}`;
          await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: zip } }));
          await client.send(new PublishVersionCommand({ FunctionName: name }));
          for (const alias of ALIAS_NAMES.slice(0, aliases)) await client.send(new CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: '1' }));
        }),
      ),
    );
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const functions = Math.max(1, Math.round(numberArg(argv, 'functions', 1000, 'LISTING_BENCH_FUNCTIONS')));
  const aliases = Math.min(ALIAS_NAMES.length, Math.round(numberArg(argv, 'aliases', 3)));
  const sampleArg = Math.round(numberArg(argv, 'cli-sample', 40, 'LISTING_BENCH_CLI_SAMPLE'));
  const sample = sampleArg === 0 || sampleArg >= functions ? functions : sampleArg;
  const rounds = Math.max(1, Math.round(numberArg(argv, 'rounds', 3)));
  const concurrency = Math.max(1, Math.round(numberArg(argv, 'concurrency', 8)));
  const cli = findAwsCliV2(); // fail early, before seeding

  console.log(machineLine());
  const moto = await startMoto();
  const proxy = await startCountingProxy(moto.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'listing-bench-'));
  const restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: PROFILE, region: REGION }]).env);
  try {
    const seeding = performance.now();
    await seed(moto.endpoint, functions, aliases);
    console.log(`seeded ${functions} functions × ${aliases} aliases (version 1 published) in ${ms(performance.now() - seeding)}; moto_server ${moto.endpoint} behind counting proxy ${proxy.endpoint}`);
    proxy.take();

    // --- the extension -----------------------------------------------------------------------
    const settings = { endpointOverride: proxy.endpoint, maxAttempts: 5, maxConcurrentRequests: concurrency, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };
    const check = (listed: FunctionSummary[], details: { aliases: unknown[] }[]) => {
      if (listed.length !== functions) throw new Error(`extension listed ${listed.length} functions, expected ${functions}`);
      const wrong = details.filter((d) => d.aliases.length !== aliases).length;
      if (wrong) throw new Error(`${wrong} functions did not show ${aliases} aliases`);
    };
    const expand: number[] = [];
    const aliasOnly: number[] = [];
    let expandCalls: CallCounts = { total: 0, byOperation: {}, upstreamMs: {} };
    let aliasCalls = expandCalls;
    for (let round = 1; round <= rounds; round++) {
      // A fresh AwsServices each round (new clients, credentials resolved again), as after a
      // window reload; the SDK module itself is loaded once, as in the extension after activation.
      const services = createAwsServices(settings);
      try {
        await services.listProfiles();
        const gateway = services.lambda({ profile: PROFILE, region: REGION });
        let started = performance.now();
        const listed = await gateway.listFunctions();
        const details: FunctionDetails[] = await Promise.all(listed.map((fn) => gateway.getFunctionDetails(fn.name)));
        expand.push(performance.now() - started);
        check(listed, details);
        expandCalls = proxy.take();

        started = performance.now();
        const listedAgain = await gateway.listFunctions();
        const aliasLists = await Promise.all(listedAgain.map((fn) => gateway.listAliases(fn.name)));
        aliasOnly.push(performance.now() - started);
        check(listedAgain, aliasLists.map((a) => ({ aliases: a })));
        aliasCalls = proxy.take();
        console.log(
          `round ${round}: extension full expand ${ms(expand.at(-1) ?? 0)} (${expandCalls.total} calls, moto busy ${ms(upstreamTotal(expandCalls))} summed), ` +
            `aliases only ${ms(aliasOnly.at(-1) ?? 0)} (${aliasCalls.total} calls, moto busy ${ms(upstreamTotal(aliasCalls))})`,
        );
      } finally {
        services.dispose();
      }
    }

    // --- the AWS CLI v2 ----------------------------------------------------------------------
    const emptyConfig = join(dir, 'empty');
    writeFileSync(emptyConfig, '');
    const env = cliEnv(REGION, TEST_KEYS, emptyConfig);
    const endpoint = ['--endpoint-url', proxy.endpoint];
    const listedByCli = await runCli(cli, ['lambda', 'list-functions', ...endpoint], env);
    const names = ((listedByCli.output as { Functions?: { FunctionName: string }[] }).Functions ?? []).map((f) => f.FunctionName).sort();
    if (names.length !== functions) throw new Error(`the CLI listed ${names.length} functions, expected ${functions}`);
    const step = functions / sample;
    const sampled = Array.from({ length: sample }, (_, i) => names[Math.floor(i * step)]);
    const perCall: number[] = [];
    for (const name of sampled) {
      const result = await runCli(cli, ['lambda', 'list-aliases', '--function-name', name, ...endpoint], env);
      const count = ((result.output as { Aliases?: unknown[] }).Aliases ?? []).length;
      if (count !== aliases) throw new Error(`the CLI saw ${count} aliases of ${name}, expected ${aliases}`);
      perCall.push(result.ms);
    }
    const cliCalls = proxy.take();
    const meanAliasCall = perCall.reduce((a, b) => a + b, 0) / perCall.length;
    const cliTotal = listedByCli.ms + meanAliasCall * functions;
    const extrapolated = sample < functions;
    console.log(`${cli.path} (${cli.version}): list-functions ${ms(listedByCli.ms)}; list-aliases mean ${ms(meanAliasCall)}, median ${ms(median(perCall))} over ${sample} functions`);
    console.log(`calls: extension full expand ${expandCalls.total} (${describeCounts(expandCalls.byOperation)}); aliases only ${aliasCalls.total} (${describeCounts(aliasCalls.byOperation)}); CLI made ${cliCalls.total} (${describeCounts(cliCalls.byOperation)})${extrapolated ? `, ${1 + functions} for all ${functions} functions` : ''}`);

    const ours = median(expand);
    const oursAliases = median(aliasOnly);
    console.log(
      `listing ${functions} functions × ${aliases} aliases: extension full expand ${ms(ours)} (${expandCalls.total} calls, median of ${rounds}) vs AWS CLI v2 ${ms(cliTotal)} ` +
        `(${1 + functions} calls${extrapolated ? `, EXTRAPOLATED from a sample of ${sample} list-aliases calls` : ''}) = ratio ${ratio(cliTotal, ours)}; ` +
        `same calls as the CLI (aliases only) ${ms(oursAliases)} = ${ratio(cliTotal, oursAliases)}; goal ≥ 100x; ` +
        `concurrency ${concurrency}; moto answers one request at a time`,
    );
  } finally {
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
