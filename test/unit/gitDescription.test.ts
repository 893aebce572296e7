import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeHead, DESCRIPTION_MAX_LENGTH } from '../../src/release/gitDescription';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

function repoWithCommit(subject: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'git-describe-'));
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'index.js'), 'x');
  git(dir, 'add', 'index.js');
  git(dir, 'commit', '-q', '-m', subject, '-m', 'A body that is not part of the description.');
  return dir;
}

describe('describeHead', () => {
  const dirs: string[] = [];
  const track = (dir: string): string => (dirs.push(dir), dir);
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('gives the short sha and the subject of HEAD', async () => {
    const dir = track(repoWithCommit('Fix the retry loop'));
    assert.equal(await describeHead(dir), `${git(dir, 'rev-parse', '--short', 'HEAD')} Fix the retry loop`);
  });

  it('works from a subfolder of the repository', async () => {
    const dir = track(repoWithCommit('From below'));
    const sub = join(dir, 'src');
    mkdirSync(sub);
    assert.match((await describeHead(sub)) ?? '', /^[0-9a-f]{7,} From below$/);
  });

  it('is undefined outside a repository, in a repository without commits, and without git', async () => {
    const plain = track(mkdtempSync(join(tmpdir(), 'git-none-')));
    writeFileSync(join(plain, '.git'), 'not a repository'); // stops git looking further up
    assert.equal(await describeHead(plain), undefined);
    const empty = track(mkdtempSync(join(tmpdir(), 'git-empty-')));
    git(empty, 'init', '-q');
    assert.equal(await describeHead(empty), undefined);
    const dir = track(repoWithCommit('x'));
    assert.equal(await describeHead(dir, { gitPath: join(dir, 'no-such-git') }), undefined);
  });

  it(`trims a long subject to Lambda's ${DESCRIPTION_MAX_LENGTH}-character limit`, async () => {
    const dir = track(repoWithCommit(`Long ${'x'.repeat(400)}`));
    const description = (await describeHead(dir)) ?? '';
    assert.equal(description.length, DESCRIPTION_MAX_LENGTH);
    assert.ok(description.endsWith('…'));
  });

  it('passes shell metacharacters in the subject through as text, never running them', async () => {
    const marker = join(tmpdir(), `git-describe-pwned-${process.pid}`);
    const subject = `$(touch ${marker}); \`touch ${marker}\` | & "quoted" 'single'`;
    const dir = track(repoWithCommit(subject));
    assert.equal((await describeHead(dir))?.split(' ').slice(1).join(' '), subject);
    assert.equal(existsSync(marker), false);
  });
});
