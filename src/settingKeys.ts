/** Every setting key of the extension, in one place (declared in package.json under `lambdaRelease.*`). */
export const SECTION = 'lambdaRelease';

export const SettingKeys = {
  extraRegions: 'extraRegions',
  endpointUrl: 'endpointUrl',
  hiddenProfiles: 'hiddenProfiles',
  maxConcurrentRequests: 'maxConcurrentRequests',
  maxAttempts: 'maxAttempts',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  // Workspace binding (stored in .vscode/settings.json).
  targetProfile: 'target.profile',
  targetRegion: 'target.region',
  targetFunction: 'target.function',
  targetAlias: 'target.alias',
  sourceFolder: 'target.sourceFolder',
  // Several targets per workspace folder (.vscode/settings.json).
  targets: 'targets',
  pythonCommand: 'python.command',
  pipArgs: 'python.pipArgs',
  // Deploy.
  excludePatterns: 'deploy.excludePatterns',
  includeSecretFiles: 'deploy.includeSecretFiles',
  deploymentBucket: 'deploymentBucket',
  publishOnDeploy: 'publishOnDeploy',
  // Aliases.
  protectedAliases: 'protectedAliases',
  statusBarRefreshSeconds: 'statusBar.refreshIntervalSeconds',
  // Compare and logs.
  revealEnvironmentValues: 'compare.revealEnvironmentValues',
  logPollIntervalMs: 'logs.pollIntervalMs',
  // Version facts.
  pruneKeepVersions: 'prune.keepVersions',
  // Invoke and smoke tests.
  invokeTimeoutSeconds: 'invoke.timeoutSeconds',
  smokeEvents: 'target.smokeEvents',
  checkRoutingInvocations: 'checkRouting.invocations',
  // Gradual rollout.
  rolloutStepIntervalSeconds: 'rollout.stepIntervalSeconds',
  rolloutPollIntervalSeconds: 'rollout.pollIntervalSeconds',
  rolloutMaxUnjudgeableSeconds: 'rollout.maxUnjudgeableSeconds',
  rolloutMaxErrorRatePercent: 'rollout.maxErrorRatePercent',
  rolloutErrorRateMarginPercent: 'rollout.errorRateMarginPercent',
  rolloutMinInvocations: 'rollout.minInvocations',
  rolloutNoTraffic: 'rollout.noTraffic',
  rolloutLogErrorThreshold: 'rollout.logErrorThreshold',
  rolloutLogErrorPatterns: 'rollout.logErrorPatterns',
  rolloutAlarmNames: 'rollout.alarmNames',
} as const;

export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

/** Fully qualified key, for `affectsConfiguration` and messages. */
export function qualified(key: SettingKey): string {
  return `${SECTION}.${key}`;
}
