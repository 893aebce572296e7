/**
 * Builds the services the commands and the tree share. The AWS SDK lives in a separate bundle
 * (dist/aws.js) that is required on first use, so activation costs nothing but this file.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AwsServices, AwsSettings } from './aws/index';
import type { InvokeGateway } from './aws/invokeGateway';
import type { ImageGateway } from './aws/imageGateway';
import type { LambdaGateway } from './aws/lambdaGateway';
import type { ProfileInfo, Target } from './aws/types';
import { endpointOverrideFrom } from './release/workspaceSettingRules';
import { SECTION, SettingKeys } from './settingKeys';

type AwsModule = typeof import('./aws/index');
type PackagingModule = typeof import('./release/packagingEntry');

export const DEFAULT_REGION = 'us-east-1';

export class Services implements vscode.Disposable {
  private awsModule?: AwsModule;
  private awsServices?: AwsServices;
  private packagingModule?: PackagingModule;

  constructor(
    readonly log: vscode.LogOutputChannel,
    /** The extension's global storage folder (outside every workspace): caches such as Python dependencies. */
    readonly storagePath: string = path.join(os.tmpdir(), 'lambda-release-manager'),
  ) {}

  /** The SDK side, loaded on first call. */
  aws(): AwsServices {
    if (!this.awsServices) {
      const started = Date.now();
      this.awsModule = loadBundle<AwsModule>('aws.js');
      this.awsServices = this.awsModule.createAwsServices(readAwsSettings());
      this.log.info(`AWS SDK loaded in ${Date.now() - started} ms`);
    }
    return this.awsServices;
  }

  /** File selection, zip and git: loaded on the first deploy. */
  packaging(): PackagingModule {
    this.packagingModule ??= loadBundle<PackagingModule>('packaging.js');
    return this.packagingModule;
  }

  lambda(target: Target): LambdaGateway {
    return this.aws().lambda(target);
  }

  invoke(target: Target): InvokeGateway {
    return this.aws().invoke(target);
  }

  images(target: Target): ImageGateway {
    return this.aws().images(target);
  }

  /** The regions to show for a profile: its own plus lambdaRelease.extraRegions (per profile or "*"). */
  regionsFor(profile: ProfileInfo): string[] {
    const extra = settings().get<Record<string, string[]>>(SettingKeys.extraRegions, {});
    const regions = [profile.region ?? DEFAULT_REGION, ...(extra['*'] ?? []), ...(extra[profile.name] ?? [])];
    return [...new Set(regions.map((r) => r.trim()).filter(Boolean))];
  }

  hiddenProfiles(): Set<string> {
    return new Set(settings().get<string[]>(SettingKeys.hiddenProfiles, []));
  }

  /** After new keys or `aws sso login`: the next call resolves credentials again (one profile or all). */
  forgetCredentials(profile?: string): void {
    this.awsServices?.forgetProfile(profile);
  }

  /** Settings changed: clients are rebuilt with the new endpoint, retries and concurrency. */
  onSettingsChanged(): void {
    this.awsServices?.reconfigure(readAwsSettings());
  }

  dispose(): void {
    this.awsServices?.dispose();
  }
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function readAwsSettings(): AwsSettings {
  const config = settings();
  return {
    // The user's value only: where credentials are sent is never a workspace's choice (machine
    // scope in the manifest; inspect() so a host that applies workspace values anyway changes nothing).
    endpointOverride: endpointOverrideFrom(config.inspect<string>(SettingKeys.endpointUrl)),
    maxAttempts: config.get<number>(SettingKeys.maxAttempts, 5),
    maxConcurrentRequests: config.get<number>(SettingKeys.maxConcurrentRequests, 8),
    connectionTimeoutMs: 5_000,
    requestTimeoutMs: config.get<number>(SettingKeys.requestTimeoutSeconds, 30) * 1000,
    invokeTimeoutMs: Math.min(900, Math.max(1, config.get<number>(SettingKeys.invokeTimeoutSeconds, 900))) * 1000,
  };
}

function loadBundle<T>(file: string): T {
  // A computed path keeps esbuild from inlining the lazy bundle into extension.js.
  const bundle = path.join(__dirname, file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(bundle) as T;
}
