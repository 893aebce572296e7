import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ReleaseError } from '../../src/release/errors';
import { selectFiles } from '../../src/release/fileSelection';
import { runAsNobody } from '../support/asNobody';

/** Creates `files` (relative path → contents) under a fresh temp folder. */
function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'selection-'));
  for (const [relativePath, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, relativePath)), { recursive: true });
    writeFileSync(join(root, relativePath), contents);
  }
  return root;
}

async function rejectsWith(promise: Promise<unknown>, kind: string, pattern: RegExp): Promise<ReleaseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReleaseError, `expected a ReleaseError, got ${String(error)}`);
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected a rejection');
}

const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';

describe('selectFiles', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string | Buffer>): string => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('leaves out VCS, editor, cache and OS files, and withholds secrets, listing what it withheld', async () => {
    const root = tree({
      'index.js': 'exports.handler = async () => 1;\n',
      'lib/util.js': 'module.exports = 2;\n',
      'node_modules/pkg/index.js': 'module.exports = 3;\n',
      'node_modules/.cache/babel/x.json': '{}',
      '.git/config': '[core]\n',
      '.vscode/settings.json': '{}',
      '.DS_Store': 'junk',
      'lib/Thumbs.db': 'junk',
      '.env': 'SECRET=1\n',
      '.env.production': 'SECRET=2\n',
      'lib/.env.local': 'SECRET=3\n',
      'certs/server.pem': 'pem',
      'certs/server.key': 'key',
      'id_rsa': PRIVATE_KEY,
      'id_rsa.pub': 'ssh-rsa AAAA',
      '.aws/credentials': '[default]\n',
    });
    const selection = await selectFiles(root);
    assert.deepEqual(
      selection.files.map((file) => file.relativePath),
      ['index.js', 'lib/util.js', 'node_modules/pkg/index.js'],
    );
    assert.deepEqual(selection.withheldSecrets, ['.aws/', '.env', '.env.production', 'certs/server.key', 'certs/server.pem', 'id_rsa', 'id_rsa.pub', 'lib/.env.local']);
    assert.equal(selection.totalSize, selection.files.reduce((sum, file) => sum + file.size, 0));
    assert.equal(selection.files[0].size, 'exports.handler = async () => 1;\n'.length);
    assert.deepEqual(selection.suspectedSecrets, []);
  });

  it('applies .lambdaignore (gitignore syntax, negation included) and leaves the ignore file itself out', async () => {
    const root = tree({
      '.lambdaignore': '# docs and tests stay home\n*.md\n!README.md\ntest/\n/build\n*.test.js\n',
      'README.md': 'readme',
      'CHANGELOG.md': 'changes',
      'docs/guide.md': 'guide',
      'test/a.js': 'a',
      'build/out.js': 'out',
      'src/build/keep.js': 'anchored pattern only matches at the root',
      'src/app.js': 'app',
      'src/app.test.js': 'test',
    });
    const selection = await selectFiles(root);
    assert.deepEqual(
      selection.files.map((file) => file.relativePath),
      ['README.md', 'src/app.js', 'src/build/keep.js'],
    );
  });

  it('adds the patterns of the exclude setting', async () => {
    const root = tree({ 'a.js': 'a', 'fixtures/big.bin': 'b', 'b.map': 'map' });
    const selection = await selectFiles(root, { extraExcludes: ['fixtures/', '*.map'] });
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['a.js']);
  });

  it('does not let a .lambdaignore negation bring a secret back', async () => {
    const root = tree({ '.lambdaignore': '!.env\n!*.pem\n', '.env': 'SECRET=1', 'key.pem': 'pem', 'a.js': 'a' });
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['a.js']);
    assert.deepEqual(selection.withheldSecrets, ['.env', 'key.pem']);
  });

  it('re-includes a secret file only when explicitly asked, and still flags it', async () => {
    const root = tree({ '.env.example': 'API_URL=', '.env': 'SECRET=1', 'a.js': 'a' });
    const selection = await selectFiles(root, { reincludeSecrets: ['.env.example'] });
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['.env.example', 'a.js']);
    assert.deepEqual(selection.withheldSecrets, ['.env']);
    assert.deepEqual(selection.suspectedSecrets.map((secret) => secret.relativePath), ['.env.example']);
  });

  it('flags selected files whose content holds a private key', async () => {
    const root = tree({ 'config/deploy.txt': `notes\n${PRIVATE_KEY}`, 'a.js': 'const BEGIN = 1;' });
    const selection = await selectFiles(root);
    assert.deepEqual(selection.suspectedSecrets, [{ relativePath: 'config/deploy.txt', reason: 'it contains a private key or secret key' }]);
    assert.equal(selection.files.length, 2, 'flagged files are still listed: the caller decides after warning');
  });

  for (const [pattern, problem] of [
    ['[abc', /never closed/],
    ['dist\\', /lone backslash/],
    ['[z-a].js', /range z-a is reversed/],
    ['!', /negation needs a pattern/],
    ['../outside', /outside the folder/],
  ] as const) {
    it(`refuses the invalid .lambdaignore pattern ${JSON.stringify(pattern)}, naming the line`, async () => {
      const root = tree({ '.lambdaignore': `# ok\n*.md\n${pattern}\n`, 'a.js': 'a' });
      await rejectsWith(selectFiles(root), 'validation', new RegExp(`\\.lambdaignore, line 3: .*${problem.source}`));
    });
  }

  it('accepts valid bracket, escape and comment forms', async () => {
    const root = tree({ '.lambdaignore': '[]ab].txt\n\\#literal\n[!x]y.js\n\\!bang\n# comment\n\n', 'a.js': 'a', '#literal': 'h', 'zy.js': 'z', '!bang': 'b' });
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['a.js']);
  });

  it('refuses an invalid pattern from the setting', async () => {
    const root = tree({ 'a.js': 'a' });
    await rejectsWith(selectFiles(root, { extraExcludes: ['ok/', '[oops'] }), 'validation', /exclude-patterns setting, line 2/);
  });

  it('refuses a symlink that points outside the folder, naming it', async () => {
    const outside = tree({ 'secret.txt': 'outside' });
    const root = tree({ 'a.js': 'a' });
    mkdirSync(join(root, 'lib'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'lib', 'linked.txt'));
    await rejectsWith(selectFiles(root), 'validation', /symlink lib\/linked\.txt points outside the source folder/);
  });

  it('follows symlinks inside the folder and stores them as the files they point to', async () => {
    const root = tree({ 'real/tool.sh': '#!/bin/sh\necho hi\n', 'real/data.json': '{}' });
    chmodSync(join(root, 'real/tool.sh'), 0o755);
    mkdirSync(join(root, 'bin'));
    symlinkSync('../real/tool.sh', join(root, 'bin', 'tool'));
    symlinkSync('real', join(root, 'alias'));
    const selection = await selectFiles(root);
    assert.deepEqual(
      selection.files.map((file) => [file.relativePath, file.size, file.executable]),
      [
        ['alias/data.json', 2, false],
        ['alias/tool.sh', 18, true],
        ['bin/tool', 18, true],
        ['real/data.json', 2, false],
        ['real/tool.sh', 18, true],
      ],
    );
  });

  it('leaves out a file link to .env and a folder link to .git, reporting both as withheld under the link name', async () => {
    const root = tree({ 'app/index.js': 'x', '.env': 'SECRET=1\n', '.git/config': '[remote "origin"]\n' });
    symlinkSync('../.env', join(root, 'app', 'settings.txt'));
    symlinkSync('.git', join(root, 'gitcopy'));
    symlinkSync('.git/config', join(root, 'config.ini'));
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['app/index.js']);
    assert.deepEqual(selection.withheldSecrets, ['.env', 'app/settings.txt → .env', 'config.ini → .git/config', 'gitcopy/ → .git/']);
    assert.deepEqual(selection.suspectedSecrets, []);
  });

  it('deploys a link to an explicitly re-included secret but flags it by its target', async () => {
    const root = tree({ 'app/index.js': 'x', '.env': 'SECRET=1\n' });
    symlinkSync('../.env', join(root, 'app', 'settings.txt'));
    const selection = await selectFiles(root, { reincludeSecrets: ['.env'] });
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['.env', 'app/index.js', 'app/settings.txt']);
    assert.deepEqual(selection.withheldSecrets, []);
    assert.deepEqual(selection.suspectedSecrets, [
      { relativePath: '.env', reason: 'its name looks like a secret or key file' },
      { relativePath: 'app/settings.txt', reason: 'it links to .env, whose name looks like a secret or key file' },
    ]);
  });

  it('leaves out a link whose target .lambdaignore excludes, without calling it a secret', async () => {
    const root = tree({ '.lambdaignore': 'private/\n', 'private/notes.txt': 'n', 'a.js': 'a' });
    symlinkSync('private/notes.txt', join(root, 'notes.txt'));
    symlinkSync('private', join(root, 'shared'));
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['a.js']);
    assert.deepEqual(selection.withheldSecrets, []);
  });

  it('checks files reached through a linked folder, and links through it, against their real paths', async () => {
    const root = tree({ '.lambdaignore': '/real/private/\n/real/drafts.txt\n', 'real/pub.txt': 'p', 'real/drafts.txt': 'd', 'real/private/p.txt': 'secret-ish' });
    symlinkSync('real', join(root, 'alias'));
    // The link text goes through the linked folder; its real path is real/private/p.txt.
    symlinkSync('alias/private/p.txt', join(root, 'shortcut.txt'));
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['alias/pub.txt', 'real/pub.txt']);
  });

  it('withholds a built-in exclusion reached through a linked folder under its real path', async () => {
    const root = tree({ 'node_modules/pkg/index.js': 'p', 'node_modules/.cache/x.json': '{}' });
    symlinkSync('node_modules', join(root, 'deps'));
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['deps/pkg/index.js', 'node_modules/pkg/index.js']);
    assert.deepEqual(selection.withheldSecrets, ['deps/.cache/ → node_modules/.cache/']);
  });

  it('refuses a directory symlink that loops back onto its own path', async () => {
    const root = tree({ 'a/b/file.js': 'x' });
    symlinkSync('..', join(root, 'a', 'b', 'up'));
    await rejectsWith(selectFiles(root), 'validation', /symlink a\/b\/up points back to its own parent folder/);
  });

  it('refuses a broken symlink, naming it', async () => {
    const root = tree({ 'a.js': 'a' });
    symlinkSync('missing.js', join(root, 'dangling.js'));
    await rejectsWith(selectFiles(root), 'validation', /symlink dangling\.js is broken/);
  });

  it('an excluded symlink is never resolved, even one pointing outside', async () => {
    const root = tree({ 'a.js': 'a', '.lambdaignore': 'vendor-link\n' });
    symlinkSync(tmpdir(), join(root, 'vendor-link'));
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['a.js']);
  });

  it('keeps the exec bit and sorts paths in code-unit order', async () => {
    const root = tree({ 'b.js': 'b', 'B.js': 'B', 'a/z.js': 'z', 'a-b.js': 'ab', 'run.sh': '#!/bin/sh\n' });
    chmodSync(join(root, 'run.sh'), 0o755);
    const selection = await selectFiles(root);
    assert.deepEqual(selection.files.map((file) => file.relativePath), ['B.js', 'a-b.js', 'a/z.js', 'b.js', 'run.sh']);
    assert.deepEqual(selection.files.filter((file) => file.executable).map((file) => file.relativePath), ['run.sh']);
  });

  it('answers the same past its rule-cache renewal (every 4,096 paths): ignore, negation, secrets, private keys', async function () {
    this.timeout(30000);
    const files: Record<string, string> = { '.lambdaignore': '*.log\n!keep.log\nbuild/\n', '.env': 'A=1\n' };
    for (let i = 0; i < 4500; i++) files[`d${i % 30}/f${i}.${i % 10 === 0 ? 'log' : 'js'}`] = 'x';
    files['d7/keep.log'] = 'kept';
    files['zz/build/out.js'] = 'built';
    files['zz/.env.local'] = 'B=2\n';
    files['zz/key.txt'] = '-----BEGIN RSA PRIVATE KEY-----\n';
    const selection = await selectFiles(tree(files));
    const expected = Object.keys(files).filter((path) => !/\.log$/.test(path) && !path.includes('build/') && !/(^|\/)\.(env|lambdaignore)/.test(path));
    expected.push('d7/keep.log');
    assert.deepEqual(selection.files.map((file) => file.relativePath), expected.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.deepEqual(selection.withheldSecrets, ['.env', 'zz/.env.local']);
    assert.deepEqual(selection.suspectedSecrets.map((secret) => secret.relativePath), ['zz/key.txt']);
  });

  it('stops with a limit error as soon as more files than maxFiles are selected', async () => {
    const root = tree(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.js`, 'x'])));
    await rejectsWith(selectFiles(root, { maxFiles: 10 }), 'limit', /^The source folder holds more than 10 files to deploy; a deployment zip holds at most 10\.$/);
    assert.equal((await selectFiles(root, { maxFiles: 12 })).files.length, 12);
  });

  it('reports names that clash on macOS or Windows (NFC vs NFD, case) and still selects both', async () => {
    const nfc = 'caf\u00e9.js';
    const nfd = 'cafe\u0301.js';
    const selection = await selectFiles(tree({ [nfc]: 'a', [nfd]: 'b', 'Readme.md': 'c', 'README.md': 'd', 'ok.js': 'e' }));
    assert.equal(selection.files.length, 5);
    assert.deepEqual(selection.nameCollisions, [
      { paths: ['README.md', 'Readme.md'], reason: 'case' },
      { paths: [nfd, nfc].sort(), reason: 'normalization' },
    ]);
  });

  it('refuses a file or folder name with a control character, naming it, unless it is excluded', async () => {
    await rejectsWith(selectFiles(tree({ 'ok.js': 'x', 'notes\nfinal.txt': 'y' })), 'validation', /^The name "notes\\nfinal\.txt" contains a control character \(U\+000A, a newline\)/);
    await rejectsWith(selectFiles(tree({ 'ok.js': 'x', 'bad\u001bdir/a.js': 'y' })), 'validation', /^The name "bad\\u001bdir" contains a control character \(U\+001B, an escape\)/);
    const excluded = await selectFiles(tree({ 'ok.js': 'x', 'notes\nfinal.txt': 'y', '.lambdaignore': 'notes?final.txt\n' }));
    assert.deepEqual(excluded.files.map((file) => file.relativePath), ['ok.js']);
  });

  it('reports a missing source folder and a cancelled selection', async () => {
    await rejectsWith(selectFiles(join(tmpdir(), 'no-such-folder-for-selection-test')), 'validation', /does not exist/);
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(selectFiles(tree({ 'a.js': 'a' }), { signal: controller.signal }), 'cancelled', /Cancelled/);
  });

  // Root reads every file whatever its mode, so as root the check runs in a child process
  // switched to the unprivileged `nobody` user, where permissions are enforced for real.
  it('names an unreadable file (as root: checked in a child process running as nobody)', async function () {
    this.timeout(30000);
    const root = tree({ 'ok.js': 'ok', 'locked/private.js': 'secret' });
    chmodSync(join(root, 'locked/private.js'), 0o000);
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      await rejectsWith(selectFiles(root), 'validation', /Cannot read locked\/private\.js: permission denied/);
      return;
    }
    chmodSync(root, 0o755);
    // Bundled on its own (test/support/asNobody.ts): `nobody` may not be able to enter the repository.
    const script = `
      import { selectFiles } from '../../src/release/fileSelection';
      import { createZip } from '../../src/release/zipPackage';
      (async () => {
        const out: Record<string, string> = {};
        const root = process.argv[2];
        try { await selectFiles(root); out.select = 'no error'; } catch (e) { out.select = (e as { kind: string }).kind + ': ' + (e as Error).message; }
        const listed = await selectFiles(root, { inspectContents: false });
        try { await createZip(listed.files); out.zip = 'no error'; } catch (e) { out.zip = (e as { kind: string }).kind + ': ' + (e as Error).message; }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const output = runAsNobody(script, __dirname, [root]);
    const result = JSON.parse(output) as { select: string; zip: string };
    assert.equal(result.select, 'validation: Cannot read locked/private.js: permission denied.');
    assert.equal(result.zip, 'validation: Cannot read locked/private.js: permission denied.');
  });
});
