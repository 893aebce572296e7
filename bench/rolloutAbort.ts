/**
 * Gradual rollout: time from the first failing invocation VISIBLE to the alias RESTORED (back on the
 * old version with no weight, read back from moto), through the extension's real runner, gateways
 * and SDK against moto_server, for both signals of the health gate:
 *   - log signal: an error line of the new version is put into its `[version]` stream (what Lambda
 *     writes for a failed invocation); the runner's log tail (FilterLogEvents polling every
 *     `--log-poll-ms`, the editor's default 1 s: moto has no Live Tail) sees it and aborts;
 *   - metric signal: a datapoint of Errors for the new ExecutedVersion is put (what Lambda publishes);
 *     the gate reads GetMetricData every `--poll-s` (the default lambdaRelease.rollout.pollIntervalSeconds, 10 s).
 * Each round: alias prod → 1, rollout 10% → 100% of a new version (its own log stream and metrics; step held long), wait a random part of a
 * poll interval after the first step, inject, measure until GetAlias shows 1 with no weight.
 *
 * Anchor: CodeDeploy's automatic rollback on a CloudWatch alarm. An alarm on Lambda's Errors metric
 * has a period of at least 60 s and needs one evaluation period: ≥ 60 s from the first failing
 * invocation to the rollback starting (AWS documentation; not measured here, no CodeDeploy on moto).
 *
 *   npx tsx bench/rolloutAbort.ts [--rounds 3] [--poll-s 10] [--log-poll-ms 1000]
 *   (or ROLLOUT_BENCH_ROUNDS / ROLLOUT_BENCH_POLL_S / ROLLOUT_BENCH_LOG_POLL_MS)
 */
import { LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { startMoto } from '../test/support/moto';
import { createAlias, createFunction, publishVersions, putLogEvents } from '../test/support/seed';
import { putLambdaMetrics, readAliasDirect, rolloutHarness } from '../test/support/rolloutHarness';
import { TEST_KEYS } from '../test/support/awsConfig';
import { median, numberArg } from './support/args';

const REGION = 'us-east-1';
const FN = 'orders-api';
const ALIAS = 'prod';
const CODEDEPLOY_ANCHOR_S = 60;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rounds = numberArg(argv, 'rounds', 3, 'ROLLOUT_BENCH_ROUNDS');
  const pollS = numberArg(argv, 'poll-s', 10, 'ROLLOUT_BENCH_POLL_S');
  const logPollMs = numberArg(argv, 'log-poll-ms', 1000, 'ROLLOUT_BENCH_LOG_POLL_MS');
  const moto = await startMoto();
  const lambda = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 2 });
  try {
    await createFunction(moto.endpoint, REGION, FN);
    // One new version per round: its log stream and its metrics start empty, so no round sees another's failure.
    await publishVersions(moto.endpoint, REGION, FN, ['release 1', ...Array.from({ length: 2 * rounds }, (_, i) => `broken release ${i + 2}`)]);
    await createAlias(moto.endpoint, REGION, FN, ALIAS, '1');
    // The log group exists before the rollout, as it does for any function that ever ran.
    await putLogEvents(moto.endpoint, REGION, FN, [{ version: '1', messages: ['START RequestId: warm-up Version: 1'] }]);

    let nextVersion = 2;
    const measure = async (signal: 'log' | 'metric', round: number): Promise<number> => {
      const version = String(nextVersion++);
      await lambda.send(new UpdateAliasCommand({ FunctionName: FN, Name: ALIAS, FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} } }));
      const h = rolloutHarness({
        endpoint: moto.endpoint,
        region: REGION,
        functionName: FN,
        aliasName: ALIAS,
        fromVersion: '1',
        toVersion: version,
        steps: '10, 100',
        stepSeconds: 600,
        pollIntervalMs: pollS * 1000,
        maxUnjudgeableMs: 3_600_000,
        cloudwatchAttempts: 2,
        gate: { logErrorThreshold: signal === 'log' ? 1 : 0, minInvocations: 10, noTraffic: 'wait' },
        logPollIntervalMs: logPollMs,
      });
      try {
        const runner = h.runner();
        const running = runner.run();
        while (runner.current.step < 0) await sleep(20);
        // Land anywhere in the poll cycle, as a real failure would.
        await sleep(Math.round(((round * 0.37) % 1) * pollS * 1000));
        const visible = Date.now();
        if (signal === 'log') {
          await putLogEvents(moto.endpoint, REGION, FN, [{ version, messages: [`${new Date().toISOString()}\tround-${round}\tERROR\tInvoke Error {"errorType":"TypeError","errorMessage":"order.items is undefined"}`] }]);
        } else {
          await putLambdaMetrics(moto.endpoint, REGION, { functionName: FN, aliasName: ALIAS, version }, { invocations: 20, errors: 20 });
        }
        for (;;) {
          const alias = await readAliasDirect(moto.endpoint, REGION, FN, ALIAS);
          if (alias.version === '1' && Object.keys(alias.weights).length === 0) break;
          await sleep(25);
        }
        const restored = Date.now() - visible;
        const end = await running;
        if (end.status !== 'aborted') throw new Error(`round ${round} (${signal}): the rollout ended ${end.status}, not aborted`);
        console.log(`${signal.padEnd(6)} round ${round + 1}: restored ${(restored / 1000).toFixed(2)} s after the failure became visible — ${end.reason}`);
        return restored;
      } finally {
        h.destroy();
      }
    };

    const logTimes: number[] = [];
    const metricTimes: number[] = [];
    for (let round = 0; round < rounds; round++) logTimes.push(await measure('log', round));
    for (let round = 0; round < rounds; round++) metricTimes.push(await measure('metric', round));
    const s = (values: number[]) => `median ${(median(values) / 1000).toFixed(2)} s, max ${(Math.max(...values) / 1000).toFixed(2)} s`;
    const ratio = (values: number[]) => `${(CODEDEPLOY_ANCHOR_S / (Math.max(...values) / 1000)).toFixed(1)}×`;
    console.log(
      `rollout abort: log signal ${s(logTimes)} (tail polls every ${logPollMs} ms) · metric signal ${s(metricTimes)} (gate reads every ${pollS} s) · CodeDeploy alarm anchor ≥ ${CODEDEPLOY_ANCHOR_S} s → ≥ ${ratio(logTimes)} faster by logs, ≥ ${ratio(metricTimes)} by metrics (worst rounds)`,
    );
  } finally {
    lambda.destroy();
    await moto.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
