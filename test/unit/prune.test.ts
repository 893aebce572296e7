import * as assert from 'node:assert/strict';
import type { AliasSummary, VersionSummary } from '../../src/aws/types';
import { checkKeepCount, planPrune, type PruneInput } from '../../src/release/prune';
import { known, unknown, type Fact, type FunctionUrl } from '../../src/release/versionFacts';
import { checkConcurrency, reservablePool } from '../../src/release/versionFactRules';

const versions = (n: number): VersionSummary[] => [
  { version: '$LATEST', arn: 'x', codeSize: 999 },
  ...Array.from({ length: n }, (_, i) => ({ version: String(i + 1), arn: `x:${i + 1}`, codeSize: 1000 * (i + 1) })),
];
const alias = (name: string, functionVersion: string, routing: { version: string; weight: number }[] = []): AliasSummary => ({ name, arn: `x:${name}`, functionVersion, routing });

function input(over: Partial<PruneInput> = {}): PruneInput {
  return {
    versions: versions(15),
    aliases: [],
    keep: 10,
    provisioned: known([]),
    urls: new Map(),
    eventSources: known([]),
    ...over,
  };
}

describe('planPrune', () => {
  it('keeps the newest N and deletes the rest oldest first, adding up the code freed', () => {
    const plan = planPrune(input());
    assert.deepEqual(plan.remove.map((v) => v.version), ['1', '2', '3', '4', '5']);
    assert.equal(plan.freedBytes, 1000 + 2000 + 3000 + 4000 + 5000);
    assert.deepEqual(plan.kept.find((k) => k.version === '15')?.reasons, ['newest']);
  });

  it('never deletes what an alias (primary or weight), provisioned concurrency, a URL, a mapping or a rollout refers to', () => {
    const plan = planPrune(
      input({
        aliases: [alias('prod', '2', [{ version: '3', weight: 0.1 }]), alias('edge', '12')],
        provisioned: known([{ qualifier: '4', requested: 2 }]),
        urls: new Map<string, Fact<FunctionUrl | null>>([['prod', known({ qualifier: 'prod', url: 'u', authType: 'AWS_IAM' })]]),
        eventSources: known([{ uuid: 'm', qualifier: '5' }, { uuid: 'n' }]),
        inUse: (v) => (v === '1' ? 'rollout of prod in progress' : undefined),
      }),
    );
    assert.deepEqual(plan.remove, []);
    const why = Object.fromEntries(plan.kept.map((k) => [k.version, k.reasons.join('; ')]));
    assert.equal(why['1'], 'rollout of prod in progress');
    assert.equal(why['2'], 'alias prod; function URL of prod');
    assert.equal(why['3'], 'alias prod (weight 10%); function URL of prod');
    assert.equal(why['4'], 'provisioned concurrency');
    assert.equal(why['5'], 'event source mapping');
  });

  it('provisioned concurrency and mappings on an alias protect the versions it routes to', () => {
    const plan = planPrune(input({ keep: 1, aliases: [alias('live', '6', [{ version: '7', weight: 0.5 }])], provisioned: known([{ qualifier: 'live', requested: 1 }]), eventSources: known([{ uuid: 'q', qualifier: 'live' }]) }));
    const why = Object.fromEntries(plan.kept.map((k) => [k.version, k.reasons.join('; ')]));
    assert.equal(why['6'], 'alias live; provisioned concurrency on live; event source mapping via live');
    assert.ok(!plan.remove.some((v) => v.version === '6' || v.version === '7'));
    assert.equal(plan.remove.length, 12);
  });

  it('an unreadable safety fact deletes nothing and says why', () => {
    const plan = planPrune(input({ eventSources: unknown('access denied for this identity') }));
    assert.deepEqual(plan.remove, []);
    assert.match(plan.refused ?? '', /could not read Event source mappings \(access denied for this identity\)/);
  });

  it('an endpoint that does not serve provisioned concurrency at all is a note, not a refusal', () => {
    const plan = planPrune(input({ provisioned: unknown('this endpoint does not serve that API', true) }));
    assert.equal(plan.refused, undefined);
    assert.equal(plan.remove.length, 5);
    assert.deepEqual(plan.notes, ['Provisioned concurrency: this endpoint does not serve that API; none can exist there.']);
  });

  it('keep-count 0, negative or fractional is refused', () => {
    for (const keep of [0, -1, 2.5]) {
      assert.match(checkKeepCount(keep) ?? '', /Keep at least 1/);
      assert.deepEqual(planPrune(input({ keep })).remove, []);
    }
    assert.equal(checkKeepCount(1), undefined);
  });
});

describe('reservablePool (Set Reserved Concurrency)', () => {
  it('is the unreserved pool plus what the function reserves now, minus the 100 Lambda keeps', () => {
    assert.equal(reservablePool(900, null), 800);
    assert.equal(reservablePool(900, 50), 850);
    assert.equal(reservablePool(50, null), 0);
    assert.equal(reservablePool(undefined, 10), undefined);
    assert.match(checkConcurrency('801', 'reserved', reservablePool(900, null)) ?? '', /more than the 800 executions/);
    assert.equal(checkConcurrency('800', 'reserved', reservablePool(900, null)), undefined);
  });
});
