/**
 * Container-image functions against moto over HTTP with the real SDK, wired as
 * src/commands/deploy/deployImage.ts wires them: ECR resolves a tag to a digest, the function is
 * updated with the digest-pinned ImageUri, waited for and published.
 *
 * moto differs from AWS for image functions: its ResolvedImageUri and CodeSha256 are not the ECR
 * digest (they are a hash moto makes up), so "what the function runs" is read back through
 * Code.ImageUri, which both moto and AWS return as it was set (pinned to the digest here). The
 * "someone else deployed another image meanwhile" guard is covered with a fake at the gateway
 * seam in test/unit/imageDeploy.test.ts.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetFunctionCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { AwsServices, DEFAULT_CLIENT_SETTINGS } from '../../src/aws/index';
import type { Target } from '../../src/aws/types';
import { ReleaseError } from '../../src/release/errors';
import { deployImage, type ImageDeployStep } from '../../src/release/imageDeploy';
import { applyEnv, TEST_KEYS, writeAwsConfig } from '../support/awsConfig';
import { createImageFunction, createRepository, pushImage } from '../support/images';
import { startMoto, type MotoServer } from '../support/moto';
import { createFunction } from '../support/seed';

const REGION = 'us-east-1';
const target: Target = { profile: 'dev', region: REGION };

describe('container-image functions (against moto_server)', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let dir: string;
  let restoreEnv: () => void;
  let services: AwsServices;
  let direct: LambdaClient;
  let repositoryUri: string;
  let v1: string;
  let v2: string;

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
    repositoryUri = await createRepository(moto.endpoint, REGION, 'orders-img');
    v1 = await pushImage(moto.endpoint, REGION, 'orders-img', 'v1');
    v2 = await pushImage(moto.endpoint, REGION, 'orders-img', 'v2');
    await createImageFunction(moto.endpoint, REGION, 'orders-img', `${repositoryUri}:v1`, 'arm64');
    dir = mkdtempSync(join(tmpdir(), 'lrm-images-'));
    restoreEnv = applyEnv(writeAwsConfig(dir, [{ name: 'dev', region: REGION, endpointUrl: moto.endpoint }]).env);
    services = new AwsServices({ ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 4 });
    await services.listProfiles();
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => ({ images: services.images(target), gateway: services.lambda(target) });

  it('the tree\'s view of an image function: package type, image URI, digest, architecture', async () => {
    assert.notEqual(v1, v2, 'two distinct images were pushed');
    const [listed] = (await services.lambda(target).listFunctions()).filter((f) => f.name === 'orders-img');
    assert.equal(listed.packageType, 'Image');
    assert.deepEqual(listed.architectures, ['arm64']);
    const image = await services.images(target).getFunctionImage('orders-img');
    assert.equal(image.imageUri, `${repositoryUri}:v1`);
    assert.match(image.resolvedDigest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(image.architectures, ['arm64']);
  });

  it('deploys a tag as its exact digest, waits, publishes, and reads back the pinned image', async () => {
    const steps: ImageDeployStep[] = [];
    const outcome = await deployImage(
      { functionName: 'orders-img', region: REGION, image: 'v2', publish: true, description: async () => 'image v2', onStep: (s) => steps.push(s) },
      deps(),
    );
    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.digest, v2, 'the digest ECR has for tag v2');
    assert.equal(outcome.imageUri, `${repositoryUri}@${v2}`);
    assert.deepEqual(steps, ['resolve', 'update', 'wait', 'publish']);
    const now = await direct.send(new GetFunctionCommand({ FunctionName: 'orders-img' }));
    assert.equal(now.Code?.ImageUri, `${repositoryUri}@${v2}`, 'the function runs the pinned digest, not the movable tag');
    const versions = (await direct.send(new ListVersionsByFunctionCommand({ FunctionName: 'orders-img' }))).Versions ?? [];
    assert.deepEqual(versions.map((v) => v.Version), ['$LATEST', outcome.published?.version]);
    assert.equal(versions[1].Description, 'image v2');

    // A full URI by digest of the same image: nothing to do.
    const again = await deployImage({ functionName: 'orders-img', region: REGION, image: `${repositoryUri}@${v2}`, publish: true }, deps());
    assert.equal(again.status, 'alreadyDeployed');
  });

  it('a tag that does not exist is refused naming it; the function is unchanged', async () => {
    await assert.rejects(
      deployImage({ functionName: 'orders-img', region: REGION, image: 'v9', publish: true }, deps()),
      (error: ReleaseError) => error.kind === 'notFound' && /There is no image orders-img:v9 in 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/.test(error.message) && /docker push/.test(error.hint ?? ''),
    );
    assert.equal((await direct.send(new GetFunctionCommand({ FunctionName: 'orders-img' }))).Code?.ImageUri, `${repositoryUri}:v1`);
  });

  it('an image deploy to a .zip function is refused before anything is resolved or changed', async () => {
    await createFunction(moto.endpoint, REGION, 'orders-zip');
    await assert.rejects(
      deployImage({ functionName: 'orders-zip', region: REGION, image: `${repositoryUri}:v2`, publish: true }, deps()),
      (error: ReleaseError) => error.kind === 'validation' && /orders-zip is a \.zip function: it cannot run a container image/.test(error.message),
    );
  });
});
