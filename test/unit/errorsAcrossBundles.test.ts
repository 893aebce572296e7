/**
 * dist/aws.js and dist/packaging.js are bundles of their own, each with a copy of
 * src/release/errors.ts. Errors thrown by one copy must still be recognised by the other
 * (instanceof, kind, cancellation): this test builds two real copies with esbuild.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

type ErrorsModule = typeof import('../../src/release/errors');

function bundledCopy(dir: string, name: string): ErrorsModule {
  const outfile = join(dir, `${name}.js`);
  buildSync({ entryPoints: [join(__dirname, '..', '..', 'src', 'release', 'errors.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as ErrorsModule;
}

describe('errors across bundles (two esbuild copies of src/release/errors.ts)', () => {
  let dir: string;
  let extension: ErrorsModule;
  let aws: ErrorsModule;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'errors-bundles-'));
    extension = bundledCopy(dir, 'extension');
    aws = bundledCopy(dir, 'aws');
    assert.notEqual(extension.ReleaseError, aws.ReleaseError, 'two distinct classes, as in the shipped bundles');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a ReleaseError from the other bundle is instanceof ReleaseError and keeps kind and hint', () => {
    const error: unknown = new aws.ReleaseError('precondition', 'alias changed', { hint: 'look again' });
    assert.ok(error instanceof extension.ReleaseError);
    if (!(error instanceof extension.ReleaseError)) return;
    assert.equal(error.kind, 'precondition');
    assert.equal(error.hint, 'look again');
  });

  it('a CancelledError from the other bundle is a cancellation; a plain ReleaseError is not a CancelledError', () => {
    assert.ok(extension.isCancellation(new aws.CancelledError()));
    assert.ok(new aws.CancelledError() instanceof extension.CancelledError);
    assert.ok(!(new aws.ReleaseError('aws', 'boom') instanceof extension.CancelledError));
    assert.ok(!extension.isCancellation(new aws.ReleaseError('aws', 'boom')));
  });

  it('look-alikes without the brand are not ReleaseErrors', () => {
    const impostor = Object.assign(new Error('x'), { name: 'ReleaseError', kind: 'aws' });
    assert.ok(!(impostor instanceof extension.ReleaseError));
    assert.ok(!(new Error('plain') instanceof extension.ReleaseError));
    assert.ok(!((null as unknown) instanceof extension.ReleaseError));
  });
});
