/**
 * Plain data shapes the gateways return. Type-only: importing this file never loads the SDK,
 * so the extension layer can use these types while the SDK bundle stays unloaded.
 */
import type { VersionConfigFacts } from '../release/versionFacts';

/** A source of credentials the explorer shows as one node. */
export interface ProfileInfo {
  /** Profile name as in the shared config (`default`, `dev`), or `env` for environment credentials. */
  name: string;
  kind: 'sharedConfig' | 'environment';
  /** Region from the profile (or AWS_REGION for the environment entry). */
  region?: string;
  /** `endpoint_url` of the profile, when set. */
  endpointUrl?: string;
  /** Uses IAM Identity Center (SSO): expired sessions get an `aws sso login` hint. */
  usesSso: boolean;
  /** A problem found while reading this profile (e.g. missing source_profile); other profiles are unaffected. */
  problem?: string;
}

export interface ProfileListing {
  profiles: ProfileInfo[];
  /** Problems with the files themselves (e.g. unreadable config); listing still returns what it could read. */
  fileProblems: string[];
}

/** Where a client points: the (profile, region) pair plus an optional endpoint override. */
export interface Target {
  profile: string;
  region: string;
}

/** Identifies one function in one (profile, region): what commands, pickers, tree and status bar share. */
export interface FunctionRef {
  target: Target;
  functionName: string;
  functionArn?: string;
}

export interface FunctionSummary {
  name: string;
  arn: string;
  runtime?: string;
  handler?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  codeSize?: number;
  codeSha256?: string;
  lastModified?: string;
  description?: string;
  packageType?: string;
  /** `['x86_64']` or `['arm64']`: which platform's binaries the package needs. */
  architectures?: string[];
  state?: string;
  lastUpdateStatus?: string;
  revisionId?: string;
}

export interface VersionSummary {
  /** `$LATEST` or a published version number as a string. */
  version: string;
  arn: string;
  description?: string;
  lastModified?: string;
  codeSha256?: string;
  codeSize?: number;
  runtime?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  revisionId?: string;
  /** Layers, runtime version, SnapStart, state… as the listing returned them (environment keys only). */
  facts?: VersionConfigFacts;
}

export interface RoutingWeight {
  version: string;
  /** 0 < weight < 1: share of traffic that goes to `version` instead of the primary. */
  weight: number;
}

export interface AliasSummary {
  name: string;
  arn: string;
  functionVersion: string;
  description?: string;
  revisionId?: string;
  /** Additional version with its weight (Lambda allows at most one). */
  routing: RoutingWeight[];
}

export interface FunctionDetails {
  versions: VersionSummary[];
  aliases: AliasSummary[];
}

/** Options every gateway call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}
