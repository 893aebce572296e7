/**
 * Demo traffic: every few seconds, requests to orders-api (dev, us-east-1) through its `prod` and
 * `beta` aliases, routed the way each alias routes NOW (read with GetAlias every tick: a canary or
 * a gradual rollout changes the split), written as what Lambda would leave behind — log lines in
 * the executed version's stream ("Tail Logs" shows them) and AWS/Lambda Invocations / Errors
 * metrics per ExecutedVersion of the alias (the rollout's health gate reads them; moto's invoke
 * writes neither). A version whose description says "broken" fails every request: ERROR lines, a
 * failed REPORT line and Errors — so a gradual rollout to it aborts by itself.
 * `npx tsx scripts/demo-traffic.ts <endpoint>`; runs until killed.
 */
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { TEST_KEYS } from '../test/support/awsConfig';
import { putLambdaMetrics } from '../test/support/rolloutHarness';
import { putLogEvents } from '../test/support/seed';

const [endpoint] = process.argv.slice(2);
if (!endpoint) {
  process.stderr.write('usage: npx tsx scripts/demo-traffic.ts <endpoint>\n');
  process.exit(2);
}

const REGION = 'us-east-1';
const FN = 'orders-api';
const ALIASES: [string, number][] = [
  ['prod', 6],
  ['beta', 3],
];
const lambda = new LambdaClient({ endpoint, region: REGION, credentials: { ...TEST_KEYS }, maxAttempts: 2 });

let order = 1000;

/** Picks the version a request lands on, by the alias's weights. */
function route(primary: string, weights: Record<string, number>): string {
  let draw = Math.random();
  for (const [version, weight] of Object.entries(weights)) {
    if (draw < weight) return version;
    draw -= weight;
  }
  return primary;
}

async function tick(): Promise<void> {
  const versions = (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: FN }))).Versions ?? [];
  const broken = new Set(versions.filter((v) => /broken/i.test(v.Description ?? '')).map((v) => v.Version));
  const lines = new Map<string, string[]>();
  const counts = new Map<string, { alias: string; version: string; invocations: number; errors: number }>();
  for (const [aliasName, requests] of ALIASES) {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: FN, Name: aliasName }));
    for (let i = 0; i < requests; i++) {
      const version = route(alias.FunctionVersion ?? '1', alias.RoutingConfig?.AdditionalVersionWeights ?? {});
      const id = `o-${order++}`;
      const failed = broken.has(version);
      const now = new Date().toISOString();
      const stream = lines.get(version) ?? [];
      stream.push(
        `START RequestId: ${id} Version: ${version}`,
        failed
          ? `${now}\t${id}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'items')"}`
          : `${now}\t${id}\tINFO\t${JSON.stringify({ msg: 'order received', id, alias: aliasName, version })}`,
        `END RequestId: ${id}`,
        `REPORT RequestId: ${id}\tDuration: ${(5 + Math.random() * 20).toFixed(2)} ms\tBilled Duration: 25 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB${failed ? '\tStatus: error\tError Type: Runtime.Unknown' : ''}`,
      );
      lines.set(version, stream);
      const key = `${aliasName}|${version}`;
      const count = counts.get(key) ?? { alias: aliasName, version, invocations: 0, errors: 0 };
      count.invocations++;
      if (failed) count.errors++;
      counts.set(key, count);
    }
  }
  await putLogEvents(endpoint, REGION, FN, [...lines].map(([version, messages]) => ({ version, messages })));
  await Promise.all([...counts.values()].map((c) => putLambdaMetrics(endpoint, REGION, { functionName: FN, aliasName: c.alias, version: c.version }, { invocations: c.invocations, errors: c.errors })));
}

setInterval(() => void tick().catch((error: Error) => process.stderr.write(`demo traffic: ${error.message}\n`)), 3000);
