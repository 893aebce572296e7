/**
 * Seeds the sample functions into a running moto endpoint and writes an AWS config whose
 * profiles point at it, for the local demo:
 *
 *   npx tsx scripts/seed-demo.ts <endpoint> <outDir>
 *
 * Prints JSON: { configFile, credentialsFile, profiles: [{name, region, extraRegions}], extraRegions
 * (the setting value, by profile), sample }. Point
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files and set lambdaRelease.extraRegions
 * to `extraRegions` to see every seeded region.
 */
import { resolve } from 'node:path';
import { writeAwsConfig } from '../test/support/awsConfig';
import { queueDemoInvokeResults, seedSample } from '../test/support/seed';

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
