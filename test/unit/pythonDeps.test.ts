import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReleaseError } from '../../src/release/errors';
import { pipFailure, pipInstallArgs, pythonDepsCacheKey, pythonPlatformFor } from '../../src/release/pythonDeps';
import { ensurePythonDependencies, type PipRunner } from '../../src/release/pythonDepsInstaller';

describe('Python dependencies: platform planning (pure)', () => {
  it('installs for the function (runtime + architecture), not for this machine', () => {
    const arm = pythonPlatformFor('python3.12', ['arm64']);
    assert.equal(arm.pythonVersion, '3.12');
    assert.equal(arm.architecture, 'arm64');
    assert.equal(arm.platforms[0], 'manylinux2014_aarch64');
    assert.ok(arm.platforms.includes('manylinux_2_28_aarch64'), 'Amazon Linux 2023 runtimes take manylinux_2_28 wheels');
    assert.ok(arm.platforms.every((p) => p.endsWith('_aarch64')));

    const x86 = pythonPlatformFor('python3.9', undefined);
    assert.equal(x86.architecture, 'x86_64', 'Lambda defaults to x86_64');
    assert.deepEqual(x86.platforms.at(-1), 'manylinux_2_26_x86_64', 'Amazon Linux 2 runtimes stop at glibc 2.26');
    assert.ok(!x86.platforms.includes('manylinux_2_28_x86_64'));
  });

  it('refuses a requirements file for a function that is not Python, naming the runtime', () => {
    assert.throws(() => pythonPlatformFor('nodejs20.x', ['x86_64']), (e: ReleaseError) => e.kind === 'validation' && /nodejs20\.x/.test(e.message));
    assert.throws(() => pythonPlatformFor(undefined, undefined), /container image/);
  });

  it('pip arguments: binary wheels only, for each platform, the runtime version, no .pyc', () => {
    const platform = pythonPlatformFor('python3.11', ['x86_64']);
    const args = pipInstallArgs(platform, { targetDir: '/cache/x', requirementsFile: '/w/requirements.txt', extraPipArgs: ['--no-index'] });
    assert.deepEqual(args.slice(0, 6), ['install', '--disable-pip-version-check', '--no-input', '--no-compile', '--target', '/cache/x']);
    assert.equal(args.filter((a) => a === '--platform').length, platform.platforms.length);
    assert.deepEqual(args.slice(args.indexOf('--python-version'), args.indexOf('--python-version') + 2), ['--python-version', '3.11']);
    assert.ok(args.includes('--only-binary=:all:'));
    assert.deepEqual(args.slice(-3), ['--no-index', '-r', '/w/requirements.txt']);
  });

  it('cache key changes with the requirements, the runtime and the architecture, and only with them', () => {
    const p312x = pythonPlatformFor('python3.12', ['x86_64']);
    const key = pythonDepsCacheKey('requests==2.31.0\n', p312x);
    assert.equal(pythonDepsCacheKey('requests==2.31.0\n', pythonPlatformFor('python3.12', ['x86_64'])), key);
    const others = [
      pythonDepsCacheKey('requests==2.32.0\n', p312x),
      pythonDepsCacheKey('requests==2.31.0\n', pythonPlatformFor('python3.11', ['x86_64'])),
      pythonDepsCacheKey('requests==2.31.0\n', pythonPlatformFor('python3.12', ['arm64'])),
      pythonDepsCacheKey('requests==2.31.0\n', p312x, ['--find-links', '/w']),
    ];
    assert.equal(new Set([key, ...others]).size, 5);
    assert.match(key, /^py312-x86_64-[0-9a-f]{32}$/);
  });

  it('a missing wheel names the package and the platform', () => {
    const platform = pythonPlatformFor('python3.12', ['arm64']);
    const output = 'ERROR: Could not find a version that satisfies the requirement nativelib==2.0 (from versions: none)\nERROR: No matching distribution found for nativelib==2.0\n';
    const error = pipFailure(output, 1, platform, 'requirements.txt');
    assert.equal(error.kind, 'validation');
    assert.match(error.message, /nativelib==2\.0/);
    assert.match(error.message, /aarch64/);
    assert.match(error.message, /3\.12/);
    const other = pipFailure('ERROR: Invalid requirement: "??"\n', 1, platform, 'requirements.txt');
    assert.match(other.message, /\(exit code 1\): ERROR: Invalid requirement/);
  });
});

describe('Python dependencies: the cache (pip behind a counting fake)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pydeps-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function countingPip(result: { exitCode: number; output?: string } = { exitCode: 0 }) {
    const runs: string[][] = [];
    const run: PipRunner = async (args) => {
      runs.push(args);
      const target = args[args.indexOf('--target') + 1];
      if (result.exitCode === 0) {
        mkdirSync(join(target, 'lib'), { recursive: true });
        writeFileSync(join(target, 'lib', '__init__.py'), '');
      }
      return { exitCode: result.exitCode, output: result.output ?? '' };
    };
    return { run, runs };
  }

  it('reuses the installed folder while requirements, runtime and architecture are unchanged (no pip run)', async () => {
    const requirementsFile = join(dir, 'requirements.txt');
    writeFileSync(requirementsFile, 'lib==1.0\n');
    const pip = countingPip();
    const request = { requirementsFile, runtime: 'python3.12', architectures: ['arm64'], cacheRoot: join(dir, 'cache') };
    const first = await ensurePythonDependencies(request, pip.run);
    const second = await ensurePythonDependencies(request, pip.run);
    assert.equal(first.reused, false);
    assert.equal(second.reused, true);
    assert.equal(second.dir, first.dir);
    assert.equal(pip.runs.length, 1);

    writeFileSync(requirementsFile, 'lib==1.1\n');
    const changed = await ensurePythonDependencies(request, pip.run);
    assert.equal(changed.reused, false);
    assert.notEqual(changed.dir, first.dir);
    await ensurePythonDependencies({ ...request, architectures: ['x86_64'] }, pip.run);
    assert.equal(pip.runs.length, 3);
  });

  it('a failed pip run leaves no cache entry behind, so the next deploy tries again', async () => {
    const requirementsFile = join(dir, 'requirements.txt');
    writeFileSync(requirementsFile, 'nativelib==2.0\n');
    const pip = countingPip({ exitCode: 1, output: 'ERROR: No matching distribution found for nativelib==2.0' });
    const request = { requirementsFile, runtime: 'python3.12', architectures: ['x86_64'], cacheRoot: join(dir, 'cache') };
    await assert.rejects(ensurePythonDependencies(request, pip.run), /No wheel of nativelib==2\.0 for CPython 3\.12 on Linux x86_64/);
    assert.deepEqual(readdirSync(join(dir, 'cache')), []);
    await assert.rejects(ensurePythonDependencies(request, pip.run));
    assert.equal(pip.runs.length, 2);
  });

  it('a missing requirements file is named', async () => {
    await assert.rejects(
      ensurePythonDependencies({ requirementsFile: join(dir, 'nope.txt'), runtime: 'python3.12', architectures: [], cacheRoot: dir }, countingPip().run),
      /Cannot read the requirements file .*nope\.txt: ENOENT/,
    );
  });
});
