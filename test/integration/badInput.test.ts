/**
 * Bad input, as a table: each row is one thing a user can get wrong, the clear message (and hint)
 * they must see, and the proof that nothing changed — the state of moto read back DIRECTLY (not
 * through the proxy) equals the state before, and no mutating request (PUT/POST/DELETE) reached
 * the endpoint. Calls go through the real SDK wired as the extension wires it (AwsServices from a
 * temporary shared config, deploy() with buildPackage/planUpload, AliasOperations), via the fault
 * proxy of test/support/faultProxy.ts, which also stands in for what moto cannot do: it ignores
 * signatures, so the wrong-keys rows are answered 403 by the proxy (named in the row).
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteFunctionCommand, LambdaClient, ListAliasesCommand, ListFunctionsCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import type { Target } from '../../src/aws/types';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { deploy } from '../../src/release/deploy';
import { deployImage } from '../../src/release/imageDeploy';
import { ReleaseError, type ReleaseErrorKind } from '../../src/release/errors';
import { selectFiles } from '../../src/release/fileSelection';
import { checkSelection, planUpload } from '../../src/release/packageLimits';
import { buildPackage } from '../../src/release/packaging';
import { applyEnv, TEST_KEYS, writeAwsConfig, type ProfileSpec } from '../support/awsConfig';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startMoto, type MotoServer } from '../support/moto';
import { createAlias, createFunction, publishVersions } from '../support/seed';
import { MemoryStore } from '../support/memoryStore';
import { preparePayload } from '../../src/release/invocation';
import { loadSmokeEvents } from '../../src/release/testEvents';
import { createImageFunction, createRepository, pushImage } from '../support/images';
import { ProcessBuildRunner } from '../support/processBuildRunner';
import { offlinePip, writeWheel } from '../support/wheels';
import { packageTarget } from '../../src/release/targetPackage';
import { spawnPip } from '../../src/release/pythonDepsInstaller';
import { readTargets } from '../../src/release/targets';
import { runAsNobody } from '../support/asNobody';
import { readAndPlanPrune } from '../../src/release/pruneRun';

const REGION = 'us-east-1';
const FN = 'orders-api';
const dev: Target = { profile: 'dev', region: REGION };
const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 4, connectionTimeoutMs: 2_000 };
const WRONG_KEY_ID = 'AKIAWRONGWRONGWRONG0';
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

interface Context {
  services: AwsServices;
  proxy: FaultProxy;
  moto: MotoServer;
  /** Scratch folder of this row. */
  dir: string;
  /** A new folder inside `dir` with these files (path → content). */
  folder(files?: Record<string, string | Buffer>): string;
  /** deploy() with dependencies built like src/commands/deploy/deployFlow.ts (no deployment bucket set). */
  deployFolder(folder: string, target?: Target, functionName?: string): Promise<unknown>;
  /** The "files look like secrets, deploy anyway?" prompts deployFolder reached: a refused deploy must reach none. */
  prompts: string[][];
  aliases(target?: Target): AliasOperations;
  /** Runs `task` with other shared config files / HOME, and AwsServices built on them. */
  withConfig<T>(profiles: ProfileSpec[], task: (services: AwsServices) => Promise<T>, options?: { malformedLines?: string[]; home?: string }): Promise<T>;
}

interface Row {
  /** The bad input, as the test names it. */
  input: string;
  /** Runs before the "before" snapshot (e.g. the deletion a row is about). */
  setup?: (ctx: Context) => Promise<void>;
  run: (ctx: Context) => Promise<unknown>;
  kind: ReleaseErrorKind;
  message: RegExp;
  hint?: RegExp;
  /** Non-GET operations this row is expected to send (e.g. an Invoke the fault proxy refuses); nothing may change. */
  reaches?: string[];
}

const confirmYes = async () => true;

const rows: Row[] = [
  // ---------------------------------------------------------------- credentials and config
  {
    input: 'malformed shared config file (a `[profile __proto__]` section makes the SDK drop the whole file): a file problem, then a credentials error',
    run: (ctx) =>
      ctx.withConfig(
        // Keys in the config file too, so nothing of this profile survives elsewhere (a call must not fall through to AWS).
        [{ name: 'dev', region: REGION, endpointUrl: ctx.proxy.url, noKeys: true, extra: { aws_access_key_id: TEST_KEYS.accessKeyId, aws_secret_access_key: TEST_KEYS.secretAccessKey } }],
        async (services) => {
          const listing = await services.listProfiles();
          assert.equal(listing.profiles.length, 0);
          assert.equal(listing.fileProblems.length, 1, 'the tree shows the file problem as an error node');
          assert.match(listing.fileProblems[0], /^The AWS config file .*config could not be parsed \(the AWS SDK ignores all of it.*none of its profiles are used\.$/);
          return services.lambda(dev).listFunctions();
        },
        { malformedLines: ['[profile __proto__]', 'region = us-east-1'] },
      ),
    kind: 'credentials',
    message: /^Could not list functions \(profile dev, us-east-1\): credentials missing or invalid\. Could not resolve credentials using profile: \[dev\]/,
    hint: /^Profile dev could not be read: check that its section exists and that the AWS config files are well formed/,
  },
  {
    input: 'profile whose source_profile does not exist',
    run: (ctx) => ctx.services.lambda({ profile: 'orphan', region: REGION }).listFunctions(),
    kind: 'credentials',
    message: /^Could not list functions \(profile orphan, us-east-1\): credentials missing or invalid\. Could not resolve credentials using profile: \[orphan-base-that-does-not-exist\]/,
    hint: /^Profile orphan-base-that-does-not-exist \(the source_profile of orphan\) is missing from the AWS config files\.$/,
  },
  {
    input: 'expired SSO token (sso_session profile; its cached token in $HOME/.aws/sso/cache expired an hour ago)',
    run: async (ctx) => {
      const home = join(ctx.dir, 'home');
      const cache = join(home, '.aws', 'sso', 'cache');
      mkdirSync(cache, { recursive: true });
      // The SDK names the cache file after the SHA-1 of the sso_session name (`sso-sso` from writeAwsConfig).
      writeFileSync(
        join(cache, `${createHash('sha1').update('sso-sso').digest('hex')}.json`),
        JSON.stringify({ accessToken: 'expired-token', expiresAt: new Date(Date.now() - 3_600_000).toISOString(), region: REGION, startUrl: 'https://example.awsapps.com/start' }),
      );
      return ctx.withConfig([{ name: 'sso', region: REGION, endpointUrl: ctx.proxy.url, broken: 'ssoWithoutToken' }], (services) => services.lambda({ profile: 'sso', region: REGION }).listFunctions(), {
        home,
      });
    },
    kind: 'credentials',
    message: /^Could not list functions \(profile sso, us-east-1\): credentials expired\. .*aws sso login/,
    hint: /^Run `aws sso login --profile sso`, then refresh\.$/,
  },
  {
    input: 'wrong keys: UnrecognizedClientException (moto ignores signatures: the fault proxy answers 403 for the wrong key id)',
    setup: async (ctx) => {
      ctx.proxy.add({ when: (r) => String(r.headers.authorization ?? '').includes(WRONG_KEY_ID), fault: { kind: 'error', status: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } });
    },
    run: (ctx) => ctx.services.lambda({ profile: 'wrongkeys', region: REGION }).listFunctions(),
    kind: 'credentials',
    message: /^Could not list functions \(profile wrongkeys, us-east-1\): credentials missing or invalid\. The security token included in the request is invalid\.$/,
    hint: /^Check the keys of profile wrongkeys \(aws configure --profile wrongkeys\)\.$/,
  },
  {
    input: 'wrong keys: InvalidSignatureException (moto ignores signatures: the fault proxy answers 403 for the wrong key id)',
    setup: async (ctx) => {
      ctx.proxy.add({
        when: (r) => String(r.headers.authorization ?? '').includes(WRONG_KEY_ID),
        fault: { kind: 'error', status: 403, type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' },
      });
    },
    run: (ctx) => ctx.aliases({ profile: 'wrongkeys', region: REGION }).repoint(FN, 'beta', '1', { confirm: confirmYes }),
    kind: 'credentials',
    message: /^Could not read alias beta of orders-api \(profile wrongkeys, us-east-1\): credentials missing or invalid\. The request signature we calculated/,
    hint: /Check the keys of profile wrongkeys/,
  },
  {
    input: 'unknown region (well-formed "xx-nowhere-1", no endpoint override: the SDK resolves a host that does not exist)',
    run: (ctx) => ctx.services.lambda({ profile: 'mars', region: 'xx-nowhere-1' }).listFunctions(),
    kind: 'network',
    message: /^Could not list functions \(profile mars, xx-nowhere-1\): the endpoint could not be reached \(getaddrinfo (ENOTFOUND|EAI_AGAIN) lambda\.xx-nowhere-1\.amazonaws\.com\)/,
    hint: /the region/,
  },
  {
    input: 'malformed region ("us east 1")',
    run: (ctx) => ctx.services.lambda({ profile: 'spaces', region: 'us east 1' }).listFunctions(),
    kind: 'config',
    message: /^Could not list functions \(profile spaces, us east 1\): Region not accepted: region="us east 1" is not a valid hostname component/,
    hint: /^Check the region and endpoint settings of this profile\.$/,
  },
  {
    input: 'invalid endpoint URL in the profile (endpoint_url = "not a url")',
    run: (ctx) => ctx.services.lambda({ profile: 'badurl', region: REGION }).listFunctions(),
    kind: 'config',
    message: /^Invalid endpoint URL "not a url": expected e\.g\. http:\/\/127\.0\.0\.1:5000$/,
    hint: /endpoint_url of profile badurl/,
  },
  {
    input: 'invalid endpoint URL in the setting (lambdaRelease.endpointUrl = "ftp://…")',
    run: async () => {
      const services = new AwsServices({ ...settings, endpointOverride: 'ftp://127.0.0.1:21' });
      try {
        await services.listProfiles();
        return await services.lambda(dev).listFunctions();
      } finally {
        services.dispose();
      }
    },
    kind: 'config',
    message: /^Invalid endpoint URL "ftp:\/\/127\.0\.0\.1:21": use http or https\.$/,
    hint: /lambdaRelease\.endpointUrl/,
  },
  // ---------------------------------------------------------------- the function changed under the user
  {
    input: 'function deleted while shown (listed, deleted elsewhere, then expanded)',
    setup: async (ctx) => {
      assert.ok((await ctx.services.lambda(dev).listFunctions()).some((f) => f.name === FN), 'the tree showed it');
      await deleteDirect(ctx.moto, FN);
    },
    run: (ctx) => ctx.services.lambda(dev).getFunctionDetails(FN),
    kind: 'notFound',
    message: /^Could not list (versions|aliases) of orders-api \(profile dev, us-east-1\): Function not found/,
    hint: /^Refresh the view: it may have been deleted\.$/,
  },
  {
    input: 'deploy to a function that does not exist, from a workspace with secret-looking files: the lookup error, no "deploy anyway?" prompt after it',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = async () => 1;\n', 'config/signing.txt': '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n' }), { profile: 'dev', region: REGION }, 'no-such-function'),
    kind: 'notFound',
    message: /^Could not read the configuration of no-such-function \(profile dev, us-east-1\): Function not found/,
    hint: /Refresh the view/,
  },
  {
    input: 'zip deploy to a container-image function (moto creates PackageType Image functions): refused before packaging, with what to do instead',
    setup: async (ctx) => createImageFunction(ctx.moto.endpoint, REGION, 'orders-image', `123456789012.dkr.ecr.${REGION}.amazonaws.com/orders-image:v1`),
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = async () => 1;\n', 'config/signing.txt': '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n' }), dev, 'orders-image'),
    kind: 'validation',
    message: /^orders-image is a container-image function \(PackageType Image\): a zip of this workspace cannot be deployed to it\. Nothing was packaged or changed\.$/,
    hint: /^Deploy a new image with "Deploy Image…" .*, or with your container tooling\.$/,
  },
  {
    input: 'credential_process that fails with a secret on stderr and in its arguments: only the program name is shown',
    run: async (ctx) => {
      const helper = join(ctx.dir, 'helper.js');
      writeFileSync(helper, `process.stderr.write(${JSON.stringify(`cached ${TEST_KEYS.secretAccessKey}`)}); process.exit(4);\n`);
      const error = await ctx
        .withConfig([{ name: 'helper', region: REGION, endpointUrl: ctx.proxy.url, noKeys: true, extra: { credential_process: `node ${helper} --token=${TEST_KEYS.secretAccessKey}` } }], (services) =>
          services.lambda({ profile: 'helper', region: REGION }).listFunctions(),
        )
        .catch((e: unknown) => e);
      const text = `${(error as Error).message} ${(error as ReleaseError).hint ?? ''}`;
      assert.ok(!text.includes(TEST_KEYS.secretAccessKey) && !text.includes('helper.js'), text);
      throw error;
    },
    kind: 'credentials',
    message: /^Could not list functions \(profile helper, us-east-1\): the credential helper `node` failed; its output and arguments are not shown/,
    hint: /^Run the credential_process of profile helper in a terminal/,
  },
  {
    input: 'function deleted while shown, then deployed to (nothing is re-created)',
    setup: (ctx) => deleteDirect(ctx.moto, FN),
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = async () => 1;\n' })),
    kind: 'notFound',
    message: /^Could not read the configuration of orders-api \(profile dev, us-east-1\): Function not found/,
    hint: /Refresh the view/,
  },
  // ---------------------------------------------------------------- aliases (moto validates none of these)
  {
    input: 'alias name invalid: "bad name!"',
    run: (ctx) => ctx.aliases().createAlias(FN, 'bad name!', '1'),
    kind: 'validation',
    message: /^An alias name may contain only letters, digits, "-" and "_" \(not space, "!"\)\.$/,
  },
  {
    input: 'alias name invalid: "$LATEST"',
    run: (ctx) => ctx.aliases().createAlias(FN, '$LATEST', '1'),
    kind: 'validation',
    message: /\$LATEST.*reserved/,
  },
  {
    input: 'alias name invalid: all digits ("42")',
    run: (ctx) => ctx.aliases().repoint(FN, '42', '1', { confirm: confirmYes }),
    kind: 'validation',
    message: /cannot be all digits/,
  },
  {
    input: 'alias name invalid: 129 characters',
    run: (ctx) => ctx.aliases().createAlias(FN, 'a'.repeat(129), '1'),
    kind: 'validation',
    message: /at most 128 characters \(this one has 129\)/,
  },
  {
    input: 'canary weight 0',
    run: (ctx) => ctx.aliases().shiftTraffic(FN, 'prod', '3', '0', { confirm: confirmYes }),
    kind: 'validation',
    message: /^0% would send no traffic to the new version/,
  },
  {
    input: 'canary weight 100',
    run: (ctx) => ctx.aliases().shiftTraffic(FN, 'prod', '3', '100', { confirm: confirmYes }),
    kind: 'validation',
    message: /^100% would send all traffic to the new version.*Promote/,
  },
  {
    input: 'canary weight negative (-5)',
    run: (ctx) => ctx.aliases().shiftTraffic(FN, 'prod', '3', '-5', { confirm: confirmYes }),
    kind: 'validation',
    message: /^The percentage cannot be negative/,
  },
  {
    input: 'canary weight not a number ("ten")',
    run: (ctx) => ctx.aliases().shiftTraffic(FN, 'prod', '3', 'ten', { confirm: confirmYes }),
    kind: 'validation',
    message: /^"ten" is not a number: enter a percentage such as 10/,
  },
  {
    input: 'canary to the version the alias already points at',
    run: (ctx) => ctx.aliases().shiftTraffic(FN, 'prod', '2', '10', { confirm: confirmYes }),
    kind: 'validation',
    message: /^prod already points at 2: pick a different version for the canary\.$/,
  },
  // ---------------------------------------------------------------- workspace contents
  {
    input: 'empty workspace',
    run: (ctx) => ctx.deployFolder(ctx.folder()),
    kind: 'validation',
    message: /^Nothing to deploy: every file in the source folder is excluded\.$/,
    hint: /\.lambdaignore/,
  },
  {
    input: 'only ignored files (.env, id_rsa, .git/, and *.js in .lambdaignore)',
    run: (ctx) =>
      ctx.deployFolder(ctx.folder({ '.env': 'A=1\n', id_rsa: 'key\n', '.git/config': '[core]\n', '.lambdaignore': '*.js\n', 'index.js': 'exports.handler = 1;\n' })),
    kind: 'validation',
    message: /^Nothing to deploy/,
  },
  {
    input: 'oversized zip without a deployment bucket (pure check: 60 MB)',
    run: async () => planUpload(60 * 1024 * 1024, ''),
    kind: 'limit',
    message: /^The zip is 60\.0 MB; Lambda accepts at most 50\.0 MB in a direct upload\.$/,
    hint: /lambdaRelease\.deploymentBucket/,
  },
  {
    input: 'oversized zip without a deployment bucket (real: a 51 MB incompressible file through deploy())',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = 1;\n', 'model.bin': randomBytes(51 * 1024 * 1024) })),
    kind: 'limit',
    message: /^The zip is 51\.\d MB; Lambda accepts at most 50\.0 MB in a direct upload\.$/,
    hint: /lambdaRelease\.deploymentBucket/,
  },
  {
    input: 'over 250 MB unzipped (pure check)',
    run: async () => checkSelection(3, 300 * 1024 * 1024),
    kind: 'limit',
    message: /^The package is 300\.0 MB unzipped; Lambda allows at most 250\.0 MB unzipped\.$/,
    hint: /layer/,
  },
  {
    input: 'symlink escaping the folder',
    run: (ctx) => {
      const outside = join(ctx.dir, 'outside.txt');
      writeFileSync(outside, 'not yours\n');
      const folder = ctx.folder({ 'index.js': 'exports.handler = 1;\n' });
      symlinkSync(outside, join(folder, 'escape.txt'));
      return ctx.deployFolder(folder);
    },
    kind: 'validation',
    message: /^The symlink escape\.txt points outside the source folder \(to .*outside\.txt\); it is not deployed that way\.$/,
    hint: /\.lambdaignore/,
  },
  {
    input: 'dangling symlink (its target is missing)',
    run: (ctx) => {
      const folder = ctx.folder({ 'index.js': 'exports.handler = 1;\n' });
      symlinkSync(join(folder, 'gone.txt'), join(folder, 'config.json'));
      return ctx.deployFolder(folder);
    },
    kind: 'validation',
    message: /^The symlink config\.json is broken \(its target does not exist\)\.$/,
  },
  {
    input: IS_ROOT
      ? 'unreadable file (chmod 000) — running as root, which ignores permissions, so selectFiles runs in a child process as user nobody (uid 65534)'
      : 'unreadable file (chmod 000)',
    run: async (ctx) => {
      const folder = ctx.folder({ 'index.js': 'exports.handler = 1;\n', 'secret.txt': 'x\n' });
      chmodSync(join(folder, 'secret.txt'), 0o000);
      if (!IS_ROOT) return ctx.deployFolder(folder);
      return selectFilesAsNobody(ctx.dir, folder);
    },
    kind: 'validation',
    message: /^Cannot read secret\.txt: permission denied\.$/,
    hint: /chmod/,
  },
  {
    input: '.lambdaignore with an invalid pattern (unclosed "[")',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = 1;\n', '.lambdaignore': '# build output\n[abc\n' })),
    kind: 'validation',
    message: /^Invalid pattern in \.lambdaignore, line 2: "\[abc" \(a "\[" character class is never closed\)\.$/,
    hint: /gitignore syntax/,
  },
  {
    input: '.lambdaignore with a pattern reaching outside the folder ("../secrets")',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = 1;\n', '.lambdaignore': '../secrets\n' })),
    kind: 'validation',
    message: /^Invalid pattern in \.lambdaignore, line 1: "\.\.\/secrets" \(patterns cannot reach outside the folder with "\.\."\)\.$/,
  },
  {
    input: 'file name with a control character (a newline) (issue 14)',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = 1;\n', 'notes\nfinal.txt': 'x\n' })),
    kind: 'validation',
    message: /^The name "notes\\nfinal\.txt" contains a control character \(U\+000A, a newline\); it is not deployed that way\.$/,
    hint: /Rename it, or leave it out with a \.lambdaignore pattern/,
  },
  {
    input: 'folder name with a control character (an escape) (issue 14)',
    run: (ctx) => ctx.deployFolder(ctx.folder({ 'index.js': 'exports.handler = 1;\n', 'lib\u001b[0m/util.js': 'x\n' })),
    kind: 'validation',
    message: /^The name "lib\\u001b\[0m" contains a control character \(U\+001B, an escape\); it is not deployed that way\.$/,
  },
  // ---------------------------------------------------------------- invoke (issue 10)
  {
    input: 'invoke: invalid JSON in a saved event (trailing comma, line 3)',
    run: async (ctx) => {
      const root = ctx.folder({ '.lambda/events/orders-api/smoke-get.json': '{\n  "path": "/orders/1",\n}\n' });
      return loadSmokeEvents(root, FN);
    },
    kind: 'validation',
    message: /^\.lambda\/events\/orders-api\/smoke-get\.json is not valid JSON: Expected double-quoted property name at line 3, column 1\.$/,
  },
  {
    input: 'invoke: oversized payload (7 MB synchronous; the gateway refuses it before a request too)',
    run: async (ctx) => {
      const big = `{"blob":"${'x'.repeat(7 * 1024 * 1024)}"}`;
      assert.throws(() => preparePayload(big, 'RequestResponse'), /at most 6 MB for a synchronous/);
      return ctx.services.invoke(dev).invoke({ functionName: FN, qualifier: 'prod', type: 'RequestResponse', payload: new TextEncoder().encode(big) });
    },
    kind: 'limit',
    message: /^The payload is 7\.0 MB; Lambda accepts at most 6 MB for a synchronous \(RequestResponse\) invocation\.$/,
  },
  {
    input: 'invoke: missing event file (a smoke event named in lambdaRelease.target.smokeEvents)',
    run: async (ctx) => loadSmokeEvents(ctx.folder({ '.lambda/events/orders-api/smoke-get.json': '{}' }), FN, ['smoke-get', 'smoke-checkout']),
    kind: 'notFound',
    message: /^No saved event "smoke-checkout" for orders-api: \.lambda\/events\/orders-api\/smoke-checkout\.json does not exist\.$/,
  },
  {
    input: 'invoke: unknown qualifier (moto invokes any qualifier: the fault proxy answers 404 like Lambda)',
    setup: async (ctx) => {
      ctx.proxy.add({ operation: 'Invoke', fault: { kind: 'error', status: 404, type: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:${REGION}:123456789012:function:${FN}:99` } });
    },
    run: (ctx) => invokeDev(ctx, '99'),
    kind: 'notFound',
    message: /^Could not invoke orders-api:99 \(profile dev, us-east-1\): Function not found: .*:orders-api:99$/,
    hint: /version or alias exists/,
    reaches: ['Invoke'],
  },
  {
    input: 'invoke: function deleted meanwhile (moto answers 200 even for a missing function: the fault proxy answers 404 like Lambda)',
    setup: async (ctx) => {
      await deleteDirect(ctx.moto, FN);
      ctx.proxy.add({ operation: 'Invoke', fault: { kind: 'error', status: 404, type: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:${REGION}:123456789012:function:${FN}:prod` } });
    },
    run: (ctx) => invokeDev(ctx, 'prod'),
    kind: 'notFound',
    message: /^Could not invoke orders-api:prod \(profile dev, us-east-1\): Function not found/,
    hint: /deleted/,
    reaches: ['Invoke'],
  },
  {
    input: 'invoke: AccessDenied (the fault proxy answers 403 like Lambda for an identity without lambda:InvokeFunction)',
    setup: async (ctx) => {
      ctx.proxy.add({ operation: 'Invoke', fault: { kind: 'error', status: 403, type: 'AccessDeniedException', message: `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:InvokeFunction on resource: ${FN}:prod` } });
    },
    run: (ctx) => invokeDev(ctx, 'prod'),
    kind: 'credentials',
    message: /^Could not invoke orders-api:prod \(profile dev, us-east-1\): access denied\. User: .* is not authorized to perform: lambda:InvokeFunction/,
    hint: /^Ask for lambda:InvokeFunction on orders-api:prod for profile dev\.$/,
    reaches: ['Invoke'],
  },
  {
    input: 'invoke: throttled (429 from the fault proxy; an invoke is never retried, it would run twice)',
    setup: async (ctx) => {
      ctx.proxy.add({ operation: 'Invoke', fault: { kind: 'throttle' } });
    },
    run: async (ctx) => {
      const outcome = await invokeDev(ctx, 'prod').catch((error: unknown) => error);
      assert.equal(ctx.proxy.count('Invoke'), 1, 'one request: no retry');
      throw outcome;
    },
    kind: 'throttled',
    message: /^Could not invoke orders-api:prod \(profile dev, us-east-1\): Lambda throttled the invocation \(429/,
    hint: /concurrency/,
    reaches: ['Invoke'],
  },
  {
    input: 'invoke: long sync call not cut by the request time-out (300 ms) + Cancel (the fault proxy never answers)',
    setup: async (ctx) => {
      ctx.proxy.add({ operation: 'Invoke', fault: { kind: 'hang' } });
    },
    run: async (ctx) => {
      const services = new AwsServices({ ...settings, requestTimeoutMs: 300 });
      await services.listProfiles();
      const controller = new AbortController();
      try {
        const pending = services.invoke(dev).invoke({ functionName: FN, qualifier: 'prod', type: 'RequestResponse', payload: new TextEncoder().encode('{}') }, { signal: controller.signal });
        const outcome = pending.then(() => 'answered', (error: unknown) => error);
        while (ctx.proxy.count('Invoke') === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        // Well past the general request time-out, the call is still waiting for Lambda.
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        assert.equal(ctx.proxy.requests.find((r) => r.operation === 'Invoke')?.clientGaveUp, false, 'not cut by requestTimeoutMs');
        controller.abort();
        throw await outcome;
      } finally {
        services.dispose();
      }
    },
    kind: 'cancelled',
    message: /^Cancelled the wait for orders-api:prod: if the call reached Lambda, the function may still be running\.$/,
    reaches: ['Invoke'],
  },
  // ---------------------------------------------------------------- container images
  {
    input: 'image tag that does not exist (Deploy Image… with "v9" for an image function)',
    setup: async (ctx) => {
      const repository = await createRepository(ctx.moto.endpoint, REGION, 'orders-img');
      await pushImage(ctx.moto.endpoint, REGION, 'orders-img', 'v1');
      await createImageFunction(ctx.moto.endpoint, REGION, 'orders-img', `${repository}:v1`);
    },
    run: (ctx) => deployImage({ functionName: 'orders-img', region: REGION, image: 'v9', publish: true }, { images: ctx.services.images(dev), gateway: ctx.services.lambda(dev) }),
    kind: 'notFound',
    message: /^There is no image orders-img:v9 in 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com \(us-east-1\)\.$/,
    hint: /docker push/,
  },
  {
    input: 'image deploy to a zip function',
    run: (ctx) => deployImage({ functionName: FN, region: REGION, image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1', publish: true }, { images: ctx.services.images(dev), gateway: ctx.services.lambda(dev) }),
    kind: 'validation',
    message: /^orders-api is a \.zip function: it cannot run a container image\.$/,
    hint: /Deploy Workspace/,
  },
  // ---------------------------------------------------------------- version facts (issue 12)
  {
    input: 'concurrency: negative reserved concurrency (-5)',
    run: (ctx) => ctx.services.versionFacts(dev).putReservedConcurrency(FN, -5),
    kind: 'validation',
    message: /^Concurrency cannot be negative\.$/,
  },
  {
    input: 'concurrency: non-integer provisioned concurrency (2.5)',
    run: (ctx) => ctx.services.versionFacts(dev).putProvisionedConcurrency(FN, 'prod', 2.5),
    kind: 'validation',
    message: /^Concurrency is a whole number of executions, not 2\.5\.$/,
  },
  {
    input: 'concurrency: reserved above the unreserved pool (1000 asked, 900 free; moto answers GetAccountSettings with 404 HTML, so the pool the command reads is given as Lambda would report it)',
    run: (ctx) => ctx.services.versionFacts(dev).putReservedConcurrency(FN, 1000, { pool: 900 }),
    kind: 'validation',
    message: /^1000 is more than the 900 executions this function can reserve/,
  },
  {
    input: 'provisioned concurrency on $LATEST (Lambda refuses it)',
    run: (ctx) => ctx.services.versionFacts(dev).putProvisionedConcurrency(FN, '$LATEST', 5),
    kind: 'validation',
    message: /Lambda refuses it on \$LATEST\.$/,
  },
  {
    input: 'function URL on a version number (Lambda refuses it; moto would accept it)',
    run: (ctx) => ctx.services.versionFacts(dev).createFunctionUrl(FN, '2', 'AWS_IAM'),
    kind: 'validation',
    message: /^A function URL can point at an alias or the function itself, not at version 2/,
  },
  {
    input: 'prune keep-count 0',
    run: (ctx) => {
      const facts = ctx.services.versionFacts(dev);
      const lambda = ctx.services.lambda(dev);
      return readAndPlanPrune({ getFunctionDetails: (fn, o) => lambda.getFunctionDetails(fn, o), listProvisionedConcurrency: (fn, o) => facts.listProvisionedConcurrency(fn, o), functionUrl: (fn, q, o) => facts.functionUrl(fn, q, o), eventSourceMappings: (fn, o) => facts.eventSourceMappings(fn, o) }, FN, 0);
    },
    kind: 'validation',
    message: /^Keep at least 1 version \(got 0\)/,
  },
  // ---------------------------------------------------------------- workspaces: builds, dependencies, several folders (issue 13)
  {
    input: 'build task missing (buildTask names a label tasks.json does not have)',
    run: (ctx) => deployTarget(ctx, { 'index.js': 'exports.handler = 1;\n', '.vscode/tasks.json': TASKS }, { buildTask: 'build nope' }),
    kind: 'notFound',
    message: /^There is no task labelled "build nope" \(target api\): nothing was built or deployed\.$/,
    hint: /tasks\.json/,
  },
  {
    input: 'build task failing (exit code 3; the build runner is the process stand-in for a VS Code task)',
    run: (ctx) => deployTarget(ctx, { 'index.js': 'exports.handler = 1;\n', '.vscode/tasks.json': TASKS }, { buildTask: 'build fails' }),
    kind: 'validation',
    message: /^The build of api \(task "build fails"\) failed with exit code 3: api was not deployed\.$/,
    hint: /terminal panel/,
  },
  {
    input: 'build task cancelled (Cancel while the build runs ends it; nothing is packaged or deployed)',
    run: (ctx) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      return deployTarget(ctx, { 'index.js': 'exports.handler = 1;\n', '.vscode/tasks.json': TASKS }, { buildTask: 'build slow' }, controller.signal);
    },
    kind: 'cancelled',
    message: /^Cancelled during the build of api \(task "build slow"\): the build was ended; nothing was deployed\.$/,
  },
  {
    input: 'requirement with no wheel for the platform (an aarch64-only wheel, an x86_64 function; pip offline)',
    run: async (ctx) => {
      const wheels = join(ctx.dir, 'wheels');
      mkdirSync(wheels, { recursive: true });
      writeWheel(wheels, { name: 'nativelib', version: '2.0', tag: 'cp312-cp312-manylinux2014_aarch64' });
      const root = ctx.folder({ 'app.py': 'import nativelib\n', 'requirements.txt': 'nativelib==2.0\n' });
      const [target] = readTargets(root, [{ name: 'reports', profile: 'dev', region: REGION, function: FN, requirements: 'requirements.txt' }], {}).targets;
      const offline = offlinePip(wheels);
      return packageTarget(target, { runtime: 'python3.12', architectures: ['x86_64'] }, { pythonCacheRoot: join(ctx.dir, 'pycache'), extraPipArgs: offline.extraPipArgs, runPip: spawnPip('python3', offline.env) });
    },
    kind: 'validation',
    message: /^No wheel of nativelib==2\.0 for CPython 3\.12 on Linux x86_64 \(manylinux, glibc ≤ 2\.34\): pip cannot install it for the function's platform\.$/,
    hint: /manylinux x86_64 wheel/,
  },
  {
    input: 'overlapping source folders (index.js in both src and generated)',
    run: (ctx) => deployTarget(ctx, { 'src/index.js': 'exports.handler = 1;\n', 'generated/index.js': 'exports.handler = 2;\n' }, { sourceFolders: ['src', 'generated'] }),
    kind: 'validation',
    message: /^index\.js is in two source folders, src and generated: the zip can hold only one\.$/,
    hint: /\.lambdaignore/,
  },
];

/** tasks.json of the build rows: a failing build, a slow one (to cancel). */
const TASKS = JSON.stringify({
  version: '2.0.0',
  tasks: [
    { label: 'build fails', type: 'shell', command: `${JSON.stringify(process.execPath)} -e "process.exit(3)"` },
    { label: 'build slow', type: 'shell', command: `${JSON.stringify(process.execPath)} -e "setTimeout(() => {}, 20000)"` },
  ],
});

/** deploy() of one workspace target to orders-api, packaged as Deploy Workspace / Deploy Changed Functions do. */
function deployTarget(ctx: Context, files: Record<string, string>, fields: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
  const root = ctx.folder(files);
  const { targets, problems } = readTargets(root, [{ name: 'api', profile: 'dev', region: REGION, function: FN, ...fields }], {});
  assert.deepEqual(problems, []);
  const gateway = ctx.services.lambda(dev);
  return deploy(
    { functionName: FN, publish: true, description: async () => 'bad input', signal },
    {
      gateway,
      buildPackage: async (s) => packageTarget(targets[0], await gateway.getFunction(FN, { signal: s }), { builds: new ProcessBuildRunner(), pythonCacheRoot: join(ctx.dir, 'pycache'), signal: s }),
      codeSourceFor: async (pkg) => ({ zipFile: pkg.zip }),
    },
  );
}

function invokeDev(ctx: Context, qualifier: string): Promise<unknown> {
  return ctx.services.invoke(dev).invoke({ functionName: FN, qualifier, type: 'RequestResponse', payload: preparePayload('{"path":"/orders/1"}', 'RequestResponse').bytes });
}

async function deleteDirect(moto: MotoServer, name: string): Promise<void> {
  const client = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey } });
  try {
    await client.send(new DeleteFunctionCommand({ FunctionName: name }));
  } finally {
    client.destroy();
  }
}

/**
 * Root reads any file whatever its mode, so the EACCES path can only be shown by an unprivileged
 * process: the same selectFiles, bundled on its own (test/support/asNobody.ts: the child reads
 * nothing from the repository, which may sit in a folder `nobody` cannot enter) and run as
 * `nobody`. The ReleaseError comes back as JSON and is rebuilt.
 */
function selectFilesAsNobody(scratch: string, folder: string): Promise<unknown> {
  // mkdtemp makes 0700 folders: let `nobody` walk down to the workspace.
  for (const path of [scratch, folder]) chmodSync(path, 0o755);
  const script = [
    `import { selectFiles } from '../../src/release/fileSelection';`,
    'selectFiles(process.argv[2]).then(',
    '  (s) => process.stdout.write(JSON.stringify({ files: s.files.map((f) => f.relativePath) })),',
    '  (e) => process.stdout.write(JSON.stringify({ error: { kind: e.kind, message: e.message, hint: e.hint, code: e.cause && e.cause.code } })),',
    ');',
  ].join('\n');
  const output = runAsNobody(script, __dirname, [folder]);
  const result = JSON.parse(output) as { files?: string[]; error?: { kind: ReleaseErrorKind; message: string; hint?: string; code?: string } };
  if (!result.error) return Promise.resolve(result.files);
  assert.equal(result.error.code, 'EACCES', 'a real EACCES from the file system, not a simulation');
  return Promise.reject(new ReleaseError(result.error.kind, result.error.message, { hint: result.error.hint }));
}

describe('bad input: a clear message and nothing changed (table)', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let proxy: FaultProxy;
  let direct: LambdaClient;
  let scratch: string;
  let restoreEnv: () => void;
  let services: AwsServices;

  before(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    direct = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey }, maxAttempts: 1 });
  });
  after(async () => {
    direct?.destroy();
    await proxy?.close();
    await moto?.stop();
  });

  const profiles = (): ProfileSpec[] => [
    { name: 'dev', region: REGION, endpointUrl: proxy.url },
    { name: 'orphan', region: REGION, endpointUrl: proxy.url, broken: 'missingSourceProfile' },
    { name: 'wrongkeys', region: REGION, endpointUrl: proxy.url, accessKeyId: WRONG_KEY_ID, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00' },
    { name: 'mars', region: 'xx-nowhere-1' },
    { name: 'spaces', region: 'us east 1', endpointUrl: proxy.url },
    { name: 'badurl', region: REGION, endpointUrl: 'not a url' },
  ];

  beforeEach(async () => {
    await moto.reset();
    await createFunction(moto.endpoint, REGION, FN);
    await publishVersions(moto.endpoint, REGION, FN, ['r1', 'r2', 'r3']);
    await createAlias(moto.endpoint, REGION, FN, 'prod', '2');
    await createAlias(moto.endpoint, REGION, FN, 'beta', '3');
    proxy.clearRules();
    proxy.clearLog();
    scratch = mkdtempSync(join(tmpdir(), 'lrm-bad-input-'));
    restoreEnv = applyEnv(writeAwsConfig(join(scratch, 'aws'), profiles()).env);
    services = new AwsServices(settings);
    await services.listProfiles();
  });
  afterEach(() => {
    proxy.clearRules();
    services.dispose();
    restoreEnv();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Everything a bad input could have changed: functions, code, versions, aliases and their weights. */
  async function snapshot(): Promise<unknown> {
    const functions = (await direct.send(new ListFunctionsCommand({}))).Functions ?? [];
    const state: Record<string, unknown> = {};
    for (const fn of functions) {
      const name = fn.FunctionName ?? '';
      const versions = (await direct.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? [];
      const aliases = (await direct.send(new ListAliasesCommand({ FunctionName: name }))).Aliases ?? [];
      state[name] = {
        codeSha256: fn.CodeSha256,
        versions: versions.map((v) => `${v.Version}:${v.CodeSha256}`).sort(),
        aliases: aliases.map((a) => `${a.Name}→${a.FunctionVersion} ${JSON.stringify(a.RoutingConfig?.AdditionalVersionWeights ?? {})}`).sort(),
      };
    }
    return state;
  }

  function context(): Context {
    let folders = 0;
    const ctx: Context = {
      services,
      proxy,
      moto,
      dir: scratch,
      prompts: [],
      folder(files = {}) {
        const folder = join(scratch, `ws-${folders++}`);
        mkdirSync(folder);
        for (const [path, content] of Object.entries(files)) {
          mkdirSync(join(folder, path, '..'), { recursive: true });
          writeFileSync(join(folder, path), content);
        }
        return folder;
      },
      deployFolder(folder, target = dev, functionName = FN) {
        return deploy(
          { functionName, publish: true, description: async () => 'bad input', signal: undefined },
          {
            gateway: services.lambda(target),
            buildPackage: (s) => buildPackage(folder, { signal: s }),
            confirmPackage: async (pkg) => {
              if (pkg.selection.suspectedSecrets.length) ctx.prompts.push(pkg.selection.suspectedSecrets.map((s) => s.relativePath));
            },
            codeSourceFor: async (pkg) => {
              const plan = planUpload(pkg.zip.length, '');
              if (plan.method !== 'direct') throw new Error('no bucket is set: planUpload must refuse');
              return { zipFile: pkg.zip };
            },
          },
        );
      },
      aliases(target = dev) {
        return new AliasOperations({ gateway: services.lambda(target), history: new AliasHistory(new MemoryStore()), protectedAliases: () => DEFAULT_PROTECTED_ALIASES });
      },
      async withConfig(specs, task, options = {}) {
        const restore = applyEnv({ ...writeAwsConfig(join(scratch, `aws-${folders++}`), specs, { malformedLines: options.malformedLines }).env, HOME: options.home ?? process.env.HOME });
        const own = new AwsServices(settings);
        try {
          await own.listProfiles();
          return await task(own);
        } finally {
          own.dispose();
          restore();
        }
      },
    };
    return ctx;
  }

  for (const row of rows) {
    it(`${row.input} → ${row.kind}`, async () => {
      const ctx = context();
      await row.setup?.(ctx);
      const before = await snapshot();
      proxy.clearLog();

      const outcome = await row.run(ctx).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );

      assert.ok('error' in outcome, `expected a refusal, got ${JSON.stringify((outcome as { value: unknown }).value)?.slice(0, 200)}`);
      const { error } = outcome;
      assert.ok(error instanceof ReleaseError, `a ReleaseError, not ${String(error)}`);
      assert.equal(error.kind, row.kind, error.message);
      assert.match(error.message, row.message);
      if (row.hint) assert.match(error.hint ?? '(no hint)', row.hint);
      assert.deepEqual(ctx.prompts, [], 'a refused deploy never reaches the package prompt');

      await proxy.settled();
      // JSON-protocol reads (ECR DescribeImages…) are POSTs too: only their operation name tells them apart.
      const mutations = proxy.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !row.reaches?.includes(r.operation) && !/^(Describe|Get|List)/.test(r.operation));
      assert.deepEqual(
        mutations.map((r) => r.operation),
        [],
        'no mutating request reached the endpoint',
      );
      assert.deepEqual(await snapshot(), before, 'moto state unchanged');
    });
  }

  it('names that clash on macOS or Windows (NFC vs NFD, case) are deployed with a warning, not refused (issue 14)', async () => {
    const folder = join(scratch, 'clashing-names');
    mkdirSync(folder);
    for (const name of ['caf\u00e9.js', 'cafe\u0301.js', 'Handler.js', 'handler.js']) writeFileSync(join(folder, name), `// ${name}\n`);
    const pkg = await buildPackage(folder);
    assert.equal(pkg.fileCount, 4, 'Lambda (Linux) keeps all four: every one is in the zip');
    assert.deepEqual(
      pkg.selection.nameCollisions.map((c) => c.reason),
      ['case', 'normalization'],
    );
  });

  it('the table covers every bad input of the issue', () => {
    const topics = [/malformed shared config/, /source_profile/, /expired SSO/, /UnrecognizedClient/, /InvalidSignature/, /unknown region/, /invalid endpoint URL/, /deleted while shown/, /alias name invalid/, /weight 0$/, /weight 100$/, /negative/, /not a number/, /canary to the version/, /empty workspace/, /only ignored/, /oversized zip/, /symlink escaping/, /unreadable file/, /\.lambdaignore with an invalid pattern/, /invoke: invalid JSON/, /invoke: oversized payload/, /invoke: missing event file/, /invoke: unknown qualifier/, /invoke: function deleted meanwhile/, /invoke: AccessDenied/, /invoke: throttled/, /invoke: long sync call/, /negative reserved/, /non-integer/, /above the unreserved pool/, /on \$LATEST/, /URL on a version number/, /keep-count 0/, /file name with a control character/, /folder name with a control character/];
    for (const topic of topics) assert.ok(rows.some((r) => topic.test(r.input)), `a row for ${topic}`);
  });

  it(`the permission row is not vacuous: chmod 000 ${IS_ROOT ? 'does NOT stop root in-process (hence the child as nobody)' : 'stops this process in-process'}`, async () => {
    const folder = join(scratch, 'root-reads');
    mkdirSync(folder);
    writeFileSync(join(folder, 'secret.txt'), 'x\n');
    chmodSync(join(folder, 'secret.txt'), 0o000);
    const read = await selectFiles(folder).then(
      (selection) => selection.files.map((f) => f.relativePath),
      (error: unknown) => (error as Error).message,
    );
    assert.deepEqual(read, IS_ROOT ? ['secret.txt'] : 'Cannot read secret.txt: permission denied.');
  });
});
