import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { ECRClient } from '@aws-sdk/client-ecr';
import { STSClient } from '@aws-sdk/client-sts';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialHelperFailure, describeCredentialHelperFailure } from '../release/redaction';
import { assertAllowedEndpoint } from './endpointPolicy';
import { ENVIRONMENT_PROFILE } from './profiles';
import type { Target } from './types';

export interface ClientSettings {
  /**
   * lambdaRelease.endpointUrl from the USER's settings only (a workspace cannot set it, see
   * src/release/workspaceSettingRules.ts): overrides every profile's endpoint (e.g. a local emulator).
   */
  endpointOverride?: string;
  /** Total attempts including the first, for the SDK's adaptive retry strategy. */
  maxAttempts: number;
  /** Per-request timeouts, so a slow endpoint never hangs a command. */
  connectionTimeoutMs: number;
  /** A call with no bytes moving either way for this long is abandoned (and retried). */
  requestTimeoutMs: number;
  /**
   * Limit of one Invoke (a synchronous call may legitimately run Lambda's 15 minutes with no byte
   * moving): the invoke client's idle-socket limit, instead of requestTimeoutMs. Default 900 s.
   */
  invokeTimeoutMs?: number;
}

/** Lambda's longest function time-out: the default limit of a synchronous invoke. */
export const MAX_INVOKE_TIMEOUT_MS = 900_000;
/** The invoke gateway's own deadline ends a call first, with a message naming the invoke limit. */
const INVOKE_SOCKET_GRACE_MS = 5_000;

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = { maxAttempts: 5, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };

type ClientKind = 'lambda' | 'lambdaInvoke' | 'logs' | 's3' | 'cloudwatch' | 'ecr' | 'sts';
type AnyClient = LambdaClient | CloudWatchLogsClient | S3Client | CloudWatchClient | ECRClient | STSClient;

/** How long a replaced client may finish what it was doing before its sockets are closed. */
const RETIRED_CLIENT_GRACE_MS = 60_000;

/**
 * One SDK client per (service, profile, region), created on first use and cached. Credentials
 * come from the SDK's own chain (`fromIni` covers static keys, assume-role, SSO and
 * credential_process) and are cached per profile by the provider.
 */
export class ClientFactory {
  private readonly clients = new Map<string, AnyClient>();
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(
    private settings: ClientSettings,
    /** endpoint_url per profile from the shared config. */
    private readonly profileEndpoint: (profile: string) => string | undefined = () => undefined,
  ) {}

  lambda(target: Target): LambdaClient {
    return this.get('lambda', target, (config) => new LambdaClient(config));
  }

  /**
   * A Lambda client for Invoke only: its socket limit is the invoke limit (not requestTimeoutMs),
   * and it never retries, because a retried invocation runs the function (and its side effects) twice.
   */
  lambdaInvoke(target: Target): LambdaClient {
    return this.get('lambdaInvoke', target, (config) => {
      const invokeTimeoutMs = this.settings.invokeTimeoutMs ?? MAX_INVOKE_TIMEOUT_MS;
      return new LambdaClient({ ...config, maxAttempts: 1, requestHandler: { connectionTimeout: this.settings.connectionTimeoutMs, socketTimeout: invokeTimeoutMs + INVOKE_SOCKET_GRACE_MS } });
    });
  }

  logs(target: Target): CloudWatchLogsClient {
    return this.get('logs', target, (config) => new CloudWatchLogsClient(config));
  }

  /** CloudWatch metrics and alarms (the rollout's health gate). */
  cloudwatch(target: Target): CloudWatchClient {
    return this.get('cloudwatch', target, (config) => new CloudWatchClient(config));
  }

  s3(target: Target): S3Client {
    return this.get('s3', target, (config) => new S3Client({ ...config, forcePathStyle: Boolean(config.endpoint) }));
  }

  /** ECR, for tag → digest of container-image functions. */
  ecr(target: Target): ECRClient {
    return this.get('ecr', target, (config) => new ECRClient(config));
  }

  sts(target: Target): STSClient {
    return this.get('sts', target, (config) => new STSClient(config));
  }

  /** Settings changed: the next call gets a new client with the new endpoint / retries / time-outs. */
  reconfigure(settings: ClientSettings): void {
    this.settings = settings;
    this.forgetProfile();
  }

  /**
   * Forget the clients (and so the cached credentials) of one profile, or of every profile: after
   * `aws sso login` or new keys, a refresh must not keep using what the SDK cached.
   */
  forgetProfile(profile?: string): void {
    if (profile === undefined) this.credentials.clear();
    else this.credentials.delete(profile);
    for (const [key, client] of this.clients) {
      if (profile !== undefined && key.split('|')[1] !== profile) continue;
      // Requests in flight (an upload, a log tail) may finish: the sockets close a minute later.
      this.clients.delete(key);
      setTimeout(() => client.destroy(), RETIRED_CLIENT_GRACE_MS).unref();
    }
  }

  dispose(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.credentials.clear();
  }


  endpointFor(profile: string): string | undefined {
    return this.settings.endpointOverride || this.profileEndpoint(profile) || undefined;
  }

  private get<T extends AnyClient>(
    kind: ClientKind,
    target: Target,
    create: (config: ReturnType<ClientFactory['clientConfig']>) => T,
  ): T {
    // The endpoint is part of the key: after the profile files change, a refresh gets a client for the new endpoint.
    const key = `${kind}|${target.profile}|${target.region}|${this.endpointFor(target.profile) ?? ''}`;
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = create(this.clientConfig(target));
      this.clients.set(key, client);
    }
    return client;
  }

  private clientConfig(target: Target) {
    const endpoint = this.endpointFor(target.profile);
    // Checked before the client exists, so a refused endpoint never sees a request.
    if (endpoint) assertAllowedEndpoint(endpoint, this.settings.endpointOverride ? { kind: 'setting' } : { kind: 'profile', profile: target.profile });
    return {
      region: target.region,
      credentials: this.credentialsFor(target.profile),
      endpoint,
      // The endpoint is decided above, per profile. Left on, the SDK would apply the endpoint_url
      // of `default` (or AWS_PROFILE) to every profile that has none of its own.
      ignoreConfiguredEndpointUrls: true,
      retryMode: 'adaptive' as const,
      maxAttempts: this.settings.maxAttempts,
      // socketTimeout, not requestTimeout: the handler only logs a warning when requestTimeout
      // passes (unless throwOnRequestTimeout), so a hung call would hang forever; an idle-socket
      // limit ends a call that makes no progress without cutting a slow but moving upload.
      requestHandler: { connectionTimeout: this.settings.connectionTimeoutMs, socketTimeout: this.settings.requestTimeoutMs },
    };
  }

  private credentialsFor(profile: string): AwsCredentialIdentityProvider {
    let provider = this.credentials.get(profile);
    if (!provider) {
      // ignoreCache: after `aws configure` or an edit, a refresh must read the files again.
      provider = withHelperOutputWithheld(profile === ENVIRONMENT_PROFILE ? fromEnv() : fromIni({ profile, ignoreCache: true }));
      this.credentials.set(profile, provider);
    }
    return provider;
  }
}

/**
 * A failing credential_process leaves its command line and stderr in the SDK's error: it is
 * replaced at the source by an error that carries only the helper's program name (see
 * src/release/redaction.ts), and the original is dropped, not kept as `cause`.
 */
function withHelperOutputWithheld(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (...args) => {
    try {
      return await provider(...args);
    } catch (error) {
      const helper = credentialHelperFailure(error);
      if (!helper) throw error;
      const safe = new Error(describeCredentialHelperFailure(helper));
      safe.name = 'CredentialsProviderError';
      throw Object.assign(safe, { credentialHelper: helper });
    }
  };
}
