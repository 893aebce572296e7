import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORTS_VSCODE = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

describe('layers (DESIGN.md rule 1)', () => {
  for (const layer of ['src/release', 'src/aws']) {
    it(`${layer} never imports vscode`, () => {
      const files = sourceFiles(join(root, layer));
      assert.ok(files.length > 0, `${layer} has no sources`);
      const offenders = files.filter((file) => IMPORTS_VSCODE.test(readFileSync(file, 'utf8')));
      assert.deepEqual(offenders, []);
    });
  }

  it('the import check recognises every import form', () => {
    for (const line of ["import * as vscode from 'vscode';", 'const v = require("vscode");', "await import('vscode')"]) {
      assert.ok(IMPORTS_VSCODE.test(line), line);
    }
    assert.ok(!IMPORTS_VSCODE.test("import { x } from './vscodeish';"));
  });

  it('src/release never constructs SDK clients', () => {
    const offenders = sourceFiles(join(root, 'src/release')).filter((file) => /@aws-sdk\//.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
