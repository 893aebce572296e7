import * as assert from 'node:assert/strict';
import {
  checkPayloadSize,
  checkQualifier,
  checkResult,
  countExecutedVersions,
  decodeLogResult,
  describeRouting,
  describeFunctionError,
  formatFunctionError,
  formatInvocationLine,
  formatResultDocument,
  matchSubset,
  parsePayload,
  parseReportLine,
  preparePayload,
  PAYLOAD_LIMITS,
  type InvocationResult,
} from '../../src/release/invocation';
import { ReleaseError } from '../../src/release/errors';
import { SAMPLE_EVENTS, sampleEventText } from '../../src/release/sampleEvents';

function refusal(task: () => unknown): ReleaseError {
  try {
    task();
  } catch (error) {
    assert.ok(error instanceof ReleaseError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

const result = (over: Partial<InvocationResult> = {}): InvocationResult => ({
  functionName: 'orders-api',
  qualifier: 'prod',
  type: 'RequestResponse',
  statusCode: 200,
  payload: '{"statusCode":200,"body":"{\\"ok\\":true,\\"items\\":[1,2]}"}',
  ...over,
});

const REPORT =
  'REPORT RequestId: 6f1c2a3e-aaaa-bbbb-cccc-1234567890ab\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.12 ms\t';

describe('invocation: payload checks', () => {
  it('accepts JSON and returns the parsed value', () => {
    assert.deepEqual(parsePayload('{"a": [1, 2]}', 'The payload'), { a: [1, 2] });
  });

  it('names line and column of a trailing comma on line 3', () => {
    const error = refusal(() => parsePayload('{\n  "a": 1,\n}', 'smoke.json'));
    assert.equal(error.kind, 'validation');
    assert.equal(error.message, "smoke.json is not valid JSON: Expected double-quoted property name at line 3, column 1.");
  });

  it('names line and column of a missing comma', () => {
    const error = refusal(() => parsePayload('{\n  "a": 1\n  "b": 2\n}', 'The payload'));
    assert.match(error.message, /^The payload is not valid JSON: Expected ',' or '}' after property value at line 3, column 3\.$/);
  });

  it('points at the end of a truncated document', () => {
    assert.match(refusal(() => parsePayload('{"a":\n', 'e.json')).message, /Unexpected end of JSON input at line 1, column 6\.$/);
  });

  it('points at an unexpected token without a position in the message', () => {
    assert.match(refusal(() => parsePayload('nope', 'e.json')).message, /^e\.json is not valid JSON: Unexpected token 'o' at line 1, column 2\.$/);
  });

  it('refuses an empty payload and suggests {}', () => {
    assert.match(refusal(() => parsePayload('  \n', 'The payload')).message, /empty.*\{\}/);
  });

  it('accepts exactly 6 MB synchronously and refuses one byte more, naming the limit', () => {
    checkPayloadSize(6 * 1024 * 1024, 'RequestResponse');
    const error = refusal(() => checkPayloadSize(6 * 1024 * 1024 + 1, 'RequestResponse'));
    assert.equal(error.kind, 'limit');
    assert.equal(error.message, 'The payload is 6.0 MB; Lambda accepts at most 6 MB for a synchronous (RequestResponse) invocation.');
  });

  it('refuses an asynchronous payload over 1 MB, naming the Event limit', () => {
    checkPayloadSize(PAYLOAD_LIMITS.Event.bytes, 'Event');
    const error = refusal(() => checkPayloadSize(2 * 1024 * 1024, 'Event'));
    assert.equal(error.message, 'The payload is 2.0 MB; Lambda accepts at most 1 MB for an asynchronous (Event) invocation.');
    assert.match(error.hint ?? '', /S3/);
  });

  it('preparePayload checks JSON before size and returns UTF-8 bytes', () => {
    const prepared = preparePayload('{"name":"é"}', 'RequestResponse');
    assert.equal(prepared.bytes.length, 13);
    assert.match(refusal(() => preparePayload(`{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`, 'Event')).message, /asynchronous \(Event\)/);
  });

  it('qualifiers: $LATEST, numbers and alias names pass; anything else is refused', () => {
    for (const q of ['$LATEST', '7', 'prod', 'blue_green-2']) checkQualifier(q);
    assert.match(refusal(() => checkQualifier('prod:1')).message, /not a qualifier/);
    assert.match(refusal(() => checkQualifier('$latest')).message, /not a qualifier/);
  });
});

describe('invocation: the REPORT line of the log tail', () => {
  it('reads duration, billed duration, memory and init duration', () => {
    const tail = `START RequestId: 6f1c Version: 3\nhello\nEND RequestId: 6f1c\n${REPORT}\n`;
    assert.deepEqual(parseReportLine(tail), {
      requestId: '6f1c2a3e-aaaa-bbbb-cccc-1234567890ab',
      durationMs: 12.34,
      billedDurationMs: 13,
      memorySizeMb: 128,
      maxMemoryUsedMb: 70,
      initDurationMs: 150.12,
      status: undefined,
    });
  });

  it('a warm start has no init duration; a timeout carries its status', () => {
    const report = parseReportLine('REPORT RequestId: abc Duration: 3000.00 ms Billed Duration: 3000 ms Memory Size: 256 MB Max Memory Used: 80 MB Status: timeout');
    assert.equal(report?.initDurationMs, undefined);
    assert.equal(report?.durationMs, 3000);
    assert.equal(report?.status, 'timeout');
  });

  it('reads the JSON log format (platform.report record)', () => {
    const line = JSON.stringify({ time: '2026-01-15T12:00:00Z', type: 'platform.report', record: { requestId: 'r1', status: 'success', metrics: { durationMs: 4.5, billedDurationMs: 5, memorySizeMB: 512, maxMemoryUsedMB: 64 } } });
    assert.deepEqual(parseReportLine(`{"level":"INFO","message":"hi"}\n${line}`), { requestId: 'r1', durationMs: 4.5, billedDurationMs: 5, memorySizeMb: 512, maxMemoryUsedMb: 64, initDurationMs: undefined, status: undefined });
  });

  it('is undefined when the 4 KB tail has no REPORT line', () => {
    assert.equal(parseReportLine('some output\nmore output'), undefined);
    assert.equal(parseReportLine(undefined), undefined);
  });

  it('decodes the base64 LogResult', () => {
    assert.equal(decodeLogResult(Buffer.from(REPORT).toString('base64')), REPORT);
    assert.equal(decodeLogResult(undefined), undefined);
  });
});

describe('invocation: FunctionError made readable', () => {
  it('Node: errorType, errorMessage and the trace frames (without the repeated first line)', () => {
    const payload = JSON.stringify({
      errorType: 'TypeError',
      errorMessage: "Cannot read properties of undefined (reading 'id')",
      trace: ["TypeError: Cannot read properties of undefined (reading 'id')", '    at Runtime.handler (file:///var/task/index.mjs:3:24)'],
    });
    const details = describeFunctionError('Unhandled', payload);
    assert.equal(formatFunctionError(details), "Unhandled TypeError: Cannot read properties of undefined (reading 'id')\n    at Runtime.handler (file:///var/task/index.mjs:3:24)");
  });

  it('Python: stackTrace strings', () => {
    const payload = JSON.stringify({ errorMessage: 'boom', errorType: 'ValueError', requestId: 'r', stackTrace: ['  File "/var/task/index.py", line 4, in handler\n    raise ValueError("boom")\n'] });
    assert.match(formatFunctionError(describeFunctionError('Handled', payload)), /^Handled ValueError: boom\n {4}File "\/var\/task\/index\.py", line 4, in handler/);
  });

  it('a payload that is not JSON becomes the message', () => {
    assert.deepEqual(describeFunctionError('Unhandled', 'Task timed out after 3.00 seconds'), { kind: 'Unhandled', errorMessage: 'Task timed out after 3.00 seconds', stack: [] });
  });
});

describe('invocation: expectations (JSON subset)', () => {
  it('a subset of keys matches; extra keys in the response are fine', () => {
    assert.deepEqual(matchSubset({ statusCode: 200 }, { statusCode: 200, headers: {} }), []);
  });

  it('reports the path, the expected and the actual value', () => {
    assert.deepEqual(matchSubset({ statusCode: 200, body: { ok: true } }, { statusCode: 500, body: '{"ok":false}' }), [
      { path: '$.statusCode', expected: 200, actual: 500 },
      { path: '$.body.ok', expected: true, actual: false },
    ]);
  });

  it('a missing key is reported as missing; arrays match element by element', () => {
    assert.deepEqual(matchSubset({ items: [{ id: 1 }] }, { items: [{ id: 1, n: 2 }] }), []);
    assert.deepEqual(matchSubset({ items: [1] }, { items: [1, 2] }), [{ path: '$.items', expected: [1], actual: [1, 2] }]);
    assert.deepEqual(matchSubset({ 'x-id': 1 }, {}), [{ path: '$["x-id"]', expected: 1, actual: undefined }]);
  });

  it('checkResult: FunctionError always fails, then status, then the expectation', () => {
    assert.deepEqual(checkResult(result()), []);
    assert.deepEqual(checkResult(result(), { statusCode: 200, body: { ok: true, items: [1, 2] } }), []);
    assert.deepEqual(checkResult(result({ functionError: 'Unhandled', payload: '{"errorType":"Error","errorMessage":"db down"}' }), { statusCode: 200 }), ['Unhandled Error: db down']);
    assert.deepEqual(checkResult(result(), { statusCode: 201 }), ['$.statusCode: expected 201, got 200']);
    assert.deepEqual(checkResult(result({ payload: 'plain' }), { statusCode: 200 }), ['$: expected {"statusCode":200}, got "plain"']);
  });
});

describe('invocation: presenting a result', () => {
  it('one line: what was called, what ran, status, REPORT figures, error', () => {
    const line = formatInvocationLine(result({ executedVersion: '3', logTail: REPORT, functionError: 'Handled', payload: '{"errorType":"Oops","errorMessage":"bad"}' }), 87.4);
    assert.equal(line, 'orders-api:prod · ran version 3 · status 200 · 12.34 ms · billed 13 ms · 70 of 128 MB · init 150.12 ms · round trip 87 ms · Handled Oops: bad');
  });

  it('Event and DryRun say what they did', () => {
    assert.match(formatInvocationLine(result({ type: 'Event', statusCode: 202, payload: '' })), /queued \(Event\) · status 202/);
    assert.match(formatInvocationLine(result({ type: 'DryRun', statusCode: 204, payload: '' })), /dry run: permission check only · status 204/);
  });

  it('a JSON response is pretty-printed as jsonc with the header and the log tail as comments', () => {
    const doc = formatResultDocument(result({ logTail: 'START\nhello\n' }));
    assert.equal(doc.language, 'jsonc');
    assert.equal(doc.content, '// orders-api:prod · status 200\n{\n  "statusCode": 200,\n  "body": "{\\"ok\\":true,\\"items\\":[1,2]}"\n}\n//\n// ---- log tail (last 4 KB) ----\n// START\n// hello\n');
  });

  it('any other response stays raw (plaintext)', () => {
    const doc = formatResultDocument(result({ payload: 'hello <b>', logTail: undefined }));
    assert.equal(doc.language, 'plaintext');
    assert.match(doc.content, /\n\nhello <b>\n\n\(no log tail returned\)\n$/);
  });

  it('Check Routing: executions per version beside the configured weights', () => {
    const results = [...Array(18).fill({ executedVersion: '2' }), { executedVersion: '3' }, { executedVersion: '3', functionError: 'Unhandled' }];
    assert.equal(
      describeRouting('orders-api:prod', results, { functionVersion: '2', routing: [{ version: '3', weight: 0.1 }] }),
      '20 invocations of orders-api:prod: version 2: 18 (90%), version 3: 2 (10%). Configured: 90% → 2, 10% → 3. 1 returned a FunctionError.',
    );
    assert.equal(describeRouting('fn:live', [{}, {}], { functionVersion: '1', routing: [] }), '2 invocations of fn:live: no executed version reported: 2 (100%). Configured: 100% → 1.');
  });

  it('counts executions per version, in version order', () => {
    const counts = countExecutedVersions([{ executedVersion: '12' }, { executedVersion: '3' }, { executedVersion: '12' }, {}]);
    assert.deepEqual([...counts], [['3', 1], ['12', 2], ['unknown', 1]]);
  });
});

describe('built-in sample events', () => {
  it('covers the six sources of the issue, each valid JSON for an event file', () => {
    assert.deepEqual(SAMPLE_EVENTS.map((s) => s.id), ['apigateway-rest', 'apigateway-http', 's3-put', 'sqs-batch', 'eventbridge-scheduled', 'dynamodb-stream']);
    for (const sample of SAMPLE_EVENTS) assert.deepEqual(parsePayload(sampleEventText(sample.id), sample.id), sample.event);
  });

  it('has the fields handlers read first', () => {
    const byId = Object.fromEntries(SAMPLE_EVENTS.map((s) => [s.id, s.event as Record<string, unknown>]));
    assert.equal(byId['apigateway-rest'].httpMethod, 'GET');
    assert.equal(byId['apigateway-http'].version, '2.0');
    assert.equal((byId['sqs-batch'].Records as unknown[]).length, 2);
    assert.equal(byId['eventbridge-scheduled']['detail-type'], 'Scheduled Event');
  });
});
