import * as assert from 'node:assert/strict';
import type { FunctionImage } from '../../src/aws/imageGateway';
import { DeployedNotPublishedError } from '../../src/release/deploy';
import { ReleaseError } from '../../src/release/errors';
import { deployImage, type ImageDeployDeps } from '../../src/release/imageDeploy';
import { digestOf, imageFromInput, parseImageUri, pinnedImageUri, shortImageName } from '../../src/release/imageRef';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('image references (pure)', () => {
  it('parses ECR URIs with a tag, a digest, or both', () => {
    assert.deepEqual(parseImageUri(`${REGISTRY}/team/orders:v2`), { registry: REGISTRY, registryId: '123456789012', region: 'us-east-1', repository: 'team/orders', tag: 'v2', digest: undefined });
    assert.equal(parseImageUri(`${REGISTRY}/orders@${D1}`).digest, D1);
    assert.equal(parseImageUri('localhost:5000/orders:v1').registry, 'localhost:5000', 'a port is not a tag');
    assert.equal(parseImageUri('localhost:5000/orders:v1').tag, 'v1');
    assert.throws(() => parseImageUri('orders'), /not an image reference/);
    assert.throws(() => parseImageUri(`${REGISTRY}/orders@sha256:abc`), /64 hex digits/);
    assert.throws(() => parseImageUri(`${REGISTRY}/Orders:v1`), /repository name is not valid/);
  });

  it('a bare tag or digest means the function\'s current repository', () => {
    const current = parseImageUri(`${REGISTRY}/orders:v1`);
    assert.equal(imageFromInput('v2', current).tag, 'v2');
    assert.equal(imageFromInput(':v2', current).repository, 'orders');
    assert.deepEqual([imageFromInput(`@${D2}`, current).digest, imageFromInput(`@${D2}`, current).tag], [D2, undefined]);
    assert.equal(imageFromInput(`${REGISTRY}/other:v3`, current).repository, 'other');
    assert.throws(() => imageFromInput('v2', undefined), /full image URI/);
    assert.throws(() => imageFromInput('bad tag!', current), /not a valid tag/);
  });

  it('pins to the digest, and reads the digest out of a resolved URI', () => {
    assert.equal(pinnedImageUri(parseImageUri(`${REGISTRY}/orders:v2`), D2), `${REGISTRY}/orders@${D2}`);
    assert.equal(digestOf(`${REGISTRY}/orders@${D2}`), D2);
    assert.equal(digestOf(undefined), undefined);
    assert.equal(shortImageName(parseImageUri(`${REGISTRY}/orders@${D2}`)), 'orders@sha256:222222222222');
  });
});

describe('deployImage (fakes at the gateway seam)', () => {
  function fakes(overrides: { current?: Partial<FunctionImage>; afterUpdate?: Partial<FunctionImage>; publishFails?: boolean } = {}) {
    const calls: string[] = [];
    const current: FunctionImage = { functionName: 'orders-img', packageType: 'Image', imageUri: `${REGISTRY}/orders:v1`, resolvedDigest: D1, architectures: ['x86_64'], codeSha256: '1'.repeat(64), revisionId: 'r1', ...overrides.current };
    let image = current;
    const deps: ImageDeployDeps = {
      images: {
        getFunctionImage: async () => (calls.push('getFunctionImage'), image),
        resolveDigest: async (ref) => (calls.push(`resolveDigest ${ref.tag ?? ref.digest}`), ref.tag === 'v2' ? D2 : D1),
      },
      gateway: {
        updateFunctionCode: async (_fn, code, options) => {
          calls.push(`updateFunctionCode ${'imageUri' in code ? code.imageUri : '?'} rev=${options?.revisionId}`);
          image = { ...image, imageUri: 'imageUri' in code ? code.imageUri : '', resolvedDigest: D2, codeSha256: '2'.repeat(64), revisionId: 'r2', ...overrides.afterUpdate };
          return { name: 'orders-img', arn: '' };
        },
        waitUntilUpdated: async () => (calls.push('waitUntilUpdated'), { name: 'orders-img', arn: '' }),
        publishVersion: async (_fn, guard) => {
          calls.push(`publishVersion ${guard.codeSha256} rev=${guard.revisionId}`);
          if (overrides.publishFails) throw new ReleaseError('precondition', 'changed');
          return { version: '7', existing: false, codeSha256: guard.codeSha256 };
        },
      },
    };
    return { deps, calls };
  }

  it('resolves, updates with the pinned URI and the RevisionId read, waits, then publishes the CodeSha256 read back', async () => {
    const { deps, calls } = fakes();
    const outcome = await deployImage({ functionName: 'orders-img', region: 'us-east-1', image: 'v2', publish: true }, deps);
    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.published?.version, '7');
    assert.deepEqual(calls, [
      'getFunctionImage',
      'resolveDigest v2',
      `updateFunctionCode ${REGISTRY}/orders@${D2} rev=r1`,
      'waitUntilUpdated',
      'getFunctionImage',
      `publishVersion ${'2'.repeat(64)} rev=r2`,
    ]);
  });

  it('the same digest as what runs: nothing is updated', async () => {
    const { deps, calls } = fakes();
    const outcome = await deployImage({ functionName: 'orders-img', region: 'us-east-1', image: 'v1', publish: true }, deps);
    assert.equal(outcome.status, 'alreadyDeployed');
    assert.ok(!calls.some((c) => c.startsWith('updateFunctionCode')));
  });

  it('another image deployed meanwhile (AWS would show it; moto cannot race): nothing is published', async () => {
    const { deps, calls } = fakes({ afterUpdate: { imageUri: `${REGISTRY}/orders:hotfix`, resolvedDigest: `sha256:${'9'.repeat(64)}` } });
    await assert.rejects(deployImage({ functionName: 'orders-img', region: 'us-east-1', image: 'v2', publish: true }, deps), (e: ReleaseError) => e.kind === 'precondition' && /someone else deployed meanwhile/.test(e.message));
    assert.ok(!calls.some((c) => c.startsWith('publishVersion')));
  });

  it('a failed publish says the image is deployed but not published (the command offers Publish Now)', async () => {
    const { deps } = fakes({ publishFails: true });
    await assert.rejects(deployImage({ functionName: 'orders-img', region: 'us-east-1', image: 'v2', publish: true }, deps), (e: unknown) => e instanceof DeployedNotPublishedError && e.codeSha256 === '2'.repeat(64));
  });

  it('refuses a zip function, an image in another region, and a registry that is not ECR, before any update', async () => {
    for (const [current, image, message] of [
      [{ packageType: 'Zip', imageUri: undefined }, 'v2', /is a \.zip function/],
      [{}, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v2', /is in eu-west-1; Lambda takes images only from ECR in the function's region, us-east-1/],
      [{}, 'ghcr.io/acme/orders:v2', /is not an Amazon ECR registry/],
    ] as const) {
      const { deps, calls } = fakes({ current });
      await assert.rejects(deployImage({ functionName: 'orders-img', region: 'us-east-1', image, publish: true }, deps), message);
      assert.ok(!calls.some((c) => c.startsWith('updateFunctionCode') || c.startsWith('resolveDigest')), calls.join(', '));
    }
  });
});
