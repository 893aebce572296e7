import * as assert from 'node:assert/strict';
import { formatFindings, layerChanges, preflightChecks, type PreflightFinding, type PreflightInput } from '../../src/release/preflight';
import { movedVersions, preflightAliasMove, preflightRelease, type PreflightReader } from '../../src/release/preflightMove';
import { known, layerRef, unknown, type ProvisionedConcurrency, type VersionConfigFacts } from '../../src/release/versionFacts';

const ROLE = 'arn:aws:iam::123456789012:role/app';
const RUNTIME_A = 'arn:aws:lambda:us-east-1::runtime:aaaaaaaaaaaaaaaaaaaa';
const RUNTIME_B = 'arn:aws:lambda:us-east-1::runtime:bbbbbbbbbbbbbbbbbbbb';
const layer = (name: string, version: number) => layerRef(`arn:aws:lambda:us-east-1:123456789012:layer:${name}:${version}`, 1000);

function facts(version: string, over: Partial<VersionConfigFacts> = {}): VersionConfigFacts {
  return {
    version,
    state: 'Active',
    lastUpdateStatus: 'Successful',
    role: ROLE,
    runtime: 'nodejs20.x',
    runtimeVersionArn: RUNTIME_A,
    layers: [layer('shared', 3)],
    memoryMb: 256,
    timeoutSeconds: 10,
    environmentKeys: ['A', 'B'],
    packageType: 'Zip',
    ...over,
  };
}

const ready: ProvisionedConcurrency = { qualifier: '42', requested: 5, allocated: 5, available: 5, status: 'READY' };

function input(over: Partial<PreflightInput> = {}): PreflightInput {
  return {
    functionName: 'orders-api',
    aliasName: 'prod',
    currentVersion: '41',
    targetVersion: '42',
    weighted: false,
    current: known(facts('41')),
    target: known(facts('42')),
    aliasProvisioned: known(null),
    targetProvisioned: known(null),
    ...over,
  };
}

/** [case, input, the check and severity expected ('none' = the check found nothing), text the row must contain] */
const TABLE: [string, PreflightInput, PreflightFinding['check'], PreflightFinding['severity'] | 'none', string?][] = [
  ['identical versions', input(), 'state', 'none'],
  ['target Inactive', input({ target: known(facts('42', { state: 'Inactive', stateReason: 'idle' })) }), 'state', 'warn', 'Inactive'],
  ['target Pending', input({ target: known(facts('42', { state: 'Pending' })) }), 'state', 'warn', 'Pending'],
  ['last update failed', input({ target: known(facts('42', { lastUpdateStatus: 'Failed', lastUpdateStatusReason: 'EniLimitExceeded' })) }), 'state', 'warn', 'EniLimitExceeded'],
  ['state not reported', input({ target: known(facts('42', { state: undefined })) }), 'state', 'unknown', 'the state of version 42 (Lambda did not report it)'],
  ['target unreadable', input({ target: unknown('access denied for this identity') }), 'state', 'unknown', 'access denied'],
  ['alias PC, target none', input({ aliasProvisioned: known({ ...ready, qualifier: 'prod' }) }), 'provisioned', 'warn', 'cold starts'],
  ['alias PC, target IN_PROGRESS', input({ aliasProvisioned: known({ ...ready, qualifier: 'prod' }), targetProvisioned: known({ ...ready, status: 'IN_PROGRESS', available: 0 }) }), 'provisioned', 'warn', 'IN_PROGRESS'],
  ['alias PC, target READY', input({ aliasProvisioned: known({ ...ready, qualifier: 'prod' }), targetProvisioned: known(ready) }), 'provisioned', 'none'],
  ['no PC on the alias', input({ targetProvisioned: known(null) }), 'provisioned', 'none'],
  ['alias PC unreadable', input({ aliasProvisioned: unknown('this endpoint does not serve that API', true) }), 'provisioned', 'unknown', 'provisioned concurrency of prod (this endpoint'],
  ['alias PC, target PC unreadable', input({ aliasProvisioned: known({ ...ready, qualifier: 'prod' }), targetProvisioned: unknown('throttled') }), 'provisioned', 'unknown', 'throttled'],
  ['weighted, same role and DLQ', input({ weighted: true }), 'weighted', 'none'],
  ['weighted, other role', input({ weighted: true, target: known(facts('42', { role: 'arn:aws:iam::123456789012:role/other' })) }), 'weighted', 'refuse', 'execution roles'],
  ['weighted, other DLQ', input({ weighted: true, target: known(facts('42', { deadLetterTarget: 'arn:aws:sqs:us-east-1:123456789012:dlq' })) }), 'weighted', 'refuse', 'dead-letter'],
  ['weighted to $LATEST', input({ weighted: true, targetVersion: '$LATEST' }), 'weighted', 'refuse', 'published versions'],
  ['weighted, current unreadable', input({ weighted: true, current: unknown('network down') }), 'weighted', 'unknown', 'network down'],
  ['full move, other role (allowed)', input({ target: known(facts('42', { role: 'arn:aws:iam::123456789012:role/other' })) }), 'weighted', 'none'],
  ['runtime version differs', input({ target: known(facts('42', { runtimeVersionArn: RUNTIME_B })) }), 'runtime', 'warn', 'bbbbbbbbbbbb'],
  ['runtime differs', input({ target: known(facts('42', { runtime: 'nodejs22.x' })) }), 'runtime', 'warn', 'nodejs20.x on 41 → nodejs22.x on 42'],
  ['runtime version not reported', input({ target: known(facts('42', { runtimeVersionArn: undefined })) }), 'runtime', 'unknown', 'version 42'],
  ['image functions carry their runtime', input({ current: known(facts('41', { packageType: 'Image', runtime: undefined })), target: known(facts('42', { packageType: 'Image', runtime: undefined })) }), 'runtime', 'none'],
  ['current unreadable', input({ current: unknown('gone') }), 'runtime', 'unknown', 'against version 41 (could not read it: gone)'],
  ['SnapStart on, not optimized', input({ target: known(facts('42', { snapStart: { applyOn: 'PublishedVersions', optimizationStatus: 'Off' } })) }), 'snapStart', 'warn', 'not optimized'],
  ['SnapStart on, optimized', input({ target: known(facts('42', { snapStart: { applyOn: 'PublishedVersions', optimizationStatus: 'On' } })) }), 'snapStart', 'none'],
  ['SnapStart off', input({ target: known(facts('42', { snapStart: { applyOn: 'None', optimizationStatus: 'Off' } })) }), 'snapStart', 'none'],
  ['layer version bumped', input({ target: known(facts('42', { layers: [layer('shared', 4)] })) }), 'layers', 'warn', 'shared 3 → 4'],
  ['layer added and removed', input({ target: known(facts('42', { layers: [layer('otel', 12)] })) }), 'layers', 'warn', '+ otel 12, − shared 3'],
  ['memory and env keys differ', input({ target: known(facts('42', { memoryMb: 512, environmentKeys: ['A', 'C', 'D'] })) }), 'configuration', 'warn', 'memory 256 → 512 MB, environment keys +2 −1'],
  ['timeout differs', input({ target: known(facts('42', { timeoutSeconds: 30 })) }), 'configuration', 'warn', 'timeout 10 → 30 s'],
];

describe('preflightChecks (table)', () => {
  for (const [name, given, check, severity, text] of TABLE) {
    it(`${name}: ${check} ${severity}`, () => {
      const found = preflightChecks(given).filter((f) => f.check === check);
      if (severity === 'none') {
        assert.deepEqual(found, []);
        return;
      }
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0].severity, severity);
      if (text) assert.ok(found[0].message.includes(text), found[0].message);
    });
  }

  it('identical versions with every fact known find nothing at all', () => {
    assert.deepEqual(preflightChecks(input({ weighted: true, aliasProvisioned: known({ ...ready, qualifier: 'prod' }), targetProvisioned: known(ready) })), []);
  });

  it('settings differences carry the two versions for the Compare button', () => {
    const [finding] = preflightChecks(input({ target: known(facts('42', { memoryMb: 1024 })) }));
    assert.deepEqual(finding.compare, { left: '41', right: '42' });
  });

  it('formats refusals first and marks unknowns as not checked', () => {
    const text = formatFindings([
      { check: 'runtime', severity: 'unknown', message: 'the runtime version (not reported).' },
      { check: 'weighted', severity: 'refuse', message: 'Different roles.' },
    ]);
    assert.equal(text, '⛔ Different roles.\n? Not checked: the runtime version (not reported).');
  });

  it('layerChanges names same-version layers from another account', () => {
    const other = layerRef('arn:aws:lambda:us-east-1:999999999999:layer:shared:3');
    assert.deepEqual(layerChanges([layer('shared', 3)], [other]), ['shared (other account or region)']);
  });
});

describe('preflightAliasMove', () => {
  const plan = (action: 'repoint' | 'shift' | 'promote' | 'abort' | 'rollback', to: { version: string; routing: { version: string; weight: number }[] }) => ({
    aliasName: 'prod',
    action,
    from: { version: '41', routing: [] },
    to,
  });

  it('names the serving and the receiving version of each kind of move', () => {
    assert.deepEqual(movedVersions(plan('repoint', { version: '42', routing: [] })), { current: '41', target: '42', weighted: false });
    assert.deepEqual(movedVersions(plan('rollback', { version: '40', routing: [] })), { current: '41', target: '40', weighted: false });
    assert.deepEqual(movedVersions(plan('shift', { version: '41', routing: [{ version: '42', weight: 0.1 }] })), { current: '41', target: '42', weighted: true });
    assert.deepEqual(movedVersions({ ...plan('promote', { version: '42', routing: [] }), from: { version: '41', routing: [{ version: '42', weight: 0.1 }] } }), {
      current: '41',
      target: '42',
      weighted: false,
    });
    assert.equal(movedVersions(plan('abort', { version: '41', routing: [] })), undefined);
  });

  it('reads both versions and both provisioned configs through the reader, then checks', async () => {
    const reads: string[] = [];
    const reader: PreflightReader = {
      versionConfig: async (_fn, version) => {
        reads.push(`config ${version}`);
        return known(facts(version, version === '42' ? { layers: [layer('shared', 4)] } : {}));
      },
      provisionedConcurrency: async (_fn, qualifier) => {
        reads.push(`pc ${qualifier}`);
        return qualifier === 'prod' ? known({ ...ready, qualifier }) : known(null);
      },
    };
    const findings = await preflightAliasMove(reader, 'orders-api', plan('repoint', { version: '42', routing: [] }));
    assert.deepEqual(reads.sort(), ['config 41', 'config 42', 'pc 42', 'pc prod']);
    assert.deepEqual(findings.map((f) => `${f.check}:${f.severity}`), ['provisioned:warn', 'layers:warn']);
  });

  it('makes no reads for an abort (traffic goes back to the version already serving)', async () => {
    const reader: PreflightReader = {
      versionConfig: async () => assert.fail('no read expected'),
      provisionedConcurrency: async () => assert.fail('no read expected'),
    };
    assert.deepEqual(await preflightAliasMove(reader, 'orders-api', plan('abort', { version: '41', routing: [] })), []);
  });
});

describe('preflightRelease (Release… plan hook)', () => {
  function reader(reads: string[]): PreflightReader {
    return {
      versionConfig: async (_fn, version) => {
        reads.push(`config ${version}`);
        return known(facts(version, version === '$LATEST' ? { memoryMb: 1024 } : {}));
      },
      provisionedConcurrency: async (_fn, qualifier) => {
        reads.push(`pc ${qualifier}`);
        return known(null);
      },
    };
  }

  it('judges a version not yet published by $LATEST and names it by its expected number', async () => {
    const reads: string[] = [];
    const findings = await preflightRelease(reader(reads), { functionName: 'orders-api', aliasName: 'prod', currentVersion: '41', release: { version: '42', published: false }, weighted: true });
    assert.deepEqual(reads.sort(), ['config $LATEST', 'config 41', 'pc prod']);
    assert.deepEqual(findings.map((f) => f.message), ['Settings differ: memory 256 → 1024 MB.']);
    assert.deepEqual(findings[0].compare, { left: '41', right: '42' });
  });

  it('reads an existing version and its provisioned concurrency', async () => {
    const reads: string[] = [];
    await preflightRelease(reader(reads), { functionName: 'orders-api', aliasName: 'prod', currentVersion: '41', release: { version: '40', published: true }, weighted: false });
    assert.deepEqual(reads.sort(), ['config 40', 'config 41', 'pc 40', 'pc prod']);
  });
});
