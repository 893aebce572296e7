import * as assert from 'node:assert/strict';
import type { AliasSummary } from '../../src/aws/types';
import {
  checkWeightPercent,
  confirmationMessage,
  DEFAULT_PROTECTED_ALIASES,
  describeAlias,
  describeTarget,
  formatPercent,
  isProtectedAlias,
  parseWeightPercent,
  planAbort,
  planPromote,
  planRepoint,
  planRollback,
  planShift,
  statusBarTarget,
  validateAliasName,
  validateCanary,
  validateVersion,
  versionAliasLabels,
} from '../../src/release/aliases';
import { ReleaseError } from '../../src/release/errors';

function alias(name: string, functionVersion: string, routing: AliasSummary['routing'] = [], revisionId = 'rev-1'): AliasSummary {
  return { name, arn: `arn:aws:lambda:us-east-1:123456789012:function:orders-api:${name}`, functionVersion, routing, revisionId };
}

function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ReleaseError, `expected a ReleaseError, got ${String(error)}`);
    assert.equal(error.kind, 'validation');
    return error.message;
  }
  assert.fail('expected a validation error');
}

describe('aliases: name validation', () => {
  const accepted = ['prod', 'a', 'beta-2', 'canary_1', 'A1', '1a', '_', '-', 'x'.repeat(128)];
  for (const name of accepted) {
    it(`accepts "${name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name}"`, () => assert.equal(validateAliasName(name), undefined));
  }

  const rejected: Array<[string, RegExp]> = [
    ['', /Enter an alias name/],
    ['$LATEST', /\$LATEST.*reserved/],
    ['42', /cannot be all digits/],
    ['007', /cannot be all digits/],
    ['x'.repeat(129), /at most 128 characters \(this one has 129\)/],
    ['my alias', /only letters, digits.*space/],
    ['prod.v2', /only letters, digits.*"\."/],
    ['prod:1', /"\:"/],
    ['prödü', /"ö", "ü"/],
    ['$prod', /"\$"/],
  ];
  for (const [name, message] of rejected) {
    it(`rejects "${name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name}" with a clear message`, () => {
      const problem = validateAliasName(name);
      assert.ok(problem, 'expected a message');
      assert.match(problem, message);
    });
  }

  it('validates versions: published numbers and $LATEST only', () => {
    for (const ok of ['1', '42', '$LATEST']) assert.equal(validateVersion(ok), undefined, ok);
    for (const bad of ['', '0', '01', '-1', '1.5', 'prod', 'latest']) assert.match(validateVersion(bad) ?? '', /is not a version/, bad);
  });
});

describe('aliases: weight percent', () => {
  const accepted: Array<[string | number, number]> = [
    ['10', 0.1],
    ['12.5', 0.125],
    [' 5 ', 0.05],
    ['10%', 0.1],
    ['10 %', 0.1],
    ['0.1', 0.001],
    ['99.9', 0.999],
    ['.5', 0.005],
    ['+20', 0.2],
    [50, 0.5],
    [33.3, 0.333],
  ];
  for (const [input, weight] of accepted) {
    it(`"${input}" → ${weight}`, () => {
      assert.equal(checkWeightPercent(input), undefined);
      assert.equal(parseWeightPercent(input), weight);
    });
  }

  const rejected: Array<[string | number, RegExp]> = [
    ['', /Enter the share of traffic/],
    ['   ', /Enter the share of traffic/],
    ['0', /0% would send no traffic.*Abort Canary/],
    ['0.0', /0% would send no traffic/],
    ['100', /100% would send all traffic.*Promote/],
    ['100.0', /100% would send all traffic/],
    ['150', /more than 100%/],
    ['-5', /cannot be negative/],
    ['-0.5', /cannot be negative/],
    ['abc', /"abc" is not a number/],
    ['NaN', /"NaN" is not a number/],
    ['Infinity', /is not a number/],
    ['1e1', /is not a number/],
    ['10,5', /is not a number/],
    ['12.55', /at most one decimal/],
    [Number.NaN, /is not a number/],
    [0, /0% would send no traffic/],
    [100, /100% would send all traffic/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects "${input}" with a clear message`, () => {
      assert.match(checkWeightPercent(input) ?? '', message);
      assert.match(validationMessage(() => parseWeightPercent(input)), message);
    });
  }

  it('formats weights as percentages without float noise', () => {
    assert.equal(formatPercent(0.1), '10%');
    assert.equal(formatPercent(0.125), '12.5%');
    assert.equal(formatPercent(0.9), '90%');
    assert.equal(formatPercent(0.07), '7%');
  });
});

describe('aliases: canary validation', () => {
  it('accepts one additional published version that differs from the primary', () => {
    assert.equal(validateCanary(alias('prod', '41'), '42', 0.1), undefined);
  });
  it('accepts changing the weight of the running canary', () => {
    assert.equal(validateCanary(alias('prod', '41', [{ version: '42', weight: 0.1 }]), '42', 0.5), undefined);
  });
  const rejected: Array<[string, AliasSummary, string, number, RegExp]> = [
    ['the same version as the primary', alias('prod', '41'), '41', 0.1, /already points at 41: pick a different version/],
    ['$LATEST as canary', alias('prod', '41'), '$LATEST', 0.1, /needs a published version number/],
    ['a non-version', alias('prod', '41'), 'beta', 0.1, /needs a published version number/],
    ['a primary on $LATEST', alias('prod', '$LATEST'), '42', 0.1, /points at \$LATEST: a canary needs the alias on a published version/],
    ['a second additional version', alias('prod', '41', [{ version: '42', weight: 0.1 }]), '43', 0.1, /already sends 10% to 42: promote or abort/],
    ['weight 0', alias('prod', '41'), '42', 0, /between 0 and 1/],
    ['weight 1', alias('prod', '41'), '42', 1, /between 0 and 1/],
    ['weight NaN', alias('prod', '41'), '42', Number.NaN, /between 0 and 1/],
  ];
  for (const [what, a, version, weight, message] of rejected) {
    it(`rejects ${what}`, () => assert.match(validateCanary(a, version, weight) ?? '', message));
  }
});

describe('aliases: protected matching', () => {
  const cases: Array<[string, readonly string[], boolean]> = [
    ['prod', DEFAULT_PROTECTED_ALIASES, true],
    ['PROD', DEFAULT_PROTECTED_ALIASES, true],
    ['Production', DEFAULT_PROTECTED_ALIASES, true],
    ['live', DEFAULT_PROTECTED_ALIASES, true],
    ['prod2', DEFAULT_PROTECTED_ALIASES, false],
    ['preprod', DEFAULT_PROTECTED_ALIASES, false],
    ['beta', DEFAULT_PROTECTED_ALIASES, false],
    ['prod', [], false],
    ['prod', ['  Prod  '], true],
    ['prod', [''], false],
    ['prod-eu', ['prod*'], true],
    ['PROD-EU', ['prod*'], true],
    ['preprod', ['prod*'], false],
    ['eu-live', ['*-live'], true],
    ['eu-live-2', ['*-live'], false],
    ['a.b', ['a.b'], true],
    ['axb', ['a.b'], false],
    ['axb', ['a.*'], false],
    ['anything', ['*'], true],
  ];
  for (const [name, patterns, expected] of cases) {
    it(`${name} vs ${JSON.stringify(patterns)} → ${expected}`, () => assert.equal(isProtectedAlias(name, patterns), expected));
  }
});

describe('aliases: describe formats', () => {
  const canary = alias('prod', '41', [{ version: '42', weight: 0.1 }]);
  it('describes an alias with and without weights', () => {
    assert.equal(describeAlias(canary), 'prod → 41 (10% → 42)');
    assert.equal(describeAlias(alias('beta', '42')), 'beta → 42');
    assert.equal(describeTarget(canary), '41 (10% → 42)');
  });
  it('gives the status-bar form', () => {
    assert.equal(statusBarTarget(canary), '→ 41 · 10% → 42');
    assert.equal(statusBarTarget(alias('prod', '41')), '→ 41');
  });
  it('labels each version with the aliases routing to it', () => {
    const labels = versionAliasLabels([canary, alias('beta', '42')]);
    assert.deepEqual(labels.get('42'), ['beta', 'prod 10%']);
    assert.deepEqual(labels.get('41'), ['prod 90%']);
    assert.equal(labels.get('40'), undefined);
  });
});

describe('aliases: plans', () => {
  it('repoint carries the RevisionId read before, clears weights, and records from/to', () => {
    const p = planRepoint(alias('prod', '41', [{ version: '42', weight: 0.1 }], 'rev-9'), '43');
    assert.deepEqual(p.change, { version: '43', routing: [], revisionId: 'rev-9' });
    assert.deepEqual(p.from, { version: '41', routing: [{ version: '42', weight: 0.1 }] });
    assert.deepEqual(p.to, { version: '43', routing: [] });
    assert.equal(p.action, 'repoint');
    assert.equal(planRollback(alias('prod', '41'), '40').action, 'rollback');
  });
  it('repoint to where it already points is refused', () => {
    assert.match(validationMessage(() => planRepoint(alias('prod', '41'), '41')), /already points at 41; nothing to change/);
    assert.match(validationMessage(() => planRepoint(alias('prod', '41'), 'v2')), /is not a version/);
  });
  it('repoint to the primary of a canary is allowed: it clears the weights', () => {
    const p = planRepoint(alias('prod', '41', [{ version: '42', weight: 0.1 }]), '41');
    assert.deepEqual(p.to, { version: '41', routing: [] });
  });
  it('shift keeps the primary and adds one weighted version', () => {
    const p = planShift(alias('prod', '41'), '42', 0.1);
    assert.deepEqual(p.change, { version: '41', routing: [{ version: '42', weight: 0.1 }], revisionId: 'rev-1' });
    assert.match(validationMessage(() => planShift(alias('prod', '41'), '41', 0.1)), /already points at 41/);
    assert.match(validationMessage(() => planShift(alias('prod', '41', [{ version: '42', weight: 0.1 }]), '42', 0.1)), /already sends 10% to 42; nothing to change/);
  });
  it('promote points fully at the canary; abort returns fully to the primary', () => {
    const canary = alias('prod', '41', [{ version: '42', weight: 0.1 }]);
    assert.deepEqual(planPromote(canary).change, { version: '42', routing: [], revisionId: 'rev-1' });
    assert.deepEqual(planAbort(canary).change, { version: '41', routing: [], revisionId: 'rev-1' });
    assert.match(validationMessage(() => planPromote(alias('prod', '41'))), /no canary to promote: it points fully at 41/);
    assert.match(validationMessage(() => planAbort(alias('prod', '41'))), /no canary to abort/);
  });
  it('confirmation messages name function, alias, current and new target', () => {
    const canary = alias('prod', '41', [{ version: '42', weight: 0.1 }]);
    assert.equal(confirmationMessage('orders-api', 'prod', planRepoint(alias('prod', '41'), '42')), 'Move alias "prod" of orders-api from 41 to 42?');
    assert.equal(
      confirmationMessage('orders-api', 'prod', planShift(alias('prod', '41'), '42', 0.1)),
      'Send 10% of alias "prod" of orders-api to version 42? It now points at 41; it will point at 41 (10% → 42).',
    );
    assert.equal(
      confirmationMessage('orders-api', 'prod', planPromote(canary)),
      'Promote version 42 on alias "prod" of orders-api? It now points at 41 (10% → 42); all traffic will go to 42.',
    );
    assert.equal(
      confirmationMessage('orders-api', 'prod', planAbort(canary)),
      'Abort the canary on alias "prod" of orders-api? It now points at 41 (10% → 42); all traffic will go back to 41.',
    );
    assert.equal(
      confirmationMessage('orders-api', 'prod', planRollback(alias('prod', '42'), '41'), 'its previous target'),
      'Roll back alias "prod" of orders-api from 42 to 41 (its previous target)?',
    );
  });
});
