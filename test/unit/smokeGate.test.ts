import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import type { InvocationResult } from '../../src/release/invocation';
import { describeSmokeFailure, describeSmokePass, runSmokeTests, smokeVerifyStep, type SmokeEvent, type SmokeInvoke } from '../../src/release/smokeGate';
import { selectFiles } from '../../src/release/fileSelection';
import { checkEventName, hasSmokeEvents, listEvents, loadEvent, loadSmokeEvents, saveEvent } from '../../src/release/testEvents';

const ok = (payload = '{"statusCode":200}'): Omit<InvocationResult, 'qualifier'> => ({ functionName: 'orders-api', type: 'RequestResponse', statusCode: 200, payload, executedVersion: '7' });

/** A fake invoke at the narrow seam: records qualifiers and payloads, answers from a script. */
function scripted(answers: ((payload: string) => Omit<InvocationResult, 'qualifier'> | Error)[]): SmokeInvoke & { calls: { qualifier: string; payload: string }[] } {
  const calls: { qualifier: string; payload: string }[] = [];
  const invoke = async (qualifier: string, payload: Uint8Array) => {
    const text = new TextDecoder().decode(payload);
    calls.push({ qualifier, payload: text });
    const answer = answers[calls.length - 1](text);
    if (answer instanceof Error) throw answer;
    return { ...answer, qualifier };
  };
  return Object.assign(invoke, { calls });
}

const events: SmokeEvent[] = [
  { name: 'smoke-get', text: '{"path":"/orders/1"}', expectation: { statusCode: 200 } },
  { name: 'smoke-post', text: '{"path":"/orders"}', expectation: { statusCode: 201 } },
  { name: 'smoke-list', text: '{"path":"/orders"}' },
];

describe('smoke gate: runSmokeTests', () => {
  it('invokes the version BY NUMBER with each event, in order, and passes', async () => {
    const invoke = scripted([() => ok(), () => ok('{"statusCode":201}'), () => ok('anything')]);
    const progress: string[] = [];
    const run = await runSmokeTests({ version: '7', events, invoke, onEvent: (i, n, e) => progress.push(`${i}/${n} ${e.name}`) });
    assert.equal(run.passed, true);
    assert.deepEqual(invoke.calls, events.map((e) => ({ qualifier: '7', payload: e.text })));
    assert.deepEqual(progress, ['1/3 smoke-get', '2/3 smoke-post', '3/3 smoke-list']);
    assert.equal(describeSmokePass('orders-api', run), 'Version 7 of orders-api passed 3 smoke tests (smoke-get, smoke-post, smoke-list).');
  });

  it('refuses an alias or $LATEST as the version (a smoke test never goes through the alias)', async () => {
    for (const version of ['prod', '$LATEST']) {
      await assert.rejects(runSmokeTests({ version, events, invoke: scripted([]) }), /published version number/);
    }
  });

  it('stops at the first failing event: the later ones are not invoked', async () => {
    const invoke = scripted([() => ok(), () => ok('{"statusCode":500,"body":"db down"}')]);
    const run = await runSmokeTests({ version: '7', events, invoke });
    assert.equal(run.passed, false);
    assert.equal(invoke.calls.length, 2);
    assert.equal(run.failure?.event.name, 'smoke-post');
    assert.deepEqual(run.skipped, ['smoke-list']);
    assert.equal(
      describeSmokeFailure('orders-api', run, { aliasName: 'prod' }),
      'Version 7 of orders-api was published but failed its smoke test "smoke-post": $.statusCode: expected 201, got 500. prod was not moved. It returned: {"statusCode":500,"body":"db down"}',
    );
    assert.match(describeSmokeFailure('orders-api', run, { when: 'onDemand' }), /^Version 7 of orders-api failed its smoke test "smoke-post": .* It returned:/);
  });

  it('a FunctionError fails even without an expectation', async () => {
    const invoke = scripted([() => ({ ...ok('{"errorType":"TypeError","errorMessage":"x is undefined"}'), functionError: 'Unhandled' })]);
    const run = await runSmokeTests({ version: '7', events: [events[2]], invoke });
    assert.deepEqual(run.failure?.problems, ['Unhandled TypeError: x is undefined']);
  });

  it('an invoke error (throttled, access denied) is a failure: the version was not shown to work', async () => {
    const invoke = scripted([() => new ReleaseError('throttled', 'Lambda throttled the invocation.')]);
    const run = await runSmokeTests({ version: '7', events, invoke });
    assert.equal(run.passed, false);
    assert.deepEqual(run.failure?.problems, ['Lambda throttled the invocation.']);
    assert.equal(run.failure?.result, undefined);
  });

  it('cancellation is rethrown, never reported as a failed test', async () => {
    const controller = new AbortController();
    const invoke = scripted([() => (controller.abort(), new CancelledError())]);
    await assert.rejects(runSmokeTests({ version: '7', events, invoke, signal: controller.signal }), CancelledError);
    const before = new AbortController();
    before.abort();
    const untouched = scripted([]);
    await assert.rejects(runSmokeTests({ version: '7', events, invoke: untouched, signal: before.signal }), CancelledError);
    assert.equal(untouched.calls.length, 0);
  });

  it("the release's verify step returns the failing run, so the command can show it after the release's progress", async () => {
    const invoke = scripted([() => ok(), () => ok('{"statusCode":500,"body":"db down"}')]);
    const verify = smokeVerifyStep({ events: async () => events, invoke });
    const result = await verify({ version: '7' });
    assert.equal(result.ok, false);
    assert.equal(result.summary, 'smoke test "smoke-post" failed ($.statusCode: expected 201, got 500)');
    assert.equal(result.smoke?.failure?.event.name, 'smoke-post');
    assert.deepEqual(invoke.calls.map((c) => c.qualifier), ['7', '7']);
  });

  it('no events: passes with nothing run (the caller decides whether that is allowed)', async () => {
    const run = await runSmokeTests({ version: '7', events: [], invoke: scripted([]) });
    assert.deepEqual({ passed: run.passed, results: run.results.length }, { passed: true, results: 0 });
  });
});

describe('saved test events (.lambda/events/<function>/<name>.json)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lrm-events-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = (name: string, content: string) => {
    const folder = join(root, '.lambda', 'events', 'orders-api');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, name), content);
  };

  it('lists events (not expectations) sorted, with their expectation file when present', async () => {
    put('smoke-b.json', '{}');
    put('smoke-a.json', '{}');
    put('smoke-a.expect.json', '{"statusCode":200}');
    put('notes.txt', 'x');
    const listed = await listEvents(root, 'orders-api');
    assert.deepEqual(listed.map((e) => [e.name, Boolean(e.expectPath)]), [['smoke-a', true], ['smoke-b', false]]);
    assert.deepEqual(await listEvents(root, 'other-fn'), []);
  });

  it('loads an event with its parsed expectation; a missing event names the path it expected', async () => {
    put('get.json', '{"id":1}');
    put('get.expect.json', '{"statusCode":200}');
    const loaded = await loadEvent(root, 'orders-api', 'get');
    assert.deepEqual([loaded.text, loaded.expectation], ['{"id":1}', { statusCode: 200 }]);
    await assert.rejects(loadEvent(root, 'orders-api', 'missing'), (error: ReleaseError) => {
      assert.equal(error.kind, 'notFound');
      assert.equal(error.message, 'No saved event "missing" for orders-api: .lambda/events/orders-api/missing.json does not exist.');
      return true;
    });
  });

  it('an invalid event or expectation file is refused with its path, line and column', async () => {
    put('bad.json', '{\n "a": 1,\n}');
    await assert.rejects(loadEvent(root, 'orders-api', 'bad'), /^ReleaseError: \.lambda\/events\/orders-api\/bad\.json is not valid JSON: .* at line 3, column 1\.$/);
    put('ok.json', '{}');
    put('ok.expect.json', '{');
    await assert.rejects(loadEvent(root, 'orders-api', 'ok'), /ok\.expect\.json is not valid JSON/);
  });

  it('smoke events: every event starting with "smoke" by default, the configured names otherwise', async () => {
    put('smoke-get.json', '{}');
    put('smoke-post.json', '{}');
    put('manual.json', '{}');
    assert.deepEqual((await loadSmokeEvents(root, 'orders-api')).map((e) => e.name), ['smoke-get', 'smoke-post']);
    assert.deepEqual((await loadSmokeEvents(root, 'orders-api', ['manual'])).map((e) => e.name), ['manual']);
    await assert.rejects(loadSmokeEvents(root, 'orders-api', ['smoke-typo']), /No saved event "smoke-typo"/);
    assert.deepEqual([hasSmokeEvents(root, 'orders-api'), hasSmokeEvents(root, 'other-fn'), hasSmokeEvents(root, 'other-fn', ['smoke-typo'])], [true, false, true]);
  });

  it('saved events are never deployed: .lambda/events/ is a built-in exclude of the file selection', async () => {
    put('smoke-get.json', '{"token":"realistic payload"}');
    writeFileSync(join(root, 'index.js'), 'exports.handler = async () => 1;\n');
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((f) => f.relativePath), ['index.js']);
  });

  it('saves an event, refusing bad names, invalid JSON and an overwrite unless asked', async () => {
    const file = await saveEvent(root, 'orders-api', 'smoke-new', '{"a":1}');
    assert.equal((await loadEvent(root, 'orders-api', 'smoke-new')).path, file);
    await assert.rejects(saveEvent(root, 'orders-api', 'smoke-new', '{}'), /already exists/);
    await saveEvent(root, 'orders-api', 'smoke-new', '{"a":2}', { overwrite: true });
    assert.equal((await loadEvent(root, 'orders-api', 'smoke-new')).text, '{"a":2}\n');
    await assert.rejects(saveEvent(root, 'orders-api', '../escape', '{}'), /cannot be an event name/);
    await assert.rejects(saveEvent(root, 'orders-api', 'x', '{'), /not valid JSON/);
    assert.match(checkEventName('a.expect') ?? '', /Leave out/);
    assert.equal(checkEventName('smoke-get_1.v2'), undefined);
  });
});
