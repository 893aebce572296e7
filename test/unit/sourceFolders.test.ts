import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ReleaseError } from '../../src/release/errors';
import { buildPackage } from '../../src/release/packaging';
import { unzipSync } from 'fflate';

describe('Several source folders merged at the zip root', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'folders-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function folder(name: string, files: Record<string, string>): string {
    const root = join(dir, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  it('zips the files of every folder at the root, each folder with its own .lambdaignore', async () => {
    const handler = folder('src', { 'app.py': 'x', 'tests/test_app.py': 't', '.lambdaignore': 'tests/\n' });
    const deps = folder('deps', { 'lib/__init__.py': 'l', 'lib-1.0.dist-info/METADATA': 'm' });
    const pkg = await buildPackage([handler, { path: deps, label: 'Python dependencies' }]);
    assert.deepEqual(Object.keys(unzipSync(pkg.zip)).sort(), ['app.py', 'lib-1.0.dist-info/METADATA', 'lib/__init__.py']);
    const again = await buildPackage([deps, handler]);
    assert.equal(again.sha256, pkg.sha256, 'folder order does not change the bytes');
  });

  it('refuses a path present in two folders, naming both', async () => {
    const a = folder('a', { 'index.js': '1' });
    const b = folder('b', { 'index.js': '2' });
    await assert.rejects(buildPackage([a, b]), (e: ReleaseError) => e.kind === 'validation' && /index\.js is in two source folders, a and b/.test(e.message));
  });

  it('refuses a file of one folder named like a folder of another', async () => {
    const a = folder('a', { lib: 'file' });
    const b = folder('b', { 'lib/x.py': 'x' });
    await assert.rejects(buildPackage([a, b]), /lib \/ lib\/x\.py is in two source folders, a and b/);
  });
});
