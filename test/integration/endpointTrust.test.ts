/**
 * Issue 16: a cloned repository must not send the user's session token anywhere. The endpoint the
 * clients use is resolved exactly as src/services.ts does it (endpointOverrideFrom over what
 * `inspect()` returns), then the explorer's listing runs through AwsServices against moto_server
 * with the real SDK. A recording server in the test counts the requests it receives and those
 * carrying X-Amz-Security-Token.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import { ReleaseError } from '../../src/release/errors';
import { endpointOverrideFrom, type InspectedValue } from '../../src/release/workspaceSettingRules';
import { applyEnv, writeAwsConfig } from '../support/awsConfig';
import { startMoto, type MotoServer } from '../support/moto';
import { startRecordingServer, type RecordingServer } from '../support/recordingServer';
import { createFunction } from '../support/seed';

const REGION = 'us-east-1';
const SESSION_TOKEN = 'LrmEndpointTrustSessionToken//0123456789';
const target = { profile: 'sso-dev', region: REGION };

/** The settings src/services.ts builds from `inspect('endpointUrl')`. */
function settingsFrom(endpointUrl: InspectedValue<string>): AwsSettings {
  return { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 1, maxConcurrentRequests: 4, endpointOverride: endpointOverrideFrom({ defaultValue: '', ...endpointUrl }) };
}

/** A non-loopback IPv4 address of this machine, if it has one (requests to it still arrive here). */
function networkAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

describe('endpoint trust: a workspace cannot redirect signed requests (AwsServices against moto_server)', function () {
  let moto: MotoServer;
  let recorder: RecordingServer;
  let dir: string;
  let restoreEnv: () => void;
  const services: AwsServices[] = [];
  const make = (endpointUrl: InspectedValue<string>) => {
    const made = new AwsServices(settingsFrom(endpointUrl));
    services.push(made);
    return made;
  };

  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
  });
  after(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    await createFunction(moto.endpoint, REGION, 'orders-api');
    dir = mkdtempSync(join(tmpdir(), 'lrm-endpoint-trust-'));
    // The user's own profile: endpoint_url (their local emulator) and a session token, as SSO / assume-role give.
    restoreEnv = applyEnv(writeAwsConfig(dir, [{ name: target.profile, region: REGION, endpointUrl: moto.endpoint, extra: { aws_session_token: SESSION_TOKEN } }]).env);
  });
  afterEach(async () => {
    for (const s of services.splice(0)) s.dispose();
    await recorder?.close();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a workspace-level endpointUrl is ignored: the explorer lists from the user’s endpoint and the recording server receives nothing', async () => {
    recorder = await startRecordingServer();
    for (const endpointUrl of [{ workspaceValue: recorder.url }, { workspaceFolderValue: recorder.url }]) {
      const aws = make(endpointUrl);
      await aws.listProfiles();
      const listed = await aws.lambda(target).listFunctions();
      assert.deepEqual(listed.map((f) => f.name), ['orders-api'], 'listed from moto, the profile’s endpoint_url');
      assert.equal(aws.endpointFor(target.profile), moto.endpoint);
    }
    assert.equal(recorder.requests.length, 0, 'the workspace’s host received no request');
    assert.equal(recorder.withSessionToken, 0);
  });

  it('the same value in the user’s settings is honoured (requests, with the session token, go there)', async () => {
    recorder = await startRecordingServer(moto.endpoint); // forwards to moto, so listing works through it
    const aws = make({ globalValue: recorder.url, workspaceValue: 'https://attacker.example' });
    await aws.listProfiles();
    assert.deepEqual((await aws.lambda(target).listFunctions()).map((f) => f.name), ['orders-api']);
    assert.ok(recorder.requests.length > 0, 'the user’s endpoint received the listing');
    assert.equal(recorder.withSessionToken, recorder.requests.length, 'with the session token, as the user chose');
  });

  it('a plain-http endpoint of a non-loopback host is refused with a config error before any request', async () => {
    // The machine's own network address: reachable, so a request WOULD arrive at the recorder if one were sent.
    const address = networkAddress();
    recorder = await startRecordingServer(undefined, address ? '0.0.0.0' : '127.0.0.1');
    const port = new URL(recorder.url).port;
    const endpoint = address ? `http://${address}:${port}` : 'http://attacker.example:8080';
    const refusedFrom = async (aws: AwsServices) => {
      await aws.listProfiles();
      const error = await aws.lambda(target).listFunctions().then(
        () => assert.fail('expected a refusal'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ReleaseError, String(error));
      assert.equal(error.kind, 'config');
      assert.match(error.message, new RegExp(`Refused endpoint URL "${endpoint.replace(/[.]/g, '\\.')}": plain http would send your AWS credentials unencrypted`));
      await assert.rejects(aws.uploadPackage(target, { bucket: 'b', key: 'k', body: new Uint8Array(1), sha256: '' }), /Refused endpoint URL/);
      return error;
    };
    assert.match((await refusedFrom(make({ globalValue: endpoint }))).hint ?? '', /lambdaRelease\.endpointUrl in your user settings/);
    // A profile's endpoint_url follows the same rule.
    restoreEnv();
    restoreEnv = applyEnv(writeAwsConfig(dir, [{ name: target.profile, region: REGION, endpointUrl: endpoint, extra: { aws_session_token: SESSION_TOKEN } }]).env);
    assert.match((await refusedFrom(make({}))).hint ?? '', /endpoint_url of profile sso-dev/);
    assert.equal(recorder.requests.length, 0, `nothing reached ${endpoint}`);
  });
});
