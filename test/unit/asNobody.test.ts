import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { bundleForAnyUser } from '../support/asNobody';

describe('scripts run as nobody (test/support/asNobody.ts)', () => {
  it('are one self-contained file outside the repository that any user can read: nothing is loaded from the clone', () => {
    const repository = join(__dirname, '..', '..');
    const script = bundleForAnyUser(
      "import { selectFiles } from '../../src/release/fileSelection';\nimport { createZip } from '../../src/release/zipPackage';\nconsole.log(typeof selectFiles, typeof createZip);",
      __dirname,
    );
    try {
      assert.ok(relative(repository, script.file).startsWith('..'), `${script.file} is inside the repository`);
      assert.equal(statSync(join(script.file, '..')).mode & 0o777, 0o755);
      assert.equal(statSync(script.file).mode & 0o777, 0o644);
      const required = [...script.code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]);
      assert.ok(required.includes('node:fs') || required.includes('fs'), 'the bundle holds the selection code itself');
      assert.deepEqual(required.filter((name) => !isBuiltin(name)), [], 'only Node built-ins are required at run time');
    } finally {
      script.remove();
    }
  });
});
