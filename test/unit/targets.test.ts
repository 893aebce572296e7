import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readTargets, targetForFile, toRawTarget, upsertRawTarget } from '../../src/release/targets';

const ROOT = path.resolve('/work/repo');

describe('workspace targets (pure)', () => {
  it('reads several targets with folders, build, requirements, image, excludes and smoke events', () => {
    const { targets, problems } = readTargets(ROOT, [
      { name: 'api', profile: 'dev', region: 'us-east-1', function: 'shop-api', alias: 'live', sourceFolders: ['services/api/dist', 'shared'], buildTask: 'build api', excludes: ['*.map'], smokeEvents: ['smoke-get'] },
      { profile: 'dev', region: 'us-east-1', function: 'shop-reports', sourceFolder: 'services/reports', requirements: 'services/reports/requirements.txt', buildCommand: 'make reports' },
      { name: 'thumbs', profile: 'prod', region: 'eu-west-1', function: 'shop-thumbnails', image: 'latest' },
    ], {});
    assert.deepEqual(problems, []);
    assert.deepEqual(targets.map((t) => t.name), ['api', 'shop-reports', 'thumbs'], 'the function name is the default name');
    assert.deepEqual(targets[0].sourceFolders, [path.join(ROOT, 'services/api/dist'), path.join(ROOT, 'shared')]);
    assert.deepEqual(targets[0].build, { task: 'build api' });
    assert.deepEqual(targets[1].build, { command: 'make reports' });
    assert.equal(targets[1].requirementsFile, path.join(ROOT, 'services/reports/requirements.txt'));
    assert.deepEqual([targets[2].image, targets[2].sourceFolders, targets[2].ref.target], ['latest', [], { profile: 'prod', region: 'eu-west-1' }]);
    assert.deepEqual([targets[0].alias, targets[0].excludes, targets[0].smokeEvents], ['live', ['*.map'], ['smoke-get']]);
  });

  it('the single-target settings keep working: read as one target, first', () => {
    const { targets } = readTargets(ROOT, undefined, { profile: 'dev', region: 'us-east-1', function: 'orders-api', alias: 'prod', sourceFolder: 'src', smokeEvents: ['smoke-1'] });
    assert.equal(targets.length, 1);
    assert.deepEqual([targets[0].name, targets[0].legacy, targets[0].alias, targets[0].sourceFolders], ['orders-api', true, 'prod', [path.join(ROOT, 'src')]]);
    const both = readTargets(ROOT, [{ name: 'other', profile: 'dev', region: 'us-east-1', function: 'other-fn' }], { profile: 'dev', region: 'us-east-1', function: 'orders-api' });
    assert.deepEqual(both.targets.map((t) => t.name), ['orders-api', 'other']);
    const duplicate = readTargets(ROOT, [{ name: 'orders', profile: 'dev', region: 'us-east-1', function: 'orders-api' }], { profile: 'dev', region: 'us-east-1', function: 'orders-api' });
    assert.deepEqual(duplicate.targets.map((t) => t.name), ['orders'], 'a list entry for the same function wins over the legacy keys');
  });

  it('a bad entry is reported naming its index and field; the good ones are kept', () => {
    const { targets, problems } = readTargets(ROOT, [
      { profile: 'dev', region: 'us-east-1' },
      { profile: 'dev', region: 'us-east-1', function: 'a', sourceFolder: '../outside' },
      { profile: 'dev', region: 'us-east-1', function: 'b', buildTask: 'x', buildCommand: 'y' },
      { profile: 'dev', region: 'us-east-1', function: 'c', image: 'latest', sourceFolder: 'src' },
      { profile: 'dev', region: 'us-east-1', function: 'ok' },
      { name: 'ok', profile: 'dev', region: 'us-east-1', function: 'ok2' },
    ], {});
    assert.deepEqual(targets.map((t) => t.name), ['ok']);
    assert.deepEqual(problems, [
      'lambdaRelease.targets[0]: function is missing',
      'lambdaRelease.targets[1]: sourceFolders "../outside" is outside the workspace folder.',
      'lambdaRelease.targets[2]: give buildTask or buildCommand, not both',
      'lambdaRelease.targets[3]: an image target has no source folders, build or requirements (build and push the image with your own tooling)',
      'lambdaRelease.targets[5]: the name "ok" is used twice',
    ]);
    assert.deepEqual(readTargets(ROOT, { not: 'a list' }, {}).problems, ['lambdaRelease.targets must be a list of targets.']);
  });

  it('a symlinked source folder that leads outside the folder is refused', () => {
    const realpath = (p: string) => (p === path.join(ROOT, 'link') ? '/home/me' : p);
    assert.match(readTargets(ROOT, [{ profile: 'p', region: 'r', function: 'f', sourceFolder: 'link' }], {}, realpath).problems[0], /outside the workspace folder/);
  });

  it('the active editor\'s file picks the target whose source folder holds it (deepest wins); image targets hold no files', () => {
    const { targets } = readTargets(ROOT, [
      { name: 'whole', profile: 'p', region: 'r', function: 'w', sourceFolder: '.' },
      { name: 'api', profile: 'p', region: 'r', function: 'a', sourceFolder: 'services/api' },
      { name: 'reports', profile: 'p', region: 'r', function: 'b', sourceFolder: 'services/reports' },
      { name: 'img', profile: 'p', region: 'r', function: 'i', image: 'latest' },
    ], {});
    assert.equal(targetForFile(targets, path.join(ROOT, 'services/api/src/index.ts'))?.name, 'api');
    assert.equal(targetForFile(targets, path.join(ROOT, 'services/reports/app.py'))?.name, 'reports');
    assert.equal(targetForFile(targets, path.join(ROOT, 'README.md'))?.name, 'whole');
    assert.equal(targetForFile(targets, '/elsewhere/file.ts'), undefined);
    assert.equal(targetForFile(targets.slice(1), path.join(ROOT, 'services/apiary/x.ts')), undefined, 'a sibling with a common prefix is not inside');
  });

  it('Bind adds a target, or replaces the one of the same name or function; written relative to the folder', () => {
    const { targets } = readTargets(ROOT, [{ name: 'api', profile: 'dev', region: 'us-east-1', function: 'shop-api', sourceFolders: ['dist', 'shared'], buildTask: 'build' }], {});
    const raw = toRawTarget(targets[0]);
    assert.deepEqual(raw, { name: 'api', profile: 'dev', region: 'us-east-1', function: 'shop-api', sourceFolders: ['dist', 'shared'], buildTask: 'build' });
    const added = upsertRawTarget([raw], { name: 'reports', profile: 'dev', region: 'us-east-1', function: 'shop-reports', sourceFolder: 'reports' });
    assert.deepEqual(added.map((e) => e.name), ['api', 'reports']);
    const edited = upsertRawTarget(added, { ...raw, alias: 'live' });
    assert.deepEqual(edited.map((e) => [e.name, e.alias]), [['api', 'live'], ['reports', undefined]]);
    assert.deepEqual(upsertRawTarget(undefined, raw), [raw]);
  });
});
