/**
 * "Deploy Changed Functions" on a three-function repository (test/fixtures/monorepo) against moto
 * over HTTP with the real SDK, wired as src/commands/deploy/deployChanged.ts wires it, minus VS Code:
 * the build runs through the BuildRunner interface as a child process (ProcessBuildRunner) instead
 * of a VS Code task; Python dependencies are installed by the real pip from hand-made wheels, offline.
 *
 *  - api: Node, built by the "build api" task from src/ into dist/ (the packaged folder);
 *  - reports: Python 3.12 on arm64 with requirements (one wheel exists only for manylinux aarch64);
 *  - thumbnails: a container image following the `latest` tag in ECR.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { unzipSync } from 'fflate';
import { AwsServices, DEFAULT_CLIENT_SETTINGS } from '../../src/aws/index';
import { assessTargets, deployChosen, summarize, type Assessment, type ChangedFunctionsDeps } from '../../src/release/changedFunctions';
import { ReleaseError } from '../../src/release/errors';
import { spawnPip } from '../../src/release/pythonDepsInstaller';
import { packageTarget } from '../../src/release/targetPackage';
import { readTargets, type WorkspaceTarget } from '../../src/release/targets';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { createImageFunction, createRepository, pushImage } from '../support/images';
import { startMoto, type MotoServer } from '../support/moto';
import { ProcessBuildRunner } from '../support/processBuildRunner';
import { createFunction, createRole } from '../support/seed';
import { offlinePip, writeWheel } from '../support/wheels';

const REGION = 'us-east-1';
const FIXTURE = join(__dirname, '..', 'fixtures', 'monorepo');

describe('Deploy Changed Functions on a three-function repository (against moto_server)', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let direct: LambdaClient;
  let dir: string;
  let root: string;
  let restoreEnv: () => void;
  let services: AwsServices;
  let builds: ProcessBuildRunner;
  let deps: ChangedFunctionsDeps;
  let targets: WorkspaceTarget[];

  before(async () => {
    moto = await startMoto();
    direct = new LambdaClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey } });
  });
  after(async () => {
    direct?.destroy();
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    dir = mkdtempSync(join(tmpdir(), 'lrm-monorepo-'));
    root = join(dir, 'repo');
    cpSync(FIXTURE, root, { recursive: true });
    const wheels = join(dir, 'wheels');
    mkdirSync(wheels);
    writeWheel(wheels, { name: 'purelib', version: '1.0.0' });
    writeWheel(wheels, { name: 'nativelib', version: '2.0', tag: 'cp312-cp312-manylinux2014_aarch64', files: { 'nativelib/__init__.py': 'ARCH = "aarch64"\n' } });

    await createFunction(moto.endpoint, REGION, 'shop-api');
    const role = await createRole(moto.endpoint, REGION);
    await direct.send(new CreateFunctionCommand({ FunctionName: 'shop-reports', Runtime: 'python3.12', Handler: 'app.handler', Role: role, Architectures: ['arm64'], Code: { ZipFile: Buffer.from(readFileSync(join(FIXTURE, 'services', 'reports', 'app.py'))) } }));
    const repository = await createRepository(moto.endpoint, REGION, 'shop-thumbnails');
    await pushImage(moto.endpoint, REGION, 'shop-thumbnails', 'v1');
    await createImageFunction(moto.endpoint, REGION, 'shop-thumbnails', `${repository}:v1`);
    await pushImage(moto.endpoint, REGION, 'shop-thumbnails', 'latest', 'v2 content');

    restoreEnv = applyEnv(writeAwsConfig(join(dir, 'aws'), [{ name: 'dev', region: REGION, endpointUrl: moto.endpoint }]).env);
    services = new AwsServices({ ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 4 });
    await services.listProfiles();
    builds = new ProcessBuildRunner();
    const offline = offlinePip(wheels);
    const settings = JSON.parse(readFileSync(join(root, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const listing = readTargets(root, settings['lambdaRelease.targets'], {});
    assert.deepEqual(listing.problems, []);
    targets = listing.targets;
    deps = {
      lambda: (t) => services.lambda(t.ref.target),
      images: (t) => services.images(t.ref.target),
      packageTarget: (t, fn, signal) => packageTarget(t, fn, { builds, pythonCacheRoot: join(dir, 'pycache'), extraPipArgs: offline.extraPipArgs, runPip: spawnPip('python3', offline.env), signal }),
      codeSourceFor: async (_t, pkg) => ({ zipFile: pkg.zip }),
      description: async (t) => `monorepo ${t.name}`,
    };
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  const byName = (assessments: Assessment[]) => Object.fromEntries(assessments.map((a) => [a.target.name, a.error ? `error: ${(a.error as Error).message}` : a.state?.status]));
  const codeSha = async (name: string) => (await direct.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.CodeSha256;
  const versions = async (name: string) => ((await direct.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? []).length - 1;

  it('deploys exactly the changed functions (CodeSha256 read back), then finds nothing changed', async () => {
    const first = await assessTargets(targets, deps);
    assert.deepEqual(byName(first), { api: 'changed', reports: 'changed', thumbnails: 'changed' });
    assert.deepEqual(builds.started, ['task:build api'], 'the build task ran before packaging');
    const results = await deployChosen(first, deps, { publish: true, stopAtFirstFailure: false });
    assert.equal(summarize(results).headline, '3 deployed');
    for (const a of first) {
      if (a.state?.kind === 'zip') assert.equal(await codeSha(a.target.ref.functionName), a.state.pkg.sha256, `${a.target.name} runs the package that was built`);
    }
    const image = (await direct.send(new GetFunctionCommand({ FunctionName: 'shop-thumbnails' }))).Code?.ImageUri;
    assert.match(image ?? '', /shop-thumbnails@sha256:[0-9a-f]{64}$/, 'the image is pinned to the digest of latest');

    const second = await assessTargets(targets, deps);
    assert.deepEqual(byName(second), { api: 'unchanged', reports: 'unchanged', thumbnails: 'unchanged' });

    // Change only the Python function's handler.
    writeFileSync(join(root, 'services', 'reports', 'app.py'), `${readFileSync(join(root, 'services', 'reports', 'app.py'), 'utf8')}\n# v2\n`);
    const before = { api: await codeSha('shop-api'), thumbnails: image, apiVersions: await versions('shop-api') };
    const third = await assessTargets(targets, deps);
    assert.deepEqual(byName(third), { api: 'unchanged', reports: 'changed', thumbnails: 'unchanged' });
    const changed = third.filter((a) => a.state?.status === 'changed');
    const results3 = await deployChosen(changed, deps, { publish: true, stopAtFirstFailure: false });
    assert.equal(summarize(results3).headline, '1 deployed');
    const reports = third.find((a) => a.target.name === 'reports');
    assert.equal(await codeSha('shop-reports'), reports?.state?.kind === 'zip' ? reports.state.pkg.sha256 : 'not a zip');
    assert.equal(await codeSha('shop-api'), before.api, 'api untouched');
    assert.equal(await versions('shop-api'), before.apiVersions, 'no version published for api');
    assert.equal((await direct.send(new GetFunctionCommand({ FunctionName: 'shop-thumbnails' }))).Code?.ImageUri, before.thumbnails, 'image untouched');
  });

  it('the Python package holds its dependencies at the zip root, built for the function\'s architecture (arm64)', async () => {
    const [reports] = await assessTargets(targets.filter((t) => t.name === 'reports'), deps);
    assert.equal(reports.state?.kind, 'zip');
    if (reports.state?.kind !== 'zip') return;
    const entries = Object.keys(unzipSync(reports.state.pkg.zip)).sort();
    assert.deepEqual(
      entries.filter((e) => !e.includes('.dist-info/')),
      ['app.py', 'nativelib/__init__.py', 'purelib/__init__.py'],
      'handler and dependencies side by side at the root; requirements.txt excluded by the target',
    );
    assert.ok(entries.includes('nativelib-2.0.dist-info/WHEEL'));
    const wheel = new TextDecoder().decode(unzipSync(reports.state.pkg.zip)['nativelib-2.0.dist-info/WHEEL']);
    assert.match(wheel, /Tag: cp312-cp312-manylinux2014_aarch64/, 'the aarch64 wheel, though this machine is not arm64');
  });

  it('a failing build stops only its function; the others deploy', async () => {
    writeFileSync(join(root, 'services', 'api', 'src', 'BROKEN'), '');
    const apiBefore = await codeSha('shop-api');
    const assessed = await assessTargets(targets, deps);
    const api = assessed.find((a) => a.target.name === 'api');
    assert.ok(api?.error instanceof ReleaseError);
    assert.match((api.error as Error).message, /^The build of api \(task "build api"\) failed with exit code 2: api was not deployed\.$/);
    assert.match(builds.output, /error TS1005/, 'the build\'s own output is there to read');
    const deployable = assessed.filter((a) => a.state?.status === 'changed');
    assert.deepEqual(deployable.map((a) => a.target.name), ['reports', 'thumbnails']);
    const results = await deployChosen(deployable, deps, { publish: true, stopAtFirstFailure: false });
    assert.equal(summarize(results).headline, '2 deployed');
    assert.equal(await codeSha('shop-api'), apiBefore);
  });

  it('one failure does not stop the others', async () => {
    const assessed = await assessTargets(targets, deps);
    await direct.send(new DeleteFunctionCommand({ FunctionName: 'shop-api' })); // gone between the pick and the deploy
    const results = await deployChosen(assessed, deps, { publish: false, stopAtFirstFailure: false });
    assert.deepEqual(results.map((r) => r.status), ['failed', 'deployed', 'deployed']);
    assert.match(summarize(results).lines[0], /^api \(shop-api, profile \w+, [a-z0-9-]+\): failed: .*Function not found/);
  });

  it('"stop at first failure" leaves the rest untouched and says so', async () => {
    const assessed = await assessTargets(targets, deps);
    const reportsBefore = await codeSha('shop-reports');
    await direct.send(new DeleteFunctionCommand({ FunctionName: 'shop-api' }));
    const results = await deployChosen(assessed, deps, { publish: false, stopAtFirstFailure: true });
    assert.deepEqual(results.map((r) => r.status), ['failed', 'notStarted', 'notStarted']);
    assert.match(results[1].detail, /^not started: stopped at the first failure \(api\)\.$/);
    assert.equal(await codeSha('shop-reports'), reportsBefore);
  });
});
