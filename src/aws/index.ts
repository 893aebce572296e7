/**
 * Entry of the lazily loaded `dist/aws.js` bundle: everything that needs the AWS SDK. The
 * extension requires it on first use (src/services.ts), so activation never parses the SDK.
 */
import { AccountIds } from './accountIds';
import { ClientFactory, MAX_INVOKE_TIMEOUT_MS, type ClientSettings } from './clients';
import { InvokeGateway } from './invokeGateway';
import { ImageGateway } from './imageGateway';
import { LambdaGateway } from './lambdaGateway';
import { LogsGateway } from './logsGateway';
import { VersionFactsGateway } from './versionFactsGateway';
import { MetricsGateway } from './metricsGateway';
import { rolloutSignals, type RolloutSignalOptions } from './rolloutSignals';
import type { RolloutSignals } from '../release/rollout/runner';
import { RequestLimiter } from './limiter';
import { listProfiles, profileLabel } from './profiles';
import { uploadPackage } from './s3Upload';
import type { CallOptions, ProfileInfo, Target } from './types';

export { ClientFactory, DEFAULT_CLIENT_SETTINGS } from './clients';
export { LambdaGateway, PAGE_SIZE, sortVersions } from './lambdaGateway';
export { InvokeGateway } from './invokeGateway';
export { ImageGateway } from './imageGateway';
export { RequestLimiter } from './limiter';
export { LogsGateway } from './logsGateway';
export { VersionFactsGateway } from './versionFactsGateway';
export { MetricsGateway } from './metricsGateway';
export { rolloutSignals } from './rolloutSignals';
export { ENVIRONMENT_PROFILE, listProfiles, profileLabel } from './profiles';
export { toReleaseError } from './errors';

export interface AwsSettings extends ClientSettings {
  /** Parallel requests per (profile, region). */
  maxConcurrentRequests: number;
}

/** The AWS side of the extension for one window: profiles, cached clients, gateways. */
export class AwsServices {
  private readonly limiter: RequestLimiter;
  private readonly clients: ClientFactory;
  private invokeTimeoutMs: number;
  private readonly accounts: AccountIds;
  private profiles = new Map<string, ProfileInfo>();
  /** The first read of the profile files; clients wait for it (a profile's endpoint_url lives there). */
  private profilesRead?: Promise<unknown>;

  constructor(settings: AwsSettings) {
    this.limiter = new RequestLimiter(settings.maxConcurrentRequests);
    this.invokeTimeoutMs = settings.invokeTimeoutMs ?? MAX_INVOKE_TIMEOUT_MS;
    this.clients = new ClientFactory(settings, (profile) => this.profiles.get(profile)?.endpointUrl);
    this.accounts = new AccountIds((target) => this.lazyClient(() => this.clients.sts(target)));
  }

  async listProfiles() {
    const reading = listProfiles().then((listing) => {
      this.profiles = new Map(listing.profiles.map((p) => [p.name, p]));
      return listing;
    });
    this.profilesRead = reading.catch(() => undefined);
    return reading;
  }

  profileLabel(name: string): string {
    return profileLabel(name);
  }

  lambda(target: Target): LambdaGateway {
    const limit = this.limiter.for(`${target.profile}|${target.region}`);
    return new LambdaGateway(this.lazyClient(() => this.clients.lambda(target)), target, limit, () => this.usesSso(target.profile));
  }

  /**
   * Invoke, outside the request limiter: an invocation may run for minutes and must not hold a
   * slot the tree's listing needs.
   */
  invoke(target: Target): InvokeGateway {
    return new InvokeGateway(this.lazyClient(() => this.clients.lambdaInvoke(target)), target, this.invokeTimeoutMs, () => this.usesSso(target.profile));
  }

  /** Concurrency, function URLs, runtime management, account limits, version deletion (same limiter as lambda()). */
  versionFacts(target: Target): VersionFactsGateway {
    return new VersionFactsGateway(this.lazyClient(() => this.clients.lambda(target)), target, this.limiter.for(`${target.profile}|${target.region}`));
  }

  /** Container-image functions: the image a function runs, ECR tag → digest. */
  images(target: Target): ImageGateway {
    const limit = this.limiter.for(`${target.profile}|${target.region}`);
    return new ImageGateway(
      this.lazyClient(() => this.clients.lambda(target)),
      this.lazyClient(() => this.clients.ecr(target)),
      target,
      limit,
      () => this.usesSso(target.profile),
    );
  }

  logs(target: Target): LogsGateway {
    return new LogsGateway(this.lazyClient(() => this.clients.logs(target)), {
      target,
      usesSso: this.profiles.get(target.profile)?.usesSso ?? false,
      limit: this.limiter.for(`${target.profile}|${target.region}`),
    });
  }

  /** CloudWatch metrics and alarms of one (profile, region). */
  metrics(target: Target): MetricsGateway {
    return new MetricsGateway(this.lazyClient(() => this.clients.cloudwatch(target)), {
      target,
      usesSso: this.usesSso(target.profile),
      limit: this.limiter.for(`${target.profile}|${target.region}`),
    });
  }

  /** What a rollout's health gate reads: metrics, alarms and the new version's log lines. */
  rolloutSignals(target: Target, options: RolloutSignalOptions = {}): RolloutSignals {
    return rolloutSignals(this.metrics(target), this.logs(target), options);
  }

  /**
   * Puts a large package into the deployment bucket, for UpdateFunctionCode with S3Bucket/S3Key.
   * The bucket must belong to the caller's own account (ExpectedBucketOwner, see s3Upload.ts).
   */
  async uploadPackage(target: Target, upload: Omit<Parameters<typeof uploadPackage>[2], 'expectedBucketOwner'>, options: CallOptions = {}): Promise<void> {
    const expectedBucketOwner = await this.accountId(target);
    return uploadPackage(this.lazyClient(() => this.clients.s3(target)), target, { ...upload, expectedBucketOwner }, options);
  }

  /** The account id of a profile (STS GetCallerIdentity), cached per profile. */
  accountId(target: Target): Promise<string> {
    return this.accounts.of(target);
  }

  private usesSso(profile: string): boolean {
    return this.profiles.get(profile)?.usesSso ?? false;
  }

  /**
   * A client whose first request waits for the profile files to be read, so a gateway made early
   * (the status bar at start-up, a deploy from the palette) never goes to AWS instead of the
   * profile's endpoint_url. Each request takes the cached client for the current endpoint.
   */
  private lazyClient<C extends { send: (...args: never[]) => Promise<unknown> }>(client: () => C): C {
    const send = async (...args: unknown[]) => {
      this.profilesRead ??= this.listProfiles().catch(() => undefined);
      await this.profilesRead;
      const real = client();
      return (real.send as (...a: unknown[]) => Promise<unknown>).apply(real, args);
    };
    return { send } as unknown as C;
  }

  /** The endpoint a profile's clients use (setting override, else the profile's endpoint_url). */
  endpointFor(profile: string): string | undefined {
    return this.clients.endpointFor(profile);
  }

  reconfigure(settings: AwsSettings): void {
    this.limiter.setConcurrency(settings.maxConcurrentRequests);
    this.invokeTimeoutMs = settings.invokeTimeoutMs ?? MAX_INVOKE_TIMEOUT_MS;
    this.clients.reconfigure(settings);
    // Another endpoint may be another account.
    this.accounts.forget();
  }

  /** Drop cached clients and credentials of one profile (or all): the next call re-reads them. */
  forgetProfile(profile?: string): void {
    this.clients.forgetProfile(profile);
    this.accounts.forget(profile);
  }

  dispose(): void {
    this.clients.dispose();
  }
}

export function createAwsServices(settings: AwsSettings): AwsServices {
  return new AwsServices(settings);
}
