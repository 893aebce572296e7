import * as assert from 'node:assert/strict';
import { DescribeAlarmsCommand, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { MetricsGateway, type MetricsClient } from '../../../src/aws/metricsGateway';
import { ReleaseError } from '../../../src/release/errors';

function client(answer: (command: unknown) => unknown): MetricsClient & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    send: (async (command: unknown) => {
      sent.push(command);
      return answer(command);
    }) as unknown as MetricsClient['send'],
  };
}

describe('MetricsGateway (fake CloudWatch client)', () => {
  it('asks for Sum of Invocations / Errors / Throttles per ExecutedVersion of the alias, whole minutes, and sums every page', async () => {
    const pages = [
      { MetricDataResults: [{ Id: 'v0_invocations', Values: [10, 5] }, { Id: 'v0_errors', Values: [1] }, { Id: 'v1_invocations', Values: [100] }], NextToken: 'p2' },
      { MetricDataResults: [{ Id: 'v0_invocations', Values: [3] }, { Id: 'v1_throttles', Values: [2] }] },
    ];
    const fake = client(() => pages.shift());
    const gateway = new MetricsGateway(fake, { now: () => Date.parse('2026-12-01T10:05:30Z') });
    const counts = await gateway.versionCounts('orders-api', 'prod', ['42', '41'], Date.parse('2026-12-01T10:02:45Z'));
    assert.deepEqual(counts, { '42': { invocations: 18, errors: 1, throttles: 0 }, '41': { invocations: 100, errors: 0, throttles: 2 } });
    const input = (fake.sent[0] as GetMetricDataCommand).input as GetMetricDataCommandInput;
    assert.equal(input.StartTime?.toISOString(), '2026-12-01T10:02:00.000Z');
    assert.equal(input.EndTime?.toISOString(), '2026-12-01T10:06:00.000Z');
    assert.equal(input.MetricDataQueries?.length, 6);
    const first = input.MetricDataQueries?.[0];
    assert.equal(first?.Expression, undefined, 'plain MetricStat, no metric math');
    assert.deepEqual(first?.MetricStat?.Metric?.Dimensions, [
      { Name: 'FunctionName', Value: 'orders-api' },
      { Name: 'Resource', Value: 'orders-api:prod' },
      { Name: 'ExecutedVersion', Value: '42' },
    ]);
    assert.equal(first?.MetricStat?.Stat, 'Sum');
    assert.equal((fake.sent[1] as GetMetricDataCommand).input.NextToken, 'p2');
  });

  it('alarms: state per name, metric and composite; a name CloudWatch does not know is MISSING', async () => {
    const fake = client((command) => {
      assert.ok(command instanceof DescribeAlarmsCommand);
      return { MetricAlarms: [{ AlarmName: 'errors', StateValue: 'ALARM', StateReason: 'Threshold Crossed' }], CompositeAlarms: [{ AlarmName: 'health', StateValue: 'OK' }] };
    });
    const readings = await new MetricsGateway(fake).alarms(['errors', 'health', 'typo']);
    assert.deepEqual(readings, [
      { name: 'errors', state: 'ALARM', reason: 'Threshold Crossed' },
      { name: 'health', state: 'OK', reason: undefined },
      { name: 'typo', state: 'MISSING' },
    ]);
    assert.deepEqual(await new MetricsGateway(fake).alarms([]), []);
  });

  it('alarmsForFunction: every page, only metric alarms with this FunctionName dimension (also inside metric queries), sorted', async () => {
    const pages = [
      {
        MetricAlarms: [
          { AlarmName: 'z-orders-errors', StateValue: 'OK', Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }] },
          { AlarmName: 'payments-errors', StateValue: 'ALARM', Dimensions: [{ Name: 'FunctionName', Value: 'payments' }] },
        ],
        NextToken: 'p2',
      },
      { MetricAlarms: [{ AlarmName: 'a-orders-rate', StateValue: 'INSUFFICIENT_DATA', Metrics: [{ Id: 'e', MetricStat: { Metric: { Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }] } } }] }] },
    ];
    const fake = client(() => pages.shift());
    const found = await new MetricsGateway(fake).alarmsForFunction('orders-api');
    assert.deepEqual(found.map((a) => [a.name, a.state]), [['a-orders-rate', 'INSUFFICIENT_DATA'], ['z-orders-errors', 'OK']]);
    assert.equal((fake.sent[1] as DescribeAlarmsCommand).input.NextToken, 'p2');
  });

  it('throttling becomes a ReleaseError of kind throttled (the gate waits on it)', async () => {
    const fake = client(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    });
    await assert.rejects(new MetricsGateway(fake, { target: { profile: 'dev', region: 'us-east-1' } }).versionCounts('f', 'a', ['1'], 0), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'throttled');
      assert.match(error.message, /Could not read the metrics of f:a \(profile dev, us-east-1\)/);
      return true;
    });
  });
});
