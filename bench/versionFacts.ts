/**
 * The tree's first function expand with the version facts vs before, against moto_server, in the
 * same run. One function with 3 aliases (one with a function URL), 3 versions with a layer.
 *  - before: what expanding a function cost until issue 12 — getFunctionDetails (versions +
 *    aliases); the rows appear when it resolves;
 *  - with facts: the same rows (layers, runtime version and SnapStart ride on the version
 *    listing, no extra call), then — as FunctionNode does, after the rows are shown — the
 *    function facts: reserved concurrency, provisioned concurrency listing, runtime management,
 *    code signing, a function URL per alias and for $LATEST.
 * Both sides use the extension's LambdaGateway / VersionFactsGateway under the same
 * per-(profile, region) limiter (8), through a counting proxy that counts every call. The figure:
 * time to the rows (first paint) with facts ÷ before (≈ 1× means the extra reads cost the first
 * paint nothing), the calls of each, and when the facts are all in.
 *
 *   npx tsx bench/versionFacts.ts [--rounds 15]
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../src/aws/lambdaGateway';
import { RequestLimiter } from '../src/aws/limiter';
import { VersionFactsGateway } from '../src/aws/versionFactsGateway';
import { loadFunctionFacts } from '../src/release/functionFacts';
import { TEST_KEYS } from '../test/support/awsConfig';
import { startMoto } from '../test/support/moto';
import { createAlias, createFunction, createFunctionUrl, publishLayer, publishVersions, updateConfiguration } from '../test/support/seed';
import { median, ms, numberArg } from './support/args';
import { describeCounts, startCountingProxy } from './support/countingProxy';
import { machineLine } from './support/machine';

const REGION = 'us-east-1';
const FN = 'orders-api';

async function main(): Promise<void> {
  const rounds = Math.max(1, Math.round(numberArg(process.argv.slice(2), 'rounds', 15, 'FACTS_BENCH_ROUNDS')));
  console.log(machineLine());
  const moto = await startMoto();
  const proxy = await startCountingProxy(moto.endpoint);
  const client = new LambdaClient({ endpoint: proxy.endpoint, region: REGION, credentials: TEST_KEYS, maxAttempts: 2 });
  try {
    const layer = await publishLayer(moto.endpoint, REGION, 'shared-utils', 1);
    await createFunction(moto.endpoint, REGION, FN);
    await updateConfiguration(moto.endpoint, REGION, FN, { layers: [layer.arn] });
    await publishVersions(moto.endpoint, REGION, FN, ['1.2.0', '1.3.0', '1.4.0']);
    for (const [alias, version] of [['dev', '3'], ['beta', '3'], ['prod', '2']]) await createAlias(moto.endpoint, REGION, FN, alias, version);
    await createFunctionUrl(moto.endpoint, REGION, FN, 'prod');

    const target = { profile: 'bench', region: REGION };
    const limit = new RequestLimiter(8).for('bench|us-east-1');
    const lambda = new LambdaGateway(client, target, limit);
    const facts = new VersionFactsGateway(client, target, limit);
    // Warm the connection and the SDK's code paths once.
    await lambda.getFunctionDetails(FN);
    await loadFunctionFacts(facts, FN, ['dev', 'beta', 'prod']);
    proxy.take();

    const before: number[] = [];
    const paint: number[] = [];
    const complete: number[] = [];
    let beforeCalls = proxy.take();
    let afterCalls = beforeCalls;
    // Interleaved, so drift on this shared machine hits both sides alike.
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      await lambda.getFunctionDetails(FN);
      before.push(performance.now() - started);
      beforeCalls = proxy.take();

      started = performance.now();
      const details = await lambda.getFunctionDetails(FN);
      paint.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 0)); // the tree starts the facts after the rows are handed over
      await loadFunctionFacts(facts, FN, details.aliases.map((a) => a.name));
      complete.push(performance.now() - started);
      afterCalls = proxy.take();
    }
    const layersSeen = (await lambda.listVersions(FN)).filter((v) => v.facts?.layers.length).length;
    proxy.take();
    console.log(`before: ${beforeCalls.total} calls (${describeCounts(beforeCalls.byOperation)}); rows at median ${ms(median(before))}`);
    console.log(`with facts: ${afterCalls.total} calls (${describeCounts(afterCalls.byOperation)}); rows at median ${ms(median(paint))}, facts all in at median ${ms(median(complete))}; ${layersSeen} versions show layers from the listing`);
    console.log(
      `version facts: first function expand, rows with facts / before = ${(median(paint) / median(before)).toFixed(2)}x (${ms(median(paint))} vs ${ms(median(before))}, ${rounds} rounds); calls ${beforeCalls.total} → ${afterCalls.total}, the ${afterCalls.total - beforeCalls.total} extra after the rows (facts in at ${ms(median(complete))})`,
    );
  } finally {
    client.destroy();
    await proxy.close();
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
