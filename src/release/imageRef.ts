/**
 * Container image references, pure: parse an ECR image URI, read what the user typed for "Deploy
 * Image…" (a full URI, or just a tag / digest of the function's own repository), and write the
 * digest-pinned URI that is deployed, so what runs is exactly the image that was resolved.
 */
import { ReleaseError } from './errors';

export interface ImageRef {
  /** `123456789012.dkr.ecr.us-east-1.amazonaws.com` */
  registry: string;
  /** The account id of an ECR registry (its first label). */
  registryId?: string;
  /** The region of an ECR registry. */
  region?: string;
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** `registry/repo[:tag][@sha256:…]` → its parts; throws a validation error naming the problem. */
export function parseImageUri(uri: string): ImageRef {
  const text = uri.trim();
  const slash = text.indexOf('/');
  if (slash <= 0) throw invalid(text, 'expected REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST');
  const registry = text.slice(0, slash);
  let rest = text.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(text, 'the digest must be sha256: followed by 64 hex digits');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(text, `"${tag}" is not a valid tag`);
  }
  if (!rest || !/^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/.test(rest)) throw invalid(text, 'the repository name is not valid');
  const ecr = ECR_HOST.exec(registry);
  return { registry, registryId: ecr?.[1], region: ecr?.[2], repository: rest, tag, digest };
}

/**
 * What the user typed, as an image: a full URI, or a tag (`v2`, `:v2`) or digest (`sha256:…`,
 * `@sha256:…`) of the repository the function runs from now.
 */
export function imageFromInput(input: string, current: ImageRef | undefined): ImageRef {
  const text = input.trim();
  if (!text) throw invalid(text, 'enter an image URI or a tag');
  if (text.includes('/')) return parseImageUri(text);
  if (!current) throw invalid(text, 'give the full image URI: the function\'s current repository is unknown');
  const bare = text.replace(/^[:@]/, '');
  if (bare.startsWith('sha256:')) {
    if (!DIGEST.test(bare)) throw invalid(text, 'the digest must be sha256: followed by 64 hex digits');
    return { ...current, tag: undefined, digest: bare };
  }
  if (!TAG.test(bare)) throw invalid(text, `"${bare}" is not a valid tag`);
  return { ...current, tag: bare, digest: undefined };
}

/** The URI deployed: pinned to the digest, never a tag that can move. */
export function pinnedImageUri(ref: ImageRef, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

/** The image as a person reads it: `repo:tag` or `repo@sha256:abcdef123456`. */
export function shortImageName(ref: ImageRef): string {
  return `${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest && !ref.tag ? `@${shortDigest(ref.digest)}` : ''}`;
}

export function shortDigest(digest: string): string {
  return digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]*$/, '$1');
}

/** The last `sha256:<hex>` in a resolved image URI (what Lambda runs), if any. */
export function digestOf(resolvedImageUri: string | undefined): string | undefined {
  const matches = resolvedImageUri?.match(/sha256:[0-9a-f]{64}/g);
  return matches?.[matches.length - 1];
}

/** Lambda pulls only from ECR in the function's own region. */
export function checkImageRegion(ref: ImageRef, functionRegion: string): void {
  if (ref.region && ref.region !== functionRegion) {
    throw new ReleaseError('validation', `The image ${ref.registry}/${ref.repository} is in ${ref.region}; Lambda takes images only from ECR in the function's region, ${functionRegion}.`, {
      hint: `Push the image to a repository in ${functionRegion} (ECR replication can do it), then deploy that.`,
    });
  }
  if (!ref.registryId) {
    throw new ReleaseError('validation', `${ref.registry} is not an Amazon ECR registry: Lambda runs images only from ECR.`, {
      hint: 'Push the image to ECR in the function\'s region, then deploy that URI.',
    });
  }
}

function invalid(text: string, why: string): ReleaseError {
  return new ReleaseError('validation', `"${text}" is not an image reference: ${why}.`, {
    hint: 'e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v2, or just v2 for the function\'s repository.',
  });
}
