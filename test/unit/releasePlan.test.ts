/**
 * The release plan (src/release/releasePlan.ts) as a table: what was read → what Release… will do,
 * refuse (with its buttons) or call "nothing to do", before anything changes.
 */
import * as assert from 'node:assert/strict';
import type { AliasSummary, VersionSummary } from '../../src/aws/types';
import { alreadyReleased, describeAliasNow, planRelease, releaseVersion, type PlanRequest, type ReleasePlan } from '../../src/release/releasePlan';

const OLD = 'b2xkLWNvZGU=';
const NEW = 'bmV3LWNvZGU=';

function alias(name: string, version: string, canary?: [string, number]): AliasSummary {
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:orders-api:${name}`,
    functionVersion: version,
    revisionId: 'rev-1',
    routing: canary ? [{ version: canary[0], weight: canary[1] }] : [],
  };
}

function version(number: string, codeSha256: string, description?: string): VersionSummary {
  return { version: number, arn: `arn:aws:lambda:us-east-1:123456789012:function:orders-api:${number}`, codeSha256, description };
}

/** Versions 1–3 hold older code; version 4 holds NEW with its description. */
const WITH_4 = [version('$LATEST', NEW), version('1', 'MQ=='), version('2', 'Mg=='), version('3', OLD), version('4', NEW, 'walk: one-line change')];
const WITHOUT_NEW = [version('$LATEST', OLD), version('1', 'MQ=='), version('2', 'Mg=='), version('3', OLD)];

function request(over: Partial<PlanRequest>): PlanRequest {
  return {
    functionName: 'orders-api',
    alias: alias('prod', '2'),
    packageSha256: NEW,
    fileCount: 3,
    latestCodeSha256: OLD,
    versions: WITHOUT_NEW,
    protectedAlias: true,
    move: { kind: 'full' },
    ...over,
  };
}

interface Row {
  name: string;
  request: PlanRequest;
  kind: ReleasePlan['kind'];
  /** Step kinds, for ready plans. */
  steps?: string[];
  /** The one line shown before acting (ready), the refusal's reason, or the information. */
  text: string | RegExp;
  buttons?: string[];
  asksDescription?: boolean;
}

const table: Row[] = [
  {
    name: 'changed code, full move: deploy → publish the next version → move',
    request: request({ alias: alias('beta', '3'), protectedAlias: false }),
    kind: 'ready',
    steps: ['deploy', 'publish', 'move'],
    text: 'Deploy 3 files ($LATEST runs other code) → publish version 4 → move beta 3 → 4',
    asksDescription: true,
  },
  {
    name: 'changed code, canary 10% on prod: the primary stays and is named, flat',
    request: request({ move: { kind: 'canary', weight: 0.1 } }),
    kind: 'ready',
    steps: ['deploy', 'publish', 'move'],
    text: 'Deploy 3 files ($LATEST runs other code) → publish version 4 → send 10% of prod to 4, prod now → 2',
    asksDescription: true,
  },
  {
    name: 'unchanged code with an existing version: reuse it, keep its description, ask nothing',
    request: request({ latestCodeSha256: NEW, versions: WITH_4 }),
    kind: 'ready',
    steps: ['reuse', 'move'],
    text: 'Code unchanged: version 4 already holds it, its description stays "walk: one-line change" → move prod 2 → 4',
    asksDescription: false,
  },
  {
    name: '$LATEST runs other code but a published version holds the package: deploy, reuse that version (no duplicate)',
    request: request({ latestCodeSha256: 'b3RoZXI=', versions: WITH_4 }),
    kind: 'ready',
    steps: ['deploy', 'reuse', 'move'],
    text: 'Deploy 3 files ($LATEST runs other code) → version 4 already holds this code, its description stays "walk: one-line change" → move prod 2 → 4',
    asksDescription: false,
  },
  {
    name: 'unchanged code, built on $LATEST but never published: publish without deploying',
    request: request({ latestCodeSha256: NEW }),
    kind: 'ready',
    steps: ['publish', 'move'],
    text: 'Publish version 4 → move prod 2 → 4',
    asksDescription: true,
  },
  {
    name: 'nothing to do: prod already runs this code (information, not an error)',
    request: request({ alias: alias('prod', '4'), latestCodeSha256: NEW, versions: WITH_4 }),
    kind: 'nothingToDo',
    text: 'Nothing to do: prod already runs this code (version 4).',
  },
  {
    name: 'canary running to another version: refused before any change, with the ways forward as buttons',
    request: request({ alias: alias('prod', '2', ['3', 0.1]), move: { kind: 'canary', weight: 0.1 } }),
    kind: 'refused',
    text: 'prod already sends 10% to version 3 (canary running): end that canary before starting one to the new version 4. Nothing has been changed.',
    buttons: ['Abort Canary and Continue', 'Promote 3 First', 'Cancel'],
  },
  {
    name: '"Abort Canary and Continue": abort first, then the canary starts from the primary',
    request: request({ alias: alias('prod', '2', ['3', 0.1]), move: { kind: 'canary', weight: 0.1 }, resolve: 'abort' }),
    kind: 'ready',
    steps: ['resolveCanary', 'deploy', 'publish', 'move'],
    text: 'Abort the canary to 3 (prod → 2) → deploy 3 files ($LATEST runs other code) → publish version 4 → send 10% of prod to 4, prod now → 2',
    asksDescription: true,
  },
  {
    name: '"Promote 3 First": promote, then the canary starts from 3',
    request: request({ alias: alias('prod', '2', ['3', 0.1]), move: { kind: 'canary', weight: 0.1 }, resolve: 'promote' }),
    kind: 'ready',
    steps: ['resolveCanary', 'deploy', 'publish', 'move'],
    text: 'Promote 3 (prod → 3) → deploy 3 files ($LATEST runs other code) → publish version 4 → send 10% of prod to 4, prod now → 3',
  },
  {
    name: 'same version: a canary to the version prod already runs is nothing to do, and says the running canary',
    request: request({ alias: alias('prod', '4', ['3', 0.1]), latestCodeSha256: NEW, versions: WITH_4, move: { kind: 'canary', weight: 0.1 } }),
    kind: 'nothingToDo',
    text: 'Nothing to do: prod already runs this code (version 4); 10% goes to version 3 (canary running).',
  },
  {
    name: 'same canary again (same version, same weight): nothing to do',
    request: request({ alias: alias('prod', '2', ['4', 0.1]), latestCodeSha256: NEW, versions: WITH_4, move: { kind: 'canary', weight: 0.1 } }),
    kind: 'nothingToDo',
    text: 'Nothing to do: prod already sends 10% to version 4, which holds this code.',
  },
  {
    name: 'same canary version with another weight: the weight changes',
    request: request({ alias: alias('prod', '2', ['4', 0.1]), latestCodeSha256: NEW, versions: WITH_4, move: { kind: 'canary', weight: 0.25 } }),
    kind: 'ready',
    steps: ['reuse', 'move'],
    text: /send 25% of prod to 4, prod now → 2 · 10% → 4$/,
  },
  {
    name: 'full move while a canary runs to another version: allowed, the plan shows the canary it ends',
    request: request({ alias: alias('prod', '2', ['3', 0.1]) }),
    kind: 'ready',
    steps: ['deploy', 'publish', 'move'],
    text: /move all of prod to 4, prod now → 2 · 10% → 3$/,
  },
  {
    name: 'a canary on an alias pointing at $LATEST: refused, "Move Fully Instead" offered',
    request: request({ alias: alias('dev', '$LATEST'), protectedAlias: false, move: { kind: 'canary', weight: 0.1 } }),
    kind: 'refused',
    text: 'dev points at $LATEST: a canary needs the alias on a published version first.',
    buttons: ['Move Fully Instead', 'Cancel'],
  },
  {
    name: 'a pre-flight blocker refuses the plan',
    request: request({ findings: [{ severity: 'blocker', message: 'Version 4 changes the runtime to python3.13.' }] }),
    kind: 'refused',
    text: 'Version 4 changes the runtime to python3.13.',
    buttons: ['Cancel'],
  },
  {
    name: 'a verify hook adds its step between publish and the move',
    request: request({ verify: { label: 'smoke-test the new version' } }),
    kind: 'ready',
    steps: ['deploy', 'publish', 'verify', 'move'],
    text: /publish version 4 → smoke-test the new version → move prod 2 → 4$/,
  },
  {
    name: 'a gradual move plans its first step like a canary',
    request: request({ move: { kind: 'gradual', firstWeight: 0.1, label: 'Linear 10% every 5 minutes' } }),
    kind: 'ready',
    steps: ['deploy', 'publish', 'move'],
    text: /start Linear 10% every 5 minutes of prod to 4, first 10%, prod now → 2$/,
  },
];

describe('planRelease: what Release… decides before it changes anything', () => {
  for (const row of table) {
    it(row.name, () => {
      const plan = planRelease(row.request);
      assert.equal(plan.kind, row.kind, JSON.stringify(plan));
      const text = plan.kind === 'ready' ? plan.summary : plan.kind === 'refused' ? plan.reason : plan.message;
      if (typeof row.text === 'string') assert.equal(text, row.text);
      else assert.match(text, row.text);
      if (plan.kind === 'ready') {
        assert.deepEqual(
          plan.steps.map((s) => s.kind),
          row.steps,
        );
        if (row.asksDescription !== undefined) assert.equal(plan.asksDescription, row.asksDescription);
      }
      if (plan.kind === 'refused') assert.deepEqual(plan.waysForward.map((w) => w.label), row.buttons);
    });
  }

  it('protected or not is carried to the plan (the modal words it), never dropped', () => {
    const on = planRelease(request({}));
    const off = planRelease(request({ protectedAlias: false }));
    assert.ok(on.kind === 'ready' && off.kind === 'ready');
    assert.equal(on.protectedAlias, true);
    assert.equal(off.protectedAlias, false);
  });

  it('the move step targets the expected version from the state the resolve step leaves', () => {
    const plan = planRelease(request({ alias: alias('prod', '2', ['3', 0.1]), move: { kind: 'canary', weight: 0.1 }, resolve: 'promote' }));
    assert.ok(plan.kind === 'ready');
    const move = plan.steps.at(-1);
    assert.deepEqual(move, { kind: 'move', move: { kind: 'canary', weight: 0.1 }, from: { version: '3', routing: [] }, to: { version: '3', routing: [{ version: '4', weight: 0.1 }] } });
  });

  it('the ways forward say what to plan next', () => {
    const plan = planRelease(request({ alias: alias('prod', '2', ['3', 0.1]), move: { kind: 'canary', weight: 0.1 } }));
    assert.ok(plan.kind === 'refused');
    assert.deepEqual(
      plan.waysForward.map((w) => w.next),
      [{ resolve: 'abort' }, { resolve: 'promote' }, 'cancel'],
    );
  });

  it('warnings of the pre-flight are part of the plan\'s detail', () => {
    const plan = planRelease(request({ findings: [{ severity: 'warning', message: 'Memory drops from 512 to 256 MB.' }] }));
    assert.ok(plan.kind === 'ready');
    assert.equal(plan.detail.at(-1), 'Warning: Memory drops from 512 to 256 MB.');
  });
});

describe('releaseVersion and describeAliasNow', () => {
  it('reuses the NEWEST version holding the code; else expects the highest number + 1', () => {
    assert.deepEqual(releaseVersion({ packageSha256: OLD, versions: WITH_4.concat(version('5', OLD, 'again')) }), { kind: 'existing', version: '5', description: 'again' });
    assert.deepEqual(releaseVersion({ packageSha256: 'bm9uZQ==', versions: WITH_4 }), { kind: 'new', expected: '5' });
    assert.deepEqual(releaseVersion({ packageSha256: NEW, versions: [version('$LATEST', NEW)] }), { kind: 'new', expected: '1' });
  });

  it('alreadyReleased: nothing to do whatever the move only when the alias points fully at the holder', () => {
    assert.equal(alreadyReleased({ alias: alias('prod', '4'), packageSha256: NEW, versions: WITH_4 }), 'Nothing to do: prod already runs this code (version 4).');
    assert.equal(alreadyReleased({ alias: alias('prod', '4', ['3', 0.1]), packageSha256: NEW, versions: WITH_4 }), undefined, 'a full move would still end the canary');
    assert.equal(alreadyReleased({ alias: alias('prod', '2'), packageSha256: NEW, versions: WITH_4 }), undefined);
    assert.equal(alreadyReleased({ alias: alias('prod', '3'), packageSha256: NEW, versions: WITHOUT_NEW }), undefined, 'no version holds the code');
  });

  it('move options say what exists: "prod → 2 · 10% → 3 (canary running)"', () => {
    assert.equal(describeAliasNow(alias('prod', '2', ['3', 0.1])), 'prod → 2 · 10% → 3 (canary running)');
    assert.equal(describeAliasNow(alias('beta', '3')), 'beta → 3');
  });
});
