/**
 * Leak scan: a representative integration flow (profiles, list, deploy, publish, alias moves,
 * compare documents, failing calls) runs with a recognisable secret access key and session token
 * in the temporary shared config. Everything that could be logged or shown is captured — every
 * ReleaseError's message and hint, what the command wrapper writes to the LogOutputChannel
 * (describeForLog, the function src/commands/runCommand.ts calls), the raw errors as util.inspect
 * prints them, console output, the zip's entry names AND contents, the
 * normalised compare documents — and the secrets must appear in none of it. Calls go through the
 * fault proxy (in front of moto_server), which also plays an endpoint that echoes the
 * session-token header back in its error message.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import type { Target } from '../../src/aws/types';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { normaliseConfiguration } from '../../src/release/configDiff';
import { deploy, type DeployOutcome } from '../../src/release/deploy';
import { ReleaseError, describeForLog, describeForUser } from '../../src/release/errors';
import { planUpload } from '../../src/release/packageLimits';
import { buildPackage, type PackageWithSelection } from '../../src/release/packaging';
import { applyEnv, writeAwsConfig } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startMoto, type MotoServer } from '../support/moto';
import { createFunction, publishVersions } from '../support/seed';
import { MemoryStore } from '../support/memoryStore';
import { startRecordingServer } from '../support/recordingServer';
import { endpointOverrideFrom } from '../../src/release/workspaceSettingRules';

const REGION = 'us-east-1';
const SECRET_KEY = 'LrmLeakCanarySecretKey0123456789abcdefXYZ';
const SESSION_TOKEN = 'LrmLeakCanarySessionToken//ZXhhbXBsZQ==9876543210';
const ACCESS_KEY_ID = 'AKIALEAKCANARY000001';
const target: Target = { profile: 'leaky', region: REGION };
const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 4, connectionTimeoutMs: 2_000 };

/** Entries of a zip (central directory, then each entry inflated): names and contents. */
function zipEntries(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('leak scan: a secret access key and session token never reach a message, a log line, a zip or a compare document', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let proxy: FaultProxy;
  let dir: string;
  let restoreEnv: () => void;
  let services: AwsServices;

  before(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
  });
  after(async () => {
    await proxy?.close();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    proxy.clearRules();
    proxy.clearLog();
    dir = mkdtempSync(join(tmpdir(), 'lrm-secrets-'));
    restoreEnv = applyEnv(
      writeAwsConfig(join(dir, 'aws'), [
        { name: 'leaky', region: REGION, endpointUrl: proxy.url, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_KEY, extra: { aws_session_token: SESSION_TOKEN } },
        // credential_process whose failure output carries the secret, as a broken helper script might.
        { name: 'chatty-process', region: REGION, endpointUrl: proxy.url, noKeys: true, extra: { credential_process: `node -e ${JSON.stringify(`process.stdout.write("aws_secret_access_key=${SECRET_KEY}"); process.exit(1)`)}` } },
      ]).env,
    );
    services = new AwsServices(settings);
  });
  afterEach(() => {
    proxy.clearRules();
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the whole flow leaks nothing (messages, hints, log lines, raw errors, console, zip, compare documents)', async () => {
    const shown: string[] = []; // what the user or the log could see
    const errors: unknown[] = [];
    const record = (value: unknown) => shown.push(typeof value === 'string' ? value : JSON.stringify(value));
    const expectFailure = async (label: string, run: () => Promise<unknown>) => {
      const error = await run().then(
        () => assert.fail(`${label}: expected a failure`),
        (e: unknown) => e,
      );
      errors.push(error);
      return error;
    };

    // Console output of the SDK and of our code during the flow is part of what could leak.
    const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
    const captureConsole = (...args: unknown[]) => shown.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
    Object.assign(console, { log: captureConsole, warn: captureConsole, error: captureConsole, info: captureConsole, debug: captureConsole });
    let pkg: PackageWithSelection | undefined;
    let revealed = '';
    try {
      await createFunction(moto.endpoint, REGION, 'orders-api', { environment: { DB_PASSWORD: SECRET_KEY, TABLE: 'orders' } });
      await publishVersions(moto.endpoint, REGION, 'orders-api', ['r1']);

      // Profiles and listing.
      record(await services.listProfiles());
      const gateway = services.lambda(target);
      record(await gateway.listFunctions());
      record(await gateway.getFunctionDetails('orders-api'));

      // Deploy + publish a workspace that holds the secret in the usual places.
      const folder = join(dir, 'ws');
      mkdirSync(join(folder, '.aws'), { recursive: true });
      mkdirSync(join(folder, 'config'), { recursive: true });
      writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
      writeFileSync(join(folder, '.env'), `AWS_SECRET_ACCESS_KEY=${SECRET_KEY}\nAWS_SESSION_TOKEN=${SESSION_TOKEN}\n`);
      writeFileSync(join(folder, '.env.production'), `AWS_SECRET_ACCESS_KEY=${SECRET_KEY}\n`);
      writeFileSync(join(folder, '.aws', 'credentials'), `[default]\naws_secret_access_key = ${SECRET_KEY}\n`);
      writeFileSync(join(folder, 'config', 'server.pem'), `-----BEGIN PRIVATE KEY-----\n${SECRET_KEY}\n-----END PRIVATE KEY-----\n`);
      writeFileSync(join(folder, 'id_rsa'), SECRET_KEY);
      const outcome: DeployOutcome = await deploy(
        { functionName: 'orders-api', publish: true, description: async () => 'leak scan' },
        {
          gateway,
          buildPackage: async (s) => (pkg = await buildPackage(folder, { signal: s })),
          codeSourceFor: async (built) => {
            assert.equal(planUpload(built.zip.length, '').method, 'direct');
            return { zipFile: built.zip };
          },
        },
      );
      assert.equal(outcome.status, 'deployed');
      record({ ...outcome, pkg: { sha256: outcome.pkg.sha256, fileCount: outcome.pkg.fileCount } });
      assert.ok(pkg);
      const entries = zipEntries(pkg.zip);
      assert.deepEqual(
        entries.map((e) => e.name),
        ['index.js'],
        'the zip holds the code only: secret files are excluded by default',
      );
      record(entries.map((e) => e.name));
      shown.push(...entries.map((e) => e.data.toString('latin1')));
      assert.deepEqual(pkg.selection.withheldSecrets, ['.aws/', '.env', '.env.production', 'config/server.pem', 'id_rsa'], 'and the UI can say what was withheld');
      record(pkg.selection.withheldSecrets);

      // Alias moves.
      const ops = new AliasOperations({ gateway, history: new AliasHistory(new MemoryStore()), protectedAliases: () => DEFAULT_PROTECTED_ALIASES });
      record(await ops.createAlias('orders-api', 'live', '1'));
      record(await ops.repoint('orders-api', 'live', outcome.status === 'deployed' ? (outcome.published?.version ?? '2') : '2', { confirm: async (message) => (record(message), true) }));

      // Compare documents: masked by default.
      for (const version of ['1', '$LATEST']) {
        const config = await gateway.getFunctionConfiguration('orders-api', version === '$LATEST' ? undefined : version);
        const document = normaliseConfiguration(config);
        assert.match(document, /DB_PASSWORD: ••• sha256:[0-9a-f]{8}/, 'the value is masked, a hash stands in');
        shown.push(document);
        revealed = normaliseConfiguration(config, { revealValues: true });
      }

      // Failing calls.
      await expectFailure('missing function', () => gateway.getFunctionConfiguration('no-such-function'));
      await expectFailure('credential_process that prints the secret', () => services.lambda({ profile: 'chatty-process', region: REGION }).listFunctions());
      // An endpoint (or proxy) that echoes the request's session token back in its error message.
      proxy.add({
        operation: 'ListAliases',
        fault: { kind: 'respond', respond: (r) => ({ status: 400, type: 'ValidationException', message: `Bad request; x-amz-security-token: ${String(r.headers['x-amz-security-token'])}` }) },
      });
      const echoed = await expectFailure('echoing endpoint', () => gateway.listAliases('orders-api'));
      assert.match((echoed as Error).message, /x-amz-security-token: \*\*\*/, 'the echoed token is masked in the message');
      proxy.clearRules();
      proxy.add({ operation: 'UpdateFunctionCode', fault: { kind: 'reset' } });
      writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ statusCode: 201 });\n');
      await expectFailure('reset during upload', () =>
        deploy(
          { functionName: 'orders-api', publish: true },
          { gateway, buildPackage: (s) => buildPackage(folder, { signal: s }), codeSourceFor: async (built) => ({ zipFile: built.zip }) },
        ),
      );
      await expectFailure('alias moved meanwhile', async () => {
        proxy.add({ operation: 'UpdateAlias', fault: { kind: 'precondition' } });
        return ops.repoint('orders-api', 'live', '1', { confirm: async () => true });
      });
    } finally {
      Object.assign(console, originals);
    }

    // Everything the user or the log could see from the failures.
    assert.equal(errors.length, 5);
    for (const error of errors) {
      assert.ok(error instanceof ReleaseError, `a ReleaseError: ${String(error)}`);
      shown.push(error.message, error.hint ?? '', describeForLog(error), inspect(error, { depth: 10 }), JSON.stringify(error));
    }

    // The proxy saw the token on the wire (it is sent to the endpoint, as it must be): the scan is looking for a value that was really in play.
    assert.ok(proxy.requests.some((r) => r.headers['x-amz-security-token'] === SESSION_TOKEN));
    // The scan can fail: the revealed compare document (an explicit user action) does contain the value.
    assert.ok(revealed.includes(SECRET_KEY), 'positive control');
    const haystack = shown.join('\n');
    assert.ok(haystack.length > 5_000 && haystack.includes('orders-api') && haystack.includes('leaky'), 'the capture is not empty');
    for (const [label, secret] of [
      ['secret access key', SECRET_KEY],
      ['session token', SESSION_TOKEN],
    ] as const) {
      const at = haystack.indexOf(secret);
      assert.equal(at, -1, `the ${label} leaked: …${haystack.slice(Math.max(0, at - 200), at + 60)}…`);
    }
    console.log(`      [figure] leak scan: ${shown.length} captured texts, ${haystack.length} characters, ${errors.length} failures, 0 occurrences of the secret key or session token`);
  });
  it('credential helper failures (secret on stderr, in stdout as invalid JSON, in the arguments) leak on no path: listing, lookup, deploy, wait, upload, tail, the command wrapper', async () => {
    // Helper scripts live in files, so the command line holds only what a row puts there.
    const script = (name: string, body: string) => {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    };
    const stderrHelper = script('helper-stderr.js', `process.stderr.write("session expired, cached: ${SECRET_KEY} ${SESSION_TOKEN}\\n"); process.exit(3);\n`);
    const stdoutJson = `{"Version":1,"AccessKeyId":"${ACCESS_KEY_ID}","SecretAccessKey":"${SECRET_KEY}","SessionToken":"${SESSION_TOKEN}"`; // cut short: invalid JSON
    const stdoutHelper = script('helper-stdout.js', `process.stdout.write(${JSON.stringify(stdoutJson)});\n`);
    const stdoutFailingHelper = script('helper-stdout-fail.js', `process.stdout.write(${JSON.stringify(stdoutJson)}); process.exit(2);\n`);
    const argsHelper = script('helper-args.js', 'process.stderr.write("unexpected arguments: " + process.argv.slice(2).join(" ") + "\\n"); process.exit(1);\n');
    const helpers: [profile: string, command: string][] = [
      ['helper-stderr', `node ${stderrHelper}`],
      ['helper-stdout-invalid-json', `node ${stdoutHelper}`],
      ['helper-stdout-exit-2', `node ${stdoutFailingHelper}`],
      ['helper-arg-separate', `node ${argsHelper} --secret-access-key ${SECRET_KEY}`],
      ['helper-arg-equals', `node ${argsHelper} --token=${SESSION_TOKEN}`],
      ['helper-env-prefix', `HELPER_TOKEN=${SESSION_TOKEN} node ${argsHelper} --profile x`],
    ];
    restoreEnv();
    restoreEnv = applyEnv(
      writeAwsConfig(
        join(dir, 'aws-helpers'),
        helpers.map(([name, command]) => ({ name, region: REGION, endpointUrl: proxy.url, noKeys: true, extra: { credential_process: command } })),
      ).env,
    );
    services.dispose();
    services = new AwsServices(settings);

    const shown: string[] = [];
    const failures: { label: string; error: unknown }[] = [];
    const expectFailure = async (label: string, run: () => Promise<unknown>) => {
      const error = await run().then(
        () => assert.fail(`${label}: expected a failure`),
        (e: unknown) => e,
      );
      failures.push({ label, error });
    };
    for (const [profile] of helpers) {
      const t: Target = { profile, region: REGION };
      const gateway = services.lambda(t);
      await expectFailure(`${profile}: tree listing`, () => gateway.listFunctions());
      await expectFailure(`${profile}: function details`, () => gateway.getFunctionDetails('orders-api'));
      await expectFailure(`${profile}: wait`, () => gateway.waitUntilUpdated('orders-api', { maxWaitSeconds: 5 }));
      await expectFailure(`${profile}: upload`, () => services.uploadPackage(t, { bucket: 'b', key: 'k.zip', body: Buffer.from('zip'), sha256: 'x' }));
      await expectFailure(`${profile}: deploy`, () =>
        deploy({ functionName: 'orders-api', publish: true }, { gateway, buildPackage: async () => ({ zip: Buffer.from('zip'), sha256: 'x', fileCount: 1, unzippedBytes: 3 }), codeSourceFor: async (p) => ({ zipFile: p.zip }) }),
      );
      const stop = new AbortController();
      await expectFailure(`${profile}: tail`, () =>
        services.logs(t).tail('/aws/lambda/orders-api', { signal: stop.signal, pollIntervalMs: 50, onEvent: () => undefined, onStatus: (status) => shown.push(status.message) }).finally(() => stop.abort()),
      );
    }

    for (const { label, error } of failures) {
      assert.ok(error instanceof ReleaseError, `${label}: a ReleaseError, got ${String(error)}`);
      assert.equal(error.kind, 'credentials', `${label}: ${error.message}`);
      // What may be shown of a helper's failure: that it failed, its program name, its exit code when known.
      assert.match(error.message, /credential helper `node`|credential_process returned invalid JSON/, `${label}: ${error.message}`);
      shown.push(error.message, error.hint ?? '', describeForLog(error), describeForUser(error), inspect(error, { depth: 10 }), JSON.stringify(error));
    }
    const haystack = shown.join('\n');
    assert.ok(failures.length === helpers.length * 6 && haystack.includes('helper-stderr'), 'the capture is not empty');
    for (const [label, secret] of [
      ['secret access key', SECRET_KEY],
      ['session token', SESSION_TOKEN],
      ['the helper\'s other arguments', '--profile x'],
      ['the helper\'s stderr', 'unexpected arguments'],
    ] as const) {
      const at = haystack.indexOf(secret);
      assert.equal(at, -1, `the ${label} leaked: …${haystack.slice(Math.max(0, at - 200), at + 60)}…`);
    }
  });

  it('the session token is never sent to a host other than the resolved endpoint (a workspace endpointUrl names a recording server: 0 requests with X-Amz-Security-Token)', async () => {
    const recorder = await startRecordingServer();
    // What src/services.ts resolves when .vscode/settings.json (or a folder's) names the recorder.
    const redirected = new AwsServices({ ...settings, endpointOverride: endpointOverrideFrom({ defaultValue: '', workspaceValue: recorder.url, workspaceFolderValue: recorder.url }) });
    try {
      await createFunction(moto.endpoint, REGION, 'orders-api');
      await redirected.listProfiles();
      const gateway = redirected.lambda(target);
      await gateway.listFunctions();
      await gateway.getFunctionDetails('orders-api');
      await gateway.listAliases('orders-api');
      const folder = join(dir, 'ws-redirect');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => 3;\n');
      await deploy(
        { functionName: 'orders-api', publish: true, description: async () => 'redirect scan' },
        { gateway, buildPackage: (s) => buildPackage(folder, { signal: s }), codeSourceFor: async (built) => ({ zipFile: built.zip }) },
      );
      const resolved = redirected.endpointFor(target.profile);
      assert.equal(resolved, proxy.url, 'the resolved endpoint is the profile’s endpoint_url');
      const tokened = proxy.requests.filter((r) => r.headers['x-amz-security-token'] === SESSION_TOKEN).length;
      assert.ok(tokened >= 5, `the flow really sent the token to the resolved endpoint (${tokened} requests)`);
      assert.equal(recorder.withSessionToken, 0, 'requests carrying X-Amz-Security-Token to the recording server');
      assert.equal(recorder.requests.length, 0, 'requests of any kind to the recording server');
      console.log(`      [figure] leak scan (redirect): ${tokened} requests with the session token to the resolved endpoint, ${recorder.withSessionToken} to the workspace's host`);
    } finally {
      redirected.dispose();
      await recorder.close();
    }
  });

  it('files that only look like secrets are flagged for "Show what will be deployed" (private key header, credentials-like names)', async () => {
    const folder = join(dir, 'ws-suspect');
    mkdirSync(join(folder, 'config'), { recursive: true });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => 1;\n');
    writeFileSync(join(folder, 'config', 'signing.txt'), `-----BEGIN RSA PRIVATE KEY-----\n${SECRET_KEY}\n-----END RSA PRIVATE KEY-----\n`);
    writeFileSync(join(folder, 'config', 'credentials'), `[default]\nregion = us-east-1\n`);
    const built = await buildPackage(folder);
    assert.deepEqual(
      built.selection.suspectedSecrets.map((s) => s.relativePath),
      ['config/credentials', 'config/signing.txt'],
    );
    assert.match(built.selection.suspectedSecrets[1].reason, /private key/);
  });
});
