/**
 * Deploy and publish against moto_server over HTTP with the real SDK, wired as
 * src/commands/deploy/deployFlow.ts wires them (minus vscode): AwsServices from a temporary shared config
 * whose endpoint_url points at moto, buildPackage over a temporary workspace folder, planUpload and
 * the S3 route for packages over 50 MB.
 *
 * moto's GetFunction Code.Location cannot be downloaded, so what was deployed is checked through
 * the zip that was built (its entries, its SHA-256) and the CodeSha256 moto computed from the
 * upload. Conflicts, failed updates and the CodeSha256 / RevisionId guards (moto does not produce
 * or enforce them) are covered with fakes in test/unit/deploy.test.ts; connection faults in
 * test/integration/faults.test.ts.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, type AwsSettings } from '../../src/aws/index';
import type { Target } from '../../src/aws/types';
import { deploy, type DeployOutcome, type DeployStep } from '../../src/release/deploy';
import { ReleaseError } from '../../src/release/errors';
import { DIRECT_UPLOAD_LIMIT_BYTES, planUpload } from '../../src/release/packageLimits';
import { buildPackage } from '../../src/release/packaging';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { startMoto, type MotoServer } from '../support/moto';
import { createImageFunction } from '../support/images';
import { createFunction, handlerZip, publishVersions } from '../support/seed';

const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 8 };
const target: Target = { profile: 'dev', region: 'us-east-1' };
const FUNCTION = 'orders-api';

/** What src/ui/workspaceBinding.ts readBinding() returns for a bound workspace. */
interface Binding {
  ref: { target: Target; functionName: string };
  sourceFolder: string;
}

interface RunOptions {
  publish?: boolean;
  description?: string;
  /** lambdaRelease.deploymentBucket */
  bucket?: string;
  steps?: [DeployStep, number, number][];
  /** Gateway methods deploy() called, in order (moto leaves LastModified as it was on an update). */
  calls?: string[];
  /** The "files look like secrets, deploy anyway?" prompts deployFlow would show (their file lists); answered yes. */
  prompts?: string[][];
  /** How the package build ended: 'built', or the name of what it threw. */
  build?: string[];
}

/** The gateway with every method call deploy() makes recorded by name (internal calls are not). */
function recording<T extends object>(gateway: T, calls: string[] | undefined): T {
  if (!calls) return gateway;
  return new Proxy(gateway, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/** src/commands/deploy/deployFlow.ts runDeploy(), without the editor: same deps, same S3 key scheme. */
function runDeploy(services: AwsServices, binding: Binding, run: RunOptions = {}): Promise<DeployOutcome> {
  const { ref, sourceFolder } = binding;
  return deploy(
    {
      functionName: ref.functionName,
      publish: run.publish ?? true,
      description: async () => run.description,
      onStep: (step, index, total) => run.steps?.push([step, index, total]),
    },
    {
      gateway: recording(services.lambda(ref.target), run.calls),
      buildPackage: (signal) =>
        buildPackage(sourceFolder, { extraExcludes: [], signal }).then(
          (pkg) => (run.build?.push('built'), pkg),
          (error: unknown) => {
            run.build?.push((error as Error).name);
            throw error;
          },
        ),
      confirmPackage: async (pkg) => {
        if (pkg.selection.suspectedSecrets.length) run.prompts?.push(pkg.selection.suspectedSecrets.map((s) => s.relativePath));
      },
      codeSourceFor: async (pkg, signal) => {
        const plan = planUpload(pkg.zip.length, run.bucket);
        if (plan.method === 'direct') return { zipFile: pkg.zip };
        const hex = createHash('sha256').update(pkg.zip).digest('hex');
        const key = `lambda-release/${ref.functionName}/${hex}.zip`;
        await services.uploadPackage(ref.target, { bucket: plan.bucket, key, body: pkg.zip, sha256: pkg.sha256 }, { signal });
        return { s3Bucket: plan.bucket, s3Key: key };
      },
    },
  );
}

function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** A workspace with code, and things that must never ship: .env, .git/, a private key. */
function sampleWorkspace(root: string): void {
  writeFiles(root, {
    'index.js': "exports.handler = async () => ({ statusCode: 200, body: require('./lib/util').greet() });\n",
    'lib/util.js': "exports.greet = () => 'hello';\n",
    'package.json': '{ "name": "orders-api", "version": "1.0.0" }\n',
    'README.md': '# orders-api\n',
    '.lambdaignore': '*.md\n',
    '.env': 'API_KEY=not-for-lambda\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/config': '[core]\n\trepositoryformatversion = 0\n',
    id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n',
  });
}

/** Entry names of a zip, read from its central directory (enough to check what was packed). */
function zipEntryNames(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'central directory header');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const base64Sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

describe('deploy and publish (against moto_server)', function () {
  let moto: MotoServer;
  let dir: string;
  let workspace: string;
  let restoreEnv: () => void;
  let services: AwsServices;
  let binding: Binding;

  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
  });
  after(async () => {
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    dir = mkdtempSync(join(tmpdir(), 'lrm-deploy-'));
    workspace = join(dir, 'workspace');
    sampleWorkspace(workspace);
    restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: 'dev', region: 'us-east-1', endpointUrl: moto.endpoint }]).env);
    services = new AwsServices(settings);
    await services.listProfiles();
    await createFunction(moto.endpoint, target.region, FUNCTION);
    binding = { ref: { target, functionName: FUNCTION }, sourceFolder: workspace };
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bind → deploy: the zip leaves out .env, .git/ and id_rsa; CodeSha256 equals the zip; version 1 is listed with it', async () => {
    const steps: [DeployStep, number, number][] = [];
    const calls: string[] = [];
    const outcome = await runDeploy(services, binding, { description: 'a1b2c3d First release', steps, calls });
    // The newest published version is read while Lambda settles the update, for the publish step.
    assert.deepEqual(calls, ['getFunction', 'updateFunctionCode', 'latestPublishedVersion', 'waitUntilUpdated', 'publishVersion']);

    assert.equal(outcome.status, 'deployed');
    assert.deepEqual(steps, [
      ['package', 1, 4],
      ['upload', 2, 4],
      ['wait', 3, 4],
      ['publish', 4, 4],
    ]);
    assert.deepEqual(zipEntryNames(outcome.pkg.zip), ['index.js', 'lib/util.js', 'package.json']);
    const sha = base64Sha256(outcome.pkg.zip);
    assert.equal(outcome.codeSha256, sha);

    const gateway = services.lambda(target);
    const fn = await gateway.getFunction(FUNCTION);
    assert.equal(fn.codeSha256, sha, 'moto computed the same CodeSha256 from the upload');
    assert.equal(fn.codeSize, outcome.pkg.zip.length);
    assert.equal(fn.lastUpdateStatus, 'Successful');

    assert.deepEqual(outcome.published, { version: '1', codeSha256: sha, description: 'a1b2c3d First release', existing: false });
    const versions = await gateway.listVersions(FUNCTION);
    assert.deepEqual(
      versions.map((v) => [v.version, v.codeSha256, v.description]),
      [
        ['$LATEST', sha, undefined],
        ['1', sha, 'a1b2c3d First release'],
      ],
    );
  });

  it('redeploy of unchanged files is skipped ("alreadyDeployed": no upload, no new version); a changed file deploys version 2', async () => {
    const first = await runDeploy(services, binding);
    const gateway = services.lambda(target);
    const before = await gateway.getFunction(FUNCTION);
    const versionsBefore = await gateway.listVersions(FUNCTION);

    const steps: [DeployStep, number, number][] = [];
    const calls: string[] = [];
    const again = await runDeploy(services, binding, { steps, calls });
    assert.equal(again.status, 'alreadyDeployed');
    assert.equal(again.codeSha256, first.codeSha256, 'the same files give the same zip');
    assert.equal(again.codeSha256, before.codeSha256);
    assert.equal(again.published, undefined);
    assert.deepEqual(steps, [['package', 1, 4]]);
    assert.deepEqual(calls, ['getFunction'], 'no UpdateFunctionCode, no PublishVersion');
    assert.equal((await gateway.listVersions(FUNCTION)).length, versionsBefore.length, 'no new version');

    writeFileSync(join(workspace, 'lib/util.js'), "exports.greet = () => 'hello again';\n");
    const changed = await runDeploy(services, binding);
    assert.equal(changed.status, 'deployed');
    assert.notEqual(changed.codeSha256, first.codeSha256);
    assert.equal(changed.published?.version, '2');
    const latest = (await gateway.listVersions(FUNCTION)).find((v) => v.version === '2');
    assert.equal(latest?.codeSha256, changed.codeSha256);
  });

  it('with publishOnDeploy off: three steps, $LATEST updated, nothing published', async () => {
    const steps: [DeployStep, number, number][] = [];
    const outcome = await runDeploy(services, binding, { publish: false, steps });
    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.published, undefined);
    assert.deepEqual(
      steps.map(([, index, total]) => `${index}/${total}`),
      ['1/3', '2/3', '3/3'],
    );
    const gateway = services.lambda(target);
    assert.equal((await gateway.getFunction(FUNCTION)).codeSha256, outcome.codeSha256);
    assert.deepEqual(
      (await gateway.listVersions(FUNCTION)).map((v) => v.version),
      ['$LATEST'],
    );
  });

  it('publish alone after a manual code change publishes exactly once; a second publish returns the existing version', async () => {
    // A function with a release history. (moto quirk: on a function with no version yet, the first
    // publish after an update leaves its "changed" flag set, so a second publish would add another.)
    await publishVersions(moto.endpoint, target.region, FUNCTION, ['release 1']);
    // Then someone deploys by hand (console, CLI): new code on $LATEST, no version.
    const manual = await handlerZip(FUNCTION, 5);
    const lambda = new LambdaClient({ endpoint: moto.endpoint, region: target.region, credentials: TEST_KEYS });
    try {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: FUNCTION, ZipFile: manual }));
    } finally {
      lambda.destroy();
    }

    // As src/commands/deploy/publishVersion.ts does: read $LATEST, publish exactly that code.
    const gateway = services.lambda(target);
    const publishLatest = async () => {
      const current = await gateway.getFunction(FUNCTION);
      return gateway.publishVersion(FUNCTION, { codeSha256: current.codeSha256 ?? '', revisionId: current.revisionId, description: 'hotfix' });
    };
    const first = await publishLatest();
    assert.deepEqual(first, { version: '2', codeSha256: base64Sha256(manual), description: 'hotfix', existing: false });
    const second = await publishLatest();
    assert.equal(second.version, '2');
    assert.equal(second.existing, true, 'nothing changed: Lambda returned the published version');
    assert.deepEqual(
      (await gateway.listVersions(FUNCTION)).map((v) => [v.version, v.codeSha256 === base64Sha256(manual)]),
      [
        ['$LATEST', true],
        ['2', true],
        ['1', false],
      ],
      'published exactly once',
    );
  });

  it('deploy to a function that does not exist: the lookup error alone — nothing is packaged, the secret-files prompt never appears, nothing is uploaded', async () => {
    writeFiles(workspace, { 'config/signing.txt': '-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----\n' });
    const prompts: string[][] = [];
    const build: string[] = [];
    const calls: string[] = [];
    const missing = { ...binding, ref: { target, functionName: 'no-such-function' } };
    const error = await runDeploy(services, missing, { prompts, build, calls }).then(
      () => assert.fail('expected notFound'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ReleaseError && error.kind === 'notFound', String(error));
    assert.match(error.message, /no-such-function/);
    assert.deepEqual(build, [], 'no package was built for a deploy that cannot happen');
    assert.deepEqual(calls, ['getFunction'], 'no upload, no wait, no publish');
    // The same workspace deployed to the real function does prompt: the prompt is wired, not absent.
    await runDeploy(services, binding, { prompts });
    assert.deepEqual(prompts, [['config/signing.txt']], 'one prompt: the successful deploy\'s, none from the failed one');
  });

  it('zip deploy to a container-image function (moto: CreateFunction with PackageType Image) is refused before packaging, saying what to do instead', async () => {
    await createImageFunction(moto.endpoint, target.region, 'orders-image', `123456789012.dkr.ecr.${target.region}.amazonaws.com/orders-image:v1`);
    const build: string[] = [];
    const calls: string[] = [];
    const lambda = new LambdaClient({ endpoint: moto.endpoint, region: target.region, credentials: TEST_KEYS });
    const read = () => lambda.send(new GetFunctionCommand({ FunctionName: 'orders-image' }));
    const before = await read();
    assert.equal(before.Configuration?.PackageType, 'Image', 'moto made an image function');
    const error = await runDeploy(services, { ...binding, ref: { target, functionName: 'orders-image' } }, { build, calls }).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ReleaseError && error.kind === 'validation', String(error));
    assert.match(error.message, /^orders-image is a container-image function \(PackageType Image\)/);
    assert.match(error.hint ?? '', /container tooling/);
    assert.deepEqual(build, [], 'nothing packaged');
    assert.deepEqual(calls, ['getFunction'], 'nothing uploaded');
    const after = await read();
    lambda.destroy();
    assert.equal(after.Configuration?.CodeSha256, before.Configuration?.CodeSha256);
    assert.equal(after.Code?.ImageUri, before.Code?.ImageUri);
  });

  it('deploy round trip against moto (package → upload → wait → publish), timings printed, not asserted', async () => {
    const rounds = 5;
    const timings: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      writeFileSync(join(workspace, 'lib/util.js'), `exports.greet = () => 'hello ${round}';\n`);
      const started = performance.now();
      const outcome = await runDeploy(services, binding);
      timings.push(performance.now() - started);
      assert.equal(outcome.published?.version, String(round));
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `      [bench] deploy round trip (3 files, publish on) against moto: median ${sorted[Math.floor(rounds / 2)].toFixed(0)} ms, ` +
        `min ${sorted[0].toFixed(0)} ms, max ${sorted[rounds - 1].toFixed(0)} ms over ${rounds} deploys`,
    );
  });

  describe('packages over 50 MB (a generated incompressible file)', function () {
    this.timeout(120_000);
    let large: string;

    beforeEach(function () {
      large = join(dir, 'large');
      const started = performance.now();
      writeFiles(large, { 'index.js': 'exports.handler = async () => 1;\n', 'model.bin': randomBytes(DIRECT_UPLOAD_LIMIT_BYTES + 1024 * 1024) });
      console.log(`      [bench] wrote a ${((DIRECT_UPLOAD_LIMIT_BYTES + 1024 * 1024) / 1024 / 1024).toFixed(0)} MB random file in ${(performance.now() - started).toFixed(0)} ms`);
    });

    it('without lambdaRelease.deploymentBucket: stops before upload with a message naming the 50 MB limit and the setting', async () => {
      const gateway = services.lambda(target);
      const before = await gateway.getFunction(FUNCTION);
      const calls: string[] = [];
      const started = performance.now();
      await assert.rejects(runDeploy(services, { ...binding, sourceFolder: large }, { calls }), (error: unknown) => {
        assert.ok(error instanceof ReleaseError, String(error));
        assert.equal(error.kind, 'limit');
        assert.match(error.message, /^The zip is 51\.\d MB; Lambda accepts at most 50\.0 MB in a direct upload\.$/);
        assert.match(error.hint ?? '', /lambdaRelease\.deploymentBucket/);
        return true;
      });
      console.log(`      [bench] package + limit check of the 51 MB folder: ${(performance.now() - started).toFixed(0)} ms`);
      assert.deepEqual(calls, ['getFunction'], 'stopped before UpdateFunctionCode');
      assert.equal((await gateway.getFunction(FUNCTION)).codeSha256, before.codeSha256, 'the function still runs its old code');
    });

    it('with lambdaRelease.deploymentBucket (moto supports UpdateFunctionCode with S3Bucket/S3Key): PutObject, then deploy from the bucket', async () => {
      const bucket = 'lrm-deployments';
      const s3 = new S3Client({ endpoint: moto.endpoint, region: target.region, credentials: TEST_KEYS, forcePathStyle: true });
      try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        const started = performance.now();
        const outcome = await runDeploy(services, { ...binding, sourceFolder: large }, { bucket, description: 'large' });
        console.log(`      [bench] S3 route deploy of the 51 MB folder (package, PutObject, UpdateFunctionCode, publish): ${(performance.now() - started).toFixed(0)} ms`);

        assert.equal(outcome.status, 'deployed');
        assert.ok(outcome.pkg.zip.length > DIRECT_UPLOAD_LIMIT_BYTES, 'the zip really is over the direct-upload limit');
        assert.deepEqual(zipEntryNames(outcome.pkg.zip), ['index.js', 'model.bin']);
        const hex = createHash('sha256').update(outcome.pkg.zip).digest('hex');
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `lambda-release/${FUNCTION}/${hex}.zip` }));
        assert.equal(head.ContentLength, outcome.pkg.zip.length, 'the package went to the bucket');

        const fn = await services.lambda(target).getFunction(FUNCTION);
        assert.equal(fn.codeSha256, base64Sha256(outcome.pkg.zip), 'Lambda (moto) took the code from the bucket');
        assert.equal(outcome.published?.codeSha256, fn.codeSha256);
        assert.equal(outcome.published?.version, '1');
      } finally {
        s3.destroy();
      }
    });
  });
});
