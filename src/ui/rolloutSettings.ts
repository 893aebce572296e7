/** The rollout settings (`lambdaRelease.rollout.*`) as the pure core takes them. */
import { DEFAULT_GATE_SETTINGS, type GateSettings, type NoTrafficPolicy } from '../release/rollout/gate';
import { DEFAULT_LOG_ERROR_PATTERNS } from '../release/rollout/logSignal';
import { settings } from '../services';
import { SettingKeys } from '../settingKeys';

export interface RolloutSettings {
  gate: GateSettings;
  pollIntervalMs: number;
  maxUnjudgeableMs: number;
  stepIntervalSeconds: number;
  logErrorPatterns: string[];
}

export function readRolloutSettings(): RolloutSettings {
  const config = settings();
  const d = DEFAULT_GATE_SETTINGS;
  return {
    gate: {
      maxErrorRatePercent: config.get<number>(SettingKeys.rolloutMaxErrorRatePercent, d.maxErrorRatePercent),
      errorRateMarginPercent: config.get<number>(SettingKeys.rolloutErrorRateMarginPercent, d.errorRateMarginPercent),
      minInvocations: config.get<number>(SettingKeys.rolloutMinInvocations, d.minInvocations),
      noTraffic: config.get<NoTrafficPolicy>(SettingKeys.rolloutNoTraffic, d.noTraffic) === 'advance' ? 'advance' : 'wait',
      logErrorThreshold: config.get<number>(SettingKeys.rolloutLogErrorThreshold, d.logErrorThreshold),
      alarmNames: config.get<string[]>(SettingKeys.rolloutAlarmNames, []).filter((n) => typeof n === 'string' && n.trim()),
    },
    pollIntervalMs: Math.max(1, config.get<number>(SettingKeys.rolloutPollIntervalSeconds, 10)) * 1000,
    maxUnjudgeableMs: Math.max(1, config.get<number>(SettingKeys.rolloutMaxUnjudgeableSeconds, 300)) * 1000,
    stepIntervalSeconds: Math.max(0, config.get<number>(SettingKeys.rolloutStepIntervalSeconds, 0)),
    logErrorPatterns: config.get<string[]>(SettingKeys.rolloutLogErrorPatterns, [...DEFAULT_LOG_ERROR_PATTERNS]),
  };
}
