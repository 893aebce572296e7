/** The identity a binding confirmation is remembered under (src/release/targetIdentity.ts). */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { targetIdentity, targetKey } from '../../src/release/targetIdentity';

const ref = { target: { profile: 'dev', region: 'us-east-1' }, functionName: 'orders-api' };
const root = join('/', 'work', 'repo');

describe('target identity (binding confirmation key)', () => {
  it('a single-target binding and the same target in lambdaRelease.targets share one key (the confirmation carries over)', () => {
    assert.equal(targetKey(targetIdentity(ref, join(root, '.'))), targetKey(targetIdentity(ref, [root])));
  });

  it('any changed part is another target (asks again): profile, region, function, folder', () => {
    const base = targetKey(targetIdentity(ref, root));
    const changed = [
      targetIdentity({ ...ref, target: { ...ref.target, profile: 'prod' } }, root),
      targetIdentity({ ...ref, target: { ...ref.target, region: 'eu-west-1' } }, root),
      targetIdentity({ ...ref, functionName: 'payments' }, root),
      targetIdentity(ref, join(root, 'src')),
      targetIdentity(ref, [root, join(root, 'shared')]),
    ].map(targetKey);
    for (const key of changed) assert.notEqual(key, base);
    assert.equal(new Set(changed).size, changed.length);
  });

  it('names cannot collide by joining (a function named like "a\\",\\"b")', () => {
    assert.notEqual(targetKey(targetIdentity({ ...ref, functionName: 'a","b' }, root)), targetKey(targetIdentity({ ...ref, functionName: 'a' }, [join(root, 'b')])));
  });
});
