/**
 * Python dependencies installed by the real pip, offline: hand-made wheels in a temporary folder,
 * `--no-index --find-links` and PIP_CONFIG_FILE=/dev/null, so this machine's pip configuration
 * and indexes play no part. One wheel exists only for manylinux aarch64: it proves pip installs
 * for the function's architecture, not for the machine running the tests.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { ReleaseError } from '../../src/release/errors';
import { buildPackage } from '../../src/release/packaging';
import { ensurePythonDependencies, spawnPip, type PipRunner } from '../../src/release/pythonDepsInstaller';
import { offlinePip, writeWheel } from '../support/wheels';

describe('Python dependencies for the function\'s platform (real pip, offline wheels)', function () {
  this.timeout(120_000);
  let dir: string;
  let wheels: string;
  let handler: string;
  let pipRuns: number;
  let runPip: PipRunner;
  let extraPipArgs: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pydeps-it-'));
    wheels = join(dir, 'wheels');
    handler = join(dir, 'handler');
    mkdirSync(wheels);
    mkdirSync(handler);
    writeWheel(wheels, { name: 'purelib', version: '1.0.0' });
    writeWheel(wheels, { name: 'nativelib', version: '2.0', tag: 'cp312-cp312-manylinux2014_aarch64', files: { 'nativelib/__init__.py': 'ARCH = "aarch64"\n', 'nativelib/_speedups.so': 'ELF' } });
    writeFileSync(join(handler, 'app.py'), 'import purelib, nativelib\ndef handler(event, context):\n    return nativelib.ARCH\n');
    writeFileSync(join(handler, 'requirements.txt'), 'purelib==1.0.0\nnativelib==2.0\n');
    const offline = offlinePip(wheels);
    extraPipArgs = offline.extraPipArgs;
    const real = spawnPip('python3', offline.env);
    pipRuns = 0;
    runPip = (args, options) => {
      pipRuns++;
      return real(args, options);
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const request = (architectures: string[], runtime = 'python3.12') => ({
    requirementsFile: join(handler, 'requirements.txt'),
    runtime,
    architectures,
    cacheRoot: join(dir, 'cache'),
    extraPipArgs,
  });

  it('installs arm64 wheels for an arm64 function and merges them at the zip root beside the handler', async () => {
    const deps = await ensurePythonDependencies(request(['arm64']), runPip);
    assert.equal(deps.reused, false);
    const pkg = await buildPackage([handler, { path: deps.dir, label: 'Python dependencies' }]);
    const entries = Object.keys(unzipSync(pkg.zip)).sort();
    assert.ok(entries.includes('app.py'));
    assert.ok(entries.includes('nativelib/__init__.py') && entries.includes('nativelib/_speedups.so'), entries.join(', '));
    assert.ok(entries.includes('purelib/__init__.py'));
    assert.ok(entries.some((e) => e.startsWith('nativelib-2.0.dist-info/')));
    assert.ok(!entries.some((e) => e.endsWith('.pyc')), 'no compiled files (they would change every zip)');
    assert.ok(!entries.some((e) => e.startsWith('python/') || e.startsWith('package/')), 'dependencies are at the root, not in a subfolder');
  });

  it('reuses the cached folder when nothing changed: pip does not run again and the zip is byte-identical', async () => {
    const first = await ensurePythonDependencies(request(['arm64']), runPip);
    const firstZip = await buildPackage([handler, first.dir]);
    const second = await ensurePythonDependencies(request(['arm64']), runPip);
    assert.equal(second.reused, true);
    assert.equal(pipRuns, 1);
    assert.equal((await buildPackage([handler, second.dir])).sha256, firstZip.sha256);
    assert.ok(!readdirSync(join(dir, 'cache')).some((name) => name.includes('.partial-')));
  });

  it('a requirement with no wheel for the platform (x86_64 here) fails naming the package and the platform', async () => {
    await assert.rejects(
      ensurePythonDependencies(request(['x86_64']), runPip),
      (error: ReleaseError) => error.kind === 'validation' && /No wheel of nativelib==2\.0 for CPython 3\.12 on Linux x86_64/.test(error.message),
    );
    assert.deepEqual(readdirSync(join(dir, 'cache')), [], 'no half-installed cache entry');
  });

  it('a wheel built for another Python version is not taken (python3.11 function, cp312 wheel)', async () => {
    await assert.rejects(ensurePythonDependencies(request(['arm64'], 'python3.11'), runPip), /No wheel of nativelib==2\.0 for CPython 3\.11/);
  });
});
