/** The rollout settings (`lambdaRelease.rollout.*`) as the pure core takes them. */
import { DEFAULT_GATE_SETTINGS, type GateSettings } from '../release/rollout/gate';
import { DEFAULT_LOG_ERROR_PATTERNS } from '../release/rollout/logSignal';
import { settings } from '../services';
import { addOnly, Stricter, tightenOnly } from '../release/workspaceSettingRules';
import { SettingKeys, type SettingKey } from '../settingKeys';

export interface RolloutSettings {
  gate: GateSettings;
  pollIntervalMs: number;
  maxUnjudgeableMs: number;
  stepIntervalSeconds: number;
  logErrorPatterns: string[];
}

/**
 * The gate's thresholds can only be tightened by a workspace (src/release/workspaceSettingRules.ts):
 * a cloned repository cannot loosen the health gate of a rollout the user starts.
 */
export function readRolloutSettings(): RolloutSettings {
  const config = settings();
  const d = DEFAULT_GATE_SETTINGS;
  const tight = <T>(key: SettingKey, fallback: T, stricter: (candidate: T, current: T) => boolean) => tightenOnly(config.inspect<T>(key), fallback, stricter);
  return {
    gate: {
      maxErrorRatePercent: tight(SettingKeys.rolloutMaxErrorRatePercent, d.maxErrorRatePercent, Stricter.lower),
      errorRateMarginPercent: tight(SettingKeys.rolloutErrorRateMarginPercent, d.errorRateMarginPercent, Stricter.lower),
      minInvocations: tight(SettingKeys.rolloutMinInvocations, d.minInvocations, Stricter.lower),
      noTraffic: tight<string>(SettingKeys.rolloutNoTraffic, d.noTraffic, Stricter.waitBeforeAdvance) === 'advance' ? 'advance' : 'wait',
      logErrorThreshold: tight(SettingKeys.rolloutLogErrorThreshold, d.logErrorThreshold, Stricter.lowerButOn),
      alarmNames: addOnly(config.inspect<string[]>(SettingKeys.rolloutAlarmNames), []).filter((n) => typeof n === 'string' && n.trim()),
    },
    pollIntervalMs: Math.max(1, tight(SettingKeys.rolloutPollIntervalSeconds, 10, Stricter.lower)) * 1000,
    maxUnjudgeableMs: Math.max(1, tight(SettingKeys.rolloutMaxUnjudgeableSeconds, 300, Stricter.lower)) * 1000,
    stepIntervalSeconds: Math.max(0, tight(SettingKeys.rolloutStepIntervalSeconds, 0, Stricter.longerOverride)),
    logErrorPatterns: addOnly(config.inspect<string[]>(SettingKeys.rolloutLogErrorPatterns), DEFAULT_LOG_ERROR_PATTERNS),
  };
}
