/**
 * Seeds the sample functions into a running moto endpoint and writes an AWS config whose
 * profiles point at it, for the local demo:
 *
 *   npx tsx scripts/seed-demo.ts <endpoint> <outDir>
 *
 * Prints JSON: { configFile, credentialsFile, profiles: [{name, region, extraRegions}], extraRegions
 * (the setting value, by profile), sample, brokenVersion } (orders-api in us-east-1 gets a broken
 * version whose demo traffic fails: a gradual rollout to it aborts by itself). Point
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files and set lambdaRelease.extraRegions
 * to `extraRegions` to see every seeded region.
 */
import { resolve } from 'node:path';
import { writeAwsConfig } from '../test/support/awsConfig';
import { PutFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_KEYS } from '../test/support/awsConfig';
import { createFunctionUrl, publishLayer, publishVersions, queueDemoInvokeResults, seedSample, updateConfiguration } from '../test/support/seed';

/**
 * What a version carries into production, for the demo (not in the shared sample, which the e2e
 * steps assert against): a layer on payments-worker's newest version, a function URL on
 * orders-api's prod alias, and reserved concurrency on payments-worker.
 */
async function seedVersionFacts(endpoint: string): Promise<void> {
  const region = 'us-east-1';
  const layer = await publishLayer(endpoint, region, 'shared-utils', 1);
  await updateConfiguration(endpoint, region, 'payments-worker', { layers: [layer.arn], memoryMb: 256 });
  await publishVersions(endpoint, region, 'payments-worker', ['release 1.1.0 (shared-utils layer)'], 'python3.12');
  await createFunctionUrl(endpoint, region, 'orders-api', 'prod', 'AWS_IAM');
  const client = new LambdaClient({ endpoint, region, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey } });
  try {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'payments-worker', ReservedConcurrentExecutions: 50 }));
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const [endpoint, outDir] = process.argv.slice(2);
  if (!endpoint || !outDir) {
    process.stderr.write('usage: npx tsx scripts/seed-demo.ts <endpoint> <outDir>\n');
    process.exitCode = 2;
    return;
  }
  new URL(endpoint); // fails early with a clear TypeError on a malformed endpoint

  const sample = await seedSample(endpoint);
  await queueDemoInvokeResults(endpoint);
  await seedVersionFacts(endpoint);
  // A broken release of orders-api: the demo traffic fails every request that lands on it, so a
  // gradual rollout of beta or prod to it (Start Gradual Rollout…) aborts by itself.
  const [broken] = await publishVersions(endpoint, 'us-east-1', 'orders-api', ['release 1.5.0 (broken: orders without items fail)']);
  const written = writeAwsConfig(
    resolve(outDir),
    sample.profiles.map((profile) => ({ name: profile.name, region: profile.region, endpointUrl: endpoint })),
  );
  const extraRegions = Object.fromEntries(sample.profiles.filter((p) => p.extraRegions.length).map((p) => [p.name, p.extraRegions]));
  process.stdout.write(
    `${JSON.stringify(
      {
        configFile: written.configFile,
        credentialsFile: written.credentialsFile,
        profiles: sample.profiles,
        extraRegions,
        sample,
        brokenVersion: broken.version,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`seed-demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
