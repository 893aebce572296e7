/**
 * Builds a real RolloutRunner against an endpoint (moto, or the fault proxy in front of it) with
 * the real SDK clients and gateways, plus what a test or a benchmark needs around it: Lambda
 * metrics put for a version (moto's invoke writes none), error lines in a version's log stream,
 * alarms, and a direct read of the alias. Shared by test/integration/rollout.test.ts and bench/.
 */
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import { LogsGateway } from '../../src/aws/logsGateway';
import { MetricsGateway } from '../../src/aws/metricsGateway';
import { rolloutSignals } from '../../src/aws/rolloutSignals';
import { AliasHistory } from '../../src/release/aliasHistory';
import { AliasOperations } from '../../src/release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { DEFAULT_GATE_SETTINGS, type GateSettings } from '../../src/release/rollout/gate';
import { DEFAULT_LOG_ERROR_PATTERNS } from '../../src/release/rollout/logSignal';
import { resolvePlan } from '../../src/release/rollout/plan';
import { RolloutRunner, type RunnerDeps } from '../../src/release/rollout/runner';
import { createRollout, type RolloutRecord } from '../../src/release/rollout/state';
import { RolloutStore } from '../../src/release/rollout/store';
import { TEST_KEYS } from './awsConfig';
import { MemoryStore } from './memoryStore';

const credentials = { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey };

export interface HarnessOptions {
  /** Where the runner's clients go (the fault proxy, or moto itself). */
  endpoint: string;
  region: string;
  functionName: string;
  aliasName: string;
  fromVersion: string;
  toVersion: string;
  /** Custom steps, e.g. '10, 50, 100'. */
  steps?: string;
  stepSeconds?: number;
  pollIntervalMs?: number;
  maxUnjudgeableMs?: number;
  gate?: Partial<GateSettings>;
  /** Shared with another harness to simulate a reload (same globalState). */
  store?: MemoryStore;
  ownerId?: string;
  leaseMs?: number;
  /** FilterLogEvents polling interval of the log signal (default 250 ms). */
  logPollIntervalMs?: number;
  /** SDK attempts per CloudWatch call (1: a throttle reaches the gate at once). */
  cloudwatchAttempts?: number;
}

export interface RolloutHarness {
  record: RolloutRecord;
  store: RolloutStore;
  memory: MemoryStore;
  lines: string[];
  runner(record?: RolloutRecord, extra?: Partial<RunnerDeps>): RolloutRunner;
  destroy(): void;
}

export function rolloutHarness(options: HarnessOptions): RolloutHarness {
  const target = { profile: 'test', region: options.region };
  const lambdaClient = new LambdaClient({ endpoint: options.endpoint, region: options.region, credentials, maxAttempts: 2 });
  const logsClient = new CloudWatchLogsClient({ endpoint: options.endpoint, region: options.region, credentials, maxAttempts: 2 });
  const cloudwatch = new CloudWatchClient({ endpoint: options.endpoint, region: options.region, credentials, maxAttempts: options.cloudwatchAttempts ?? 1 });
  const gateway = new LambdaGateway(lambdaClient, target);
  const memory = options.store ?? new MemoryStore();
  const store = new RolloutStore(memory);
  const lines: string[] = [];
  const signals = rolloutSignals(new MetricsGateway(cloudwatch, { target }), new LogsGateway(logsClient, { target }), { logMode: 'polling', logPollIntervalMs: options.logPollIntervalMs ?? 250 });
  const record = createRollout(
    {
      id: `rollout-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      ref: { target, functionName: options.functionName },
      aliasName: options.aliasName,
      fromVersion: options.fromVersion,
      toVersion: options.toVersion,
      plan: resolvePlan({ custom: options.steps ?? '10, 50, 100', everyMinutes: 1 }, { stepIntervalSeconds: options.stepSeconds ?? 1 }),
      gate: { ...DEFAULT_GATE_SETTINGS, minInvocations: 10, ...options.gate },
      pollIntervalMs: options.pollIntervalMs ?? 250,
      maxUnjudgeableMs: options.maxUnjudgeableMs ?? 10_000,
    },
    Date.now(),
  );
  return {
    record,
    store,
    memory,
    lines,
    runner(from = record, extra = {}) {
      return new RolloutRunner(from, {
        aliases: new AliasOperations({ gateway, history: new AliasHistory(memory), protectedAliases: () => DEFAULT_PROTECTED_ALIASES }),
        readAlias: (fn, alias, call) => gateway.getAlias(fn, alias, call),
        signals,
        store,
        ownerId: options.ownerId ?? 'window-1',
        log: (line) => lines.push(line),
        logErrorPatterns: DEFAULT_LOG_ERROR_PATTERNS,
        leaseMs: options.leaseMs,
        moveRetryMs: 200,
        ...extra,
      });
    },
    destroy() {
      lambdaClient.destroy();
      logsClient.destroy();
      cloudwatch.destroy();
    },
  };
}

/** What Lambda would publish for `count` invocations of `version` through `alias` (moto's invoke publishes nothing). */
export async function putLambdaMetrics(
  endpoint: string,
  region: string,
  at: { functionName: string; aliasName: string; version: string },
  counts: { invocations: number; errors?: number; throttles?: number },
  timestamp = new Date(),
): Promise<void> {
  const client = new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 2 });
  const Dimensions = [
    { Name: 'FunctionName', Value: at.functionName },
    { Name: 'Resource', Value: `${at.functionName}:${at.aliasName}` },
    { Name: 'ExecutedVersion', Value: at.version },
  ];
  try {
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Lambda',
        MetricData: [
          { MetricName: 'Invocations', Dimensions, Value: counts.invocations, Unit: 'Count', Timestamp: timestamp },
          { MetricName: 'Errors', Dimensions, Value: counts.errors ?? 0, Unit: 'Count', Timestamp: timestamp },
          { MetricName: 'Throttles', Dimensions, Value: counts.throttles ?? 0, Unit: 'Count', Timestamp: timestamp },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
}

/** An error-count alarm on the function, then its state forced (moto evaluates nothing by itself). */
export async function putAlarm(endpoint: string, region: string, name: string, functionName: string, state?: 'OK' | 'ALARM'): Promise<void> {
  const client = new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 2 });
  try {
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: functionName }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    if (state) await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `set to ${state} by the test` }));
  } finally {
    client.destroy();
  }
}

/** GetAlias straight through the SDK against moto (not the proxy, not our gateway). */
export async function readAliasDirect(endpoint: string, region: string, functionName: string, aliasName: string): Promise<{ version?: string; weights: Record<string, number> }> {
  const client = new LambdaClient({ endpoint, region, credentials, maxAttempts: 2 });
  try {
    const alias = await client.send(new GetAliasCommand({ FunctionName: functionName, Name: aliasName }));
    return { version: alias.FunctionVersion, weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {} };
  } finally {
    client.destroy();
  }
}

/** Puts traffic metrics for both versions every `everyMs` until stopped: a steady, healthy or failing stream. */
export function steadyTraffic(
  endpoint: string,
  region: string,
  at: { functionName: string; aliasName: string },
  perTick: Record<string, { invocations: number; errors?: number }>,
  everyMs = 200,
): { stop(): Promise<void>; set(version: string, counts: { invocations: number; errors?: number }): void } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await Promise.all(Object.entries(perTick).map(([version, counts]) => putLambdaMetrics(endpoint, region, { ...at, version }, counts)));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
    set(version, counts) {
      perTick[version] = counts;
    },
  };
}
