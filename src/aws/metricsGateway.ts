/**
 * CloudWatch for the rollout's health gate (read only):
 * - `versionCounts(fn, alias, versions, since)`: Sums of `AWS/Lambda` Invocations, Errors and
 *   Throttles for the alias's executions of each version (dimensions FunctionName,
 *   Resource = `function:alias`, ExecutedVersion), from `since` (floored to the minute) to now, in one
 *   GetMetricData call of plain MetricStat queries. Rates are computed by the caller: metric-math
 *   expressions would save nothing here, and local emulators (moto) answer them with no values.
 * - `alarms(names)`: DescribeAlarms for the named metric and composite alarms; a name that does not
 *   exist comes back as state MISSING (the gate waits on it rather than ignoring it).
 *
 * Throttling and network errors surface as ReleaseError kinds 'throttled' / 'network' (the gate
 * waits and reads again); every call goes through the (profile, region) limiter.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AlarmReading, AlarmStateValue, VersionCounts } from '../release/rollout/gate';
import { toReleaseError } from './errors';
import type { Limit } from './limiter';
import type { CallOptions, Target } from './types';

export type MetricsClient = Pick<CloudWatchClient, 'send'>;

const METRICS = [
  ['Invocations', 'invocations'],
  ['Errors', 'errors'],
  ['Throttles', 'throttles'],
] as const;

/** CloudWatch keeps 1-minute data for Lambda's metrics: ask for whole minutes. */
const PERIOD_SECONDS = 60;

export class MetricsGateway {
  private readonly limit: Limit;

  constructor(
    private readonly client: MetricsClient,
    private readonly options: { target?: Target; usesSso?: boolean; limit?: Limit; now?: () => number } = {},
  ) {
    this.limit = options.limit ?? ((task) => task());
  }

  async versionCounts(functionName: string, aliasName: string, versions: string[], since: number, options: CallOptions = {}): Promise<Record<string, VersionCounts>> {
    const now = (this.options.now ?? Date.now)();
    const start = Math.floor(since / (PERIOD_SECONDS * 1000)) * PERIOD_SECONDS * 1000;
    // The current minute is still filling: include it (EndTime rounded up past now).
    const end = (Math.floor(now / (PERIOD_SECONDS * 1000)) + 1) * PERIOD_SECONDS * 1000;
    const queries: MetricDataQuery[] = [];
    versions.forEach((version, v) => {
      for (const [metric, key] of METRICS) {
        queries.push({
          Id: `v${v}_${key}`,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: metric,
              Dimensions: [
                { Name: 'FunctionName', Value: functionName },
                { Name: 'Resource', Value: `${functionName}:${aliasName}` },
                { Name: 'ExecutedVersion', Value: version },
              ],
            },
            Period: PERIOD_SECONDS,
            Stat: 'Sum',
          },
        });
      }
    });

    const sums = new Map<string, number>();
    let nextToken: string | undefined;
    do {
      const page = await this.call(`read the metrics of ${functionName}:${aliasName}`, options, (abortSignal) =>
        this.client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), NextToken: nextToken }), { abortSignal }),
      );
      for (const result of page.MetricDataResults ?? []) {
        if (!result.Id) continue;
        const total = (result.Values ?? []).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
        sums.set(result.Id, (sums.get(result.Id) ?? 0) + total);
      }
      nextToken = page.NextToken;
    } while (nextToken);

    const counts: Record<string, VersionCounts> = {};
    versions.forEach((version, v) => {
      counts[version] = {
        invocations: sums.get(`v${v}_invocations`) ?? 0,
        errors: sums.get(`v${v}_errors`) ?? 0,
        throttles: sums.get(`v${v}_throttles`) ?? 0,
      };
    });
    return counts;
  }

  async alarms(names: string[], options: CallOptions = {}): Promise<AlarmReading[]> {
    if (names.length === 0) return [];
    const found = new Map<string, { state: AlarmStateValue; reason?: string }>();
    let nextToken: string | undefined;
    do {
      const page = await this.call(`read alarms ${names.join(', ')}`, options, (abortSignal) =>
        this.client.send(new DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: nextToken }), { abortSignal }),
      );
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
        if (alarm.AlarmName) found.set(alarm.AlarmName, { state: toState(alarm.StateValue), reason: alarm.StateReason });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return names.map((name) => ({ name, ...(found.get(name) ?? { state: 'MISSING' as const }) }));
  }

  /**
   * The metric alarms that watch this function (a `FunctionName` dimension equal to it), for the
   * rollout's confirmation to offer. Every page of DescribeAlarms is read; composite alarms carry no
   * dimensions and are only used when named.
   */
  async alarmsForFunction(functionName: string, options: CallOptions = {}): Promise<AlarmReading[]> {
    const found: AlarmReading[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('list alarms', options, (abortSignal) =>
        this.client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: nextToken }), { abortSignal }),
      );
      for (const alarm of page.MetricAlarms ?? []) {
        const dimensions = [...(alarm.Dimensions ?? []), ...(alarm.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? [])];
        if (alarm.AlarmName && dimensions.some((d) => d.Name === 'FunctionName' && d.Value === functionName)) {
          found.push({ name: alarm.AlarmName, state: toState(alarm.StateValue), reason: alarm.StateReason });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  private async call<T>(action: string, options: CallOptions, send: (abortSignal?: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.limit(() => send(options.signal));
    } catch (error) {
      throw toReleaseError(error, { action, profile: this.options.target?.profile, region: this.options.target?.region, usesSso: this.options.usesSso });
    }
  }
}

function toState(value: string | undefined): AlarmStateValue {
  return value === 'ALARM' || value === 'OK' || value === 'INSUFFICIENT_DATA' ? value : 'INSUFFICIENT_DATA';
}
