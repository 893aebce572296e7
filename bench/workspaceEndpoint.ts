/**
 * Issue 16 as a figure: a repository's `.vscode/settings.json` names an endpoint (a recording
 * server here) while the user's profile carries an SSO-style session token and its own endpoint_url
 * (moto). One session expands the profile, opens F functions and reads their aliases — measured side
 * by side:
 *  - baseline: the endpoint resolved as before issue 16 (`get()`, so the workspace's value won);
 *  - now: `endpointOverrideFrom(inspect())`, the user's value only.
 * Counted: requests the workspace's host received and how many carried X-Amz-Security-Token; the
 * session's time on each side (the guard costs nothing on this path). Then the deployment-bucket
 * guard's cost: the first S3 upload of a profile asks STS once (ExpectedBucketOwner), later ones
 * reuse the cached account id. Prints the figure last.
 *
 *   npx tsx bench/workspaceEndpoint.ts [--functions 5] [--uploads 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsServices, DEFAULT_CLIENT_SETTINGS } from '../src/aws/index';
import { endpointOverrideFrom, type InspectedValue } from '../src/release/workspaceSettingRules';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../test/support/awsConfig';
import { startFaultProxy } from '../test/support/faultProxy';
import { startMoto } from '../test/support/moto';
import { startRecordingServer } from '../test/support/recordingServer';
import { createFunction } from '../test/support/seed';
import { median, ms, numberArg } from './support/args';

import { machineLine } from './support/machine';

const argv = process.argv.slice(2);
const functions = Math.max(1, numberArg(argv, 'functions', 5, 'ENDPOINT_BENCH_FUNCTIONS'));
const uploads = Math.max(2, numberArg(argv, 'uploads', 5, 'ENDPOINT_BENCH_UPLOADS'));
const REGION = 'us-east-1';
const target = { profile: 'sso-dev', region: REGION };

async function main(): Promise<void> {
  const moto = await startMoto();
  const recorder = await startRecordingServer();
  const dir = mkdtempSync(join(tmpdir(), 'lrm-bench-endpoint-'));
  let restore = () => undefined as void;
  try {
    for (let i = 0; i < functions; i++) await createFunction(moto.endpoint, REGION, `fn-${i}`);
    restore = applyEnv(writeAwsConfig(dir, [{ name: target.profile, region: REGION, endpointUrl: moto.endpoint, extra: { aws_session_token: 'BenchSessionToken//0123' } }]).env);
    const workspace: InspectedValue<string> = { defaultValue: '', workspaceValue: recorder.url };

    const session = async (endpointOverride: string | undefined) => {
      recorder.clear();
      // The extension's defaults (5 attempts): a 500 from the workspace's host is retried, as in the issue.
      const services = new AwsServices({ ...DEFAULT_CLIENT_SETTINGS, maxConcurrentRequests: 8, endpointOverride });
      const started = performance.now();
      try {
        await services.listProfiles();
        const gateway = services.lambda(target);
        const listed = await gateway.listFunctions().catch(() => []);
        await Promise.all(listed.map((f) => gateway.listAliases(f.name).catch(() => undefined)));
        return { ms: performance.now() - started, listed: listed.length, received: recorder.requests.length, tokens: recorder.withSessionToken };
      } finally {
        services.dispose();
      }
    };
    // Before issue 16, `config.get('endpointUrl')` returned the workspace's value.
    const before = await session(workspace.workspaceValue);
    const now = await session(endpointOverrideFrom(workspace));

    // The bucket guard: first upload asks STS for the account, the next ones reuse it.
    const proxy = await startFaultProxy(moto.endpoint); // no faults: it only records the requests
    restore();
    restore = applyEnv(writeAwsConfig(dir, [{ name: target.profile, region: REGION, endpointUrl: proxy.url }]).env);
    const s3 = new S3Client({ endpoint: moto.endpoint, region: REGION, credentials: TEST_KEYS, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-deployments' }));
    s3.destroy();
    const services = new AwsServices({ ...DEFAULT_CLIENT_SETTINGS, maxConcurrentRequests: 8 });
    const times: number[] = [];
    const body = new Uint8Array(256 * 1024);
    try {
      await services.listProfiles();
      for (let i = 0; i < uploads; i++) {
        const started = performance.now();
        await services.uploadPackage(target, { bucket: 'bench-deployments', key: `k${i}.zip`, body, sha256: '' });
        times.push(performance.now() - started);
      }
    } finally {
      services.dispose();
      await proxy.close();
    }
    const stsCalls = proxy.requests.filter((r) => /\/sts\/aws4_request/.test(String(r.headers.authorization ?? ''))).length;
    const firstMs = times[0];
    const laterMs = median(times.slice(1));

    console.log(machineLine());
    console.log(`profile with a session token and endpoint_url → moto; workspace settings name another host; ${functions} functions listed, their aliases read`);
    console.log(`baseline (workspace value used, before issue 16): ${before.received} requests to the workspace's host, ${before.tokens} with X-Amz-Security-Token; ${before.listed} functions listed; ${ms(before.ms)}`);
    console.log(`now (user value only):                            ${now.received} requests to the workspace's host, ${now.tokens} with X-Amz-Security-Token; ${now.listed} functions listed; ${ms(now.ms)}`);
    console.log(`bucket-owner guard: ${stsCalls} GetCallerIdentity for ${uploads} uploads of 256 KB; first upload ${ms(firstMs)}, later ones ${ms(laterMs)} (median)`);
    console.log(
      `workspace endpoint: ${now.tokens} vs ${before.tokens} requests carrying the session token to the workspace's host (${now.listed} vs ${before.listed} functions listed from the user's endpoint); bucket guard: ${stsCalls} STS call per profile, first upload +${ms(Math.max(0, firstMs - laterMs))}`,
    );
  } finally {
    restore();
    await recorder.close();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
