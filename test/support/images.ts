/**
 * Seeds container images and image functions in moto: an ECR repository, images pushed by tag
 * (PutImage with a small manifest; moto derives the digest from the manifest's layers), and a
 * function created with PackageType Image.
 */
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { TEST_KEYS } from './awsConfig';
import { createRole } from './seed';

const credentials = { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey };

export async function createRepository(endpoint: string, region: string, name: string): Promise<string> {
  const ecr = new ECRClient({ endpoint, region, credentials });
  try {
    const result = await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    return result.repository?.repositoryUri ?? '';
  } finally {
    ecr.destroy();
  }
}

/** Pushes an image (a manifest whose layer is derived from `content`) under `tag`; returns its digest. */
export async function pushImage(endpoint: string, region: string, repository: string, tag: string, content = tag): Promise<string> {
  const layer = `sha256:${createHash('sha256').update(content).digest('hex')}`;
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1, digest: layer },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: content.length, digest: layer }],
  };
  const ecr = new ECRClient({ endpoint, region, credentials });
  try {
    const result = await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: JSON.stringify(manifest), imageTag: tag }));
    return result.image?.imageId?.imageDigest ?? '';
  } finally {
    ecr.destroy();
  }
}

export async function createImageFunction(endpoint: string, region: string, name: string, imageUri: string, architecture: 'x86_64' | 'arm64' = 'x86_64'): Promise<void> {
  const role = await createRole(endpoint, region);
  const lambda = new LambdaClient({ endpoint, region, credentials });
  try {
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Role: role, PackageType: 'Image', Code: { ImageUri: imageUri }, Architectures: [architecture] }));
  } finally {
    lambda.destroy();
  }
}
