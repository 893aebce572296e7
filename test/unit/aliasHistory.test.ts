import * as assert from 'node:assert/strict';
import type { VersionSummary } from '../../src/aws/types';
import { AliasHistory, aliasKeyFromArn, rollbackTarget, storeKey, type AliasKey, type AliasMove } from '../../src/release/aliasHistory';
import { MemoryStore } from '../support/memoryStore';

const prod: AliasKey = { account: '123456789012', region: 'us-east-1', functionName: 'orders-api', aliasName: 'prod' };
let clock = 0;
function move(action: AliasMove['action'], from: string | undefined, to: string): AliasMove {
  return { at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(), action, from, to };
}
function versions(...numbers: string[]): VersionSummary[] {
  return ['$LATEST', ...numbers].map((version) => ({ version, arn: `arn:aws:lambda:us-east-1:123456789012:function:orders-api:${version}` }));
}
const at = (functionVersion: string) => ({ name: 'prod', functionVersion });

describe('aliasHistory: store', () => {
  it('records moves per account/region/function/alias, oldest first', async () => {
    const store = new MemoryStore();
    const history = new AliasHistory(store);
    const beta = { ...prod, aliasName: 'beta' };
    const otherAccount = { ...prod, account: '210987654321' };
    const otherRegion = { ...prod, region: 'eu-west-1' };
    await history.record(prod, move('create', undefined, '1'));
    await history.record(prod, move('repoint', '1', '2'));
    await history.record(beta, move('create', undefined, '7'));
    await history.record(otherAccount, move('create', undefined, '9'));
    assert.deepEqual(history.list(prod).map((m) => m.to), ['1', '2']);
    assert.deepEqual(history.list(beta).map((m) => m.to), ['7']);
    assert.deepEqual(history.list(otherAccount).map((m) => m.to), ['9']);
    assert.deepEqual(history.list(otherRegion), []);
    assert.equal(store.data.size, 3);
  });

  it('keeps only the newest maxEntries moves', async () => {
    const store = new MemoryStore();
    const history = new AliasHistory(store, 5);
    for (let v = 1; v <= 12; v++) await history.record(prod, move('repoint', String(v - 1), String(v)));
    assert.deepEqual(history.list(prod).map((m) => m.to), ['8', '9', '10', '11', '12']);
    assert.equal((store.get<unknown[]>(storeKey(prod)) ?? []).length, 5);
  });

  it('ignores malformed stored data instead of failing', async () => {
    const store = new MemoryStore();
    store.data.set(storeKey(prod), [{ to: '3', action: 'repoint', at: 'x' }, null, 'junk', { to: 4 }]);
    assert.deepEqual(new AliasHistory(store).list(prod).map((m) => m.to), ['3']);
    store.data.set(storeKey(prod), { not: 'an array' });
    assert.deepEqual(new AliasHistory(store).list(prod), []);
  });

  it('clear forgets one alias only', async () => {
    const store = new MemoryStore();
    const history = new AliasHistory(store);
    const beta = { ...prod, aliasName: 'beta' };
    await history.record(prod, move('create', undefined, '1'));
    await history.record(beta, move('create', undefined, '1'));
    await history.clear(prod);
    assert.deepEqual(history.list(prod), []);
    assert.equal(history.list(beta).length, 1);
  });

  it('store keys cannot collide through separators in names', () => {
    assert.notEqual(storeKey({ ...prod, functionName: 'a/b', aliasName: 'c' }), storeKey({ ...prod, functionName: 'a', aliasName: 'b/c' }));
  });

  it('derives the key from an alias ARN', () => {
    assert.deepEqual(aliasKeyFromArn('arn:aws:lambda:us-east-1:123456789012:function:orders-api:prod'), prod);
    assert.deepEqual(aliasKeyFromArn('arn:aws-cn:lambda:cn-north-1:111122223333:function:f:live'), {
      account: '111122223333',
      region: 'cn-north-1',
      functionName: 'f',
      aliasName: 'live',
    });
    for (const bad of ['', 'arn:aws:lambda:us-east-1:123456789012:function:orders-api', 'arn:aws:s3:::bucket', 'not:an:arn:at:all:x:y:z']) {
      assert.equal(aliasKeyFromArn(bad), undefined, bad);
    }
  });
});

describe('aliasHistory: rollback target', () => {
  it('goes to the previous target from history', () => {
    const history = [move('create', undefined, '1'), move('repoint', '1', '2'), move('repoint', '2', '3')];
    assert.deepEqual(rollbackTarget(at('3'), history, versions('1', '2', '3')), { version: '2', basis: 'history' });
  });

  it('skips entries equal to the current target', () => {
    const history = [move('repoint', '1', '2'), move('repoint', '2', '3'), move('shift', '3', '3'), move('abort', '3', '3')];
    assert.deepEqual(rollbackTarget(at('3'), history, versions('1', '2', '3')), { version: '2', basis: 'history' });
  });

  it('rolling back twice keeps going back (does not bounce to the bad version)', () => {
    const history = [move('create', undefined, '1'), move('repoint', '1', '2'), move('repoint', '2', '3'), move('rollback', '3', '2')];
    assert.deepEqual(rollbackTarget(at('2'), history, versions('1', '2', '3')), { version: '1', basis: 'history' });
  });

  it('a promote counts as a move of the primary', () => {
    const history = [move('create', undefined, '41'), move('shift', '41', '41'), move('promote', '41', '42')];
    assert.deepEqual(rollbackTarget(at('42'), history, versions('41', '42')), { version: '41', basis: 'history' });
  });

  it('after an outside change, goes to the last target it knows', () => {
    const history = [move('repoint', '1', '2'), move('repoint', '2', '3')];
    assert.deepEqual(rollbackTarget(at('5'), history, versions('1', '2', '3', '4', '5')), { version: '3', basis: 'history' });
  });

  it('skips remembered versions that are no longer published', () => {
    const history = [move('repoint', '1', '2'), move('repoint', '2', '3')];
    assert.deepEqual(rollbackTarget(at('3'), history, versions('1', '3')), { version: '1', basis: 'history' });
  });

  it('falls back to the highest published version below the current one', () => {
    assert.deepEqual(rollbackTarget(at('5'), [], versions('1', '2', '4', '5', '6')), { version: '4', basis: 'lowerVersion' });
    // Numeric, not string, order: 10 is below 11, 9 is not above 10.
    assert.deepEqual(rollbackTarget(at('11'), [], versions('9', '10', '11')), { version: '10', basis: 'lowerVersion' });
  });

  it('falls back when the history only holds the current target', () => {
    assert.deepEqual(rollbackTarget(at('3'), [move('create', undefined, '3')], versions('1', '2', '3')), { version: '2', basis: 'lowerVersion' });
  });

  it('from $LATEST falls back to the highest published version', () => {
    assert.deepEqual(rollbackTarget(at('$LATEST'), [], versions('1', '2')), { version: '2', basis: 'lowerVersion' });
  });

  it('gives a reason when there is nothing earlier', () => {
    const oldest = rollbackTarget(at('1'), [], versions('1', '2'));
    assert.equal(oldest.version, undefined);
    assert.match(oldest.reason ?? '', /prod has nowhere to roll back to: it points at 1, the oldest published version/);
    const none = rollbackTarget(at('$LATEST'), [], versions());
    assert.equal(none.version, undefined);
    assert.match(none.reason ?? '', /no published versions/);
  });
});
