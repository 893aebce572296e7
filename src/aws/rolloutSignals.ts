/**
 * The rollout gate's signals over real AWS: CloudWatch metrics and alarms (MetricsGateway) and the
 * fast log signal, the existing per-version tail of the function's log group (LogsGateway: Live
 * Tail, or FilterLogEvents polling where it is not available) restricted to the new version's
 * streams. Implements RolloutSignals of src/release/rollout/runner.ts.
 */
import type { RolloutSignals } from '../release/rollout/runner';
import type { LogsGateway } from './logsGateway';
import type { MetricsGateway } from './metricsGateway';

export interface RolloutSignalOptions {
  /** FilterLogEvents polling interval where Live Tail is not available (lambdaRelease.logs.pollIntervalMs). */
  logPollIntervalMs?: number;
  /** The function's log group when it is not `/aws/lambda/NAME` (LoggingConfig.LogGroup). */
  logGroupFor?: (functionName: string) => string | undefined;
  /** 'polling' skips the Live Tail attempt (tests against endpoints without it). */
  logMode?: 'auto' | 'polling';
}

export function rolloutSignals(metrics: MetricsGateway, logs: LogsGateway, options: RolloutSignalOptions = {}): RolloutSignals {
  return {
    versionCounts: (functionName, aliasName, versions, since, call) => metrics.versionCounts(functionName, aliasName, versions, since, call),
    alarms: (names, call) => metrics.alarms(names, call),
    async watchLogs(functionName, version, since, onLine, signal) {
      const logGroup = options.logGroupFor?.(functionName) ?? `/aws/lambda/${functionName}`;
      await logs.tail(logGroup, {
        signal,
        versions: [version],
        startTime: since,
        pollIntervalMs: options.logPollIntervalMs,
        mode: options.logMode ?? 'auto',
        onEvent: (event) => onLine(event.message, event.timestamp),
      });
    },
  };
}
