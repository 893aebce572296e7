import * as assert from 'node:assert/strict';
import { loadFunctionFacts, provisionedOf, type FunctionFacts, type FunctionFactsReader } from '../../src/release/functionFacts';
import { known, layerRef, unknown, type Fact, type FunctionUrl } from '../../src/release/versionFacts';
import { accountLines, aliasBadge, aliasFactLines, functionFactLines, versionBadge, versionFactLines } from '../../src/tree/factsText';
import { normaliseConfiguration } from '../../src/release/configDiff';

const UNSUPPORTED = unknown('this endpoint does not serve that API', true);

function facts(over: Partial<FunctionFacts> = {}): FunctionFacts {
  return {
    reserved: known(null),
    provisioned: known([{ qualifier: 'prod', requested: 5, allocated: 5, available: 5, status: 'READY' }]),
    urls: new Map<string, Fact<FunctionUrl | null>>([
      ['', known(null)],
      ['prod', known({ qualifier: 'prod', url: 'https://abc.lambda-url.us-east-1.on.aws/', authType: 'NONE', cors: 'CORS: any origin · GET' })],
      ['beta', known(null)],
    ]),
    runtime: known({ updateRuntimeOn: 'Auto' }),
    codeSigning: known(null),
    ...over,
  };
}

describe('version facts in the tree (text of tooltips and badges)', () => {
  it('an alias with provisioned concurrency and a public URL says both, in the badge and the tooltip', () => {
    assert.equal(aliasBadge('prod', facts()), ' · PC 5 READY · public URL');
    assert.deepEqual(aliasFactLines('prod', facts()), [
      'Provisioned concurrency: 5 requested · 5 allocated · 5 available · READY',
      'Function URL: https://abc.lambda-url.us-east-1.on.aws/ (public: auth NONE · CORS: any origin · GET)',
    ]);
    assert.equal(aliasBadge('beta', facts()), '');
  });

  it('an unreadable fact says why in the tooltip and adds no badge', () => {
    const f = facts({ provisioned: UNSUPPORTED, urls: new Map([['beta', unknown('access denied for this identity')]]) });
    assert.deepEqual(aliasFactLines('beta', f), ['Provisioned concurrency: unknown (this endpoint does not serve that API)', 'Function URL: unknown (access denied for this identity)']);
    assert.equal(aliasBadge('beta', f), '');
  });

  it('says "loading…" until the facts arrive', () => {
    assert.deepEqual(aliasFactLines('prod', undefined), ['Provisioned concurrency, function URL: loading…']);
    assert.equal(aliasBadge('prod', undefined), '');
  });

  it('a version lists its layers with sizes, runtime version and SnapStart', () => {
    const version = {
      version: '3',
      state: 'Active',
      layers: [layerRef('arn:aws:lambda:us-east-1:123456789012:layer:shared-utils:2', 2048)],
      environmentKeys: [],
      runtimeVersionArn: undefined,
      snapStart: { applyOn: 'PublishedVersions', optimizationStatus: 'On' },
      packageType: 'Zip',
    };
    assert.deepEqual(versionFactLines(version, facts()), [
      'Layers: shared-utils:2 (2.0 KiB)',
      'Runtime version: not reported by Lambda',
      'SnapStart: PublishedVersions · optimization On',
      'Provisioned concurrency: none',
    ]);
    assert.equal(versionBadge(version), '1 layer');
  });

  it('function tooltip: reserved 0 says every invocation is throttled; runtime pin shown', () => {
    const lines = functionFactLines(facts({ reserved: known(0), runtime: known({ updateRuntimeOn: 'Manual', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc' }) }));
    assert.equal(lines[0], 'Reserved concurrency: 0 (every invocation is throttled)');
    assert.equal(lines[1], 'Provisioned concurrency: prod: 5 requested · 5 allocated · 5 available · READY');
    assert.equal(lines[2], 'Function URL ($LATEST): none');
    assert.equal(lines[3], 'Runtime updates: Manual (pinned to `arn:aws:lambda:us-east-1::runtime:abc`)');
  });

  it('account limits, or why they are unknown', () => {
    assert.deepEqual(accountLines(known({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 900, totalCodeSize: 12 * 1024 * 1024, codeSizeLimit: 75 * 1024 ** 3 })), [
      'Account concurrency: 1000 · unreserved 900',
      'Code storage: 12.0 MiB of 75.0 GiB',
    ]);
    assert.deepEqual(accountLines(UNSUPPORTED), ['Account limits: unknown (this endpoint does not serve that API)']);
  });

  it('loadFunctionFacts reads each fact once, URLs for $LATEST and every alias', async () => {
    const calls: string[] = [];
    const reader: FunctionFactsReader = {
      reservedConcurrency: async () => (calls.push('reserved'), known(10)),
      listProvisionedConcurrency: async () => (calls.push('provisioned'), UNSUPPORTED),
      functionUrl: async (_fn, q) => (calls.push(`url ${q ?? '$LATEST'}`), known(null)),
      runtimeManagement: async () => (calls.push('runtime'), UNSUPPORTED),
      codeSigning: async () => (calls.push('signing'), known(null)),
    };
    const loaded = await loadFunctionFacts(reader, 'orders-api', ['beta', 'prod']);
    assert.deepEqual(calls.sort(), ['provisioned', 'reserved', 'runtime', 'signing', 'url $LATEST', 'url beta', 'url prod']);
    assert.deepEqual([...loaded.urls.keys()], ['', 'beta', 'prod']);
    assert.deepEqual(provisionedOf(loaded, 'prod'), UNSUPPORTED);
  });

  it('Compare With… shows provisioned concurrency next to reserved', () => {
    const doc = normaliseConfiguration({ FunctionName: 'f', Version: '3' }, { maskSalt: 's', reservedConcurrency: 10, provisionedConcurrency: 5 });
    assert.match(doc, /\nconcurrency:\n {2}reserved: 10\n {2}provisioned: 5\n/);
    assert.match(normaliseConfiguration({ FunctionName: 'f', Version: '3' }, { maskSalt: 's', provisionedConcurrency: 'unknown (denied)' }), /\nconcurrency:\n {2}provisioned: unknown \(denied\)\n/);
  });
});
