/**
 * Container-image functions: what image a function runs (GetFunction's Code), and tag → digest
 * through ECR DescribeImages, so a deploy pins the exact image. The code update itself goes through
 * LambdaGateway.updateFunctionCode (ImageUri), which already waits out a concurrent update.
 */
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ReleaseError } from '../release/errors';
import { digestOf, type ImageRef } from '../release/imageRef';
import type { ErrorContext } from './errors';
import { callLimited } from './gatewayCall';
import type { Limit } from './limiter';
import type { CallOptions, Target } from './types';

export interface FunctionImage {
  functionName: string;
  /** `Image` or `Zip`. */
  packageType: string;
  /** The URI the function was given (a tag or a digest). */
  imageUri?: string;
  /** The digest Lambda resolved it to when the code was last set. */
  resolvedDigest?: string;
  architectures: string[];
  codeSha256?: string;
  revisionId?: string;
}

export class ImageGateway {
  constructor(
    private readonly lambda: Pick<LambdaClient, 'send'>,
    private readonly ecr: Pick<ECRClient, 'send'>,
    readonly target: Target,
    private readonly limit: Limit = (task) => task(),
    private readonly usesSso: () => boolean = () => false,
  ) {}

  /** The function's package type, image and architecture ($LATEST, or a version / alias). */
  async getFunctionImage(functionName: string, options: CallOptions & { qualifier?: string } = {}): Promise<FunctionImage> {
    const result = await this.call(`read the image of ${functionName}`, options, (abortSignal) =>
      this.lambda.send(new GetFunctionCommand({ FunctionName: functionName, Qualifier: options.qualifier }), { abortSignal }),
    );
    const config = result.Configuration ?? {};
    return {
      functionName,
      packageType: config.PackageType ?? 'Zip',
      imageUri: result.Code?.ImageUri,
      resolvedDigest: digestOf(result.Code?.ResolvedImageUri),
      architectures: config.Architectures ?? ['x86_64'],
      codeSha256: config.CodeSha256,
      revisionId: config.RevisionId,
    };
  }

  /**
   * The digest of an image in ECR: a tag is looked up (it may have moved since the push), a digest
   * is checked to exist. A missing repository, tag or digest is a notFound error naming it.
   */
  async resolveDigest(ref: ImageRef, options: CallOptions = {}): Promise<string> {
    const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
    const label = `${ref.repository}${ref.digest ? `@${ref.digest}` : `:${imageId.imageTag}`}`;
    try {
      const result = await this.call(`look up image ${label} in ECR`, options, (abortSignal) =>
        this.ecr.send(new DescribeImagesCommand({ repositoryName: ref.repository, registryId: ref.registryId, imageIds: [imageId] }), { abortSignal }),
      );
      const digest = result.imageDetails?.[0]?.imageDigest;
      if (!digest) throw new ReleaseError('notFound', `ECR returned no digest for ${label}.`);
      return digest;
    } catch (error) {
      const name = ((error as ReleaseError).cause as { name?: string } | undefined)?.name;
      if (name === 'ImageNotFoundException') {
        throw new ReleaseError('notFound', `There is no image ${label} in ${ref.registry} (${this.target.region}).`, {
          hint: ref.digest ? 'Check the digest (docker images --digests).' : `Push the tag first (docker push ${ref.registry}/${ref.repository}:${imageId.imageTag}), or pick another tag.`,
          cause: error,
        });
      }
      if (name === 'RepositoryNotFoundException') {
        throw new ReleaseError('notFound', `There is no ECR repository ${ref.repository} in ${ref.registry}.`, {
          hint: 'Check the repository name and the function\'s region.',
          cause: error,
        });
      }
      throw error;
    }
  }

  private call<T>(action: string, options: CallOptions, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    return callLimited(this.limit, () => this.context(action), options.signal, run);
  }

  private context(action: string): ErrorContext {
    return { action, profile: this.target.profile, region: this.target.region, usesSso: this.usesSso() };
  }
}
