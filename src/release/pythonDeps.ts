/**
 * Python dependencies for the function's platform, as pure decisions: which pip flags install
 * wheels for the Lambda runtime and architecture (never for the machine pip runs on, which is the
 * classic "works on my Mac, ImportError on Lambda" failure), the cache key, and what a failed pip
 * run means for the user. Running pip lives in pythonDepsInstaller.ts.
 */
import { createHash } from 'node:crypto';
import { ReleaseError } from './errors';

export type LambdaArchitecture = 'x86_64' | 'arm64';

export interface PythonPlatform {
  /** `3.12`, from the runtime `python3.12`. */
  pythonVersion: string;
  architecture: LambdaArchitecture;
  /** pip `--platform` values, most general first (manylinux2014 is what the Lambda docs name). */
  platforms: string[];
  /** For messages: `CPython 3.12 on Linux x86_64 (manylinux2014_x86_64 … manylinux_2_34_x86_64)`. */
  label: string;
}

/** Runtimes whose image is Amazon Linux 2023 (glibc 2.34); older Python runtimes run on Amazon Linux 2 (glibc 2.26). */
const AL2023_FROM_MINOR = 12;
const GLIBC_MINOR = { al2: 26, al2023: 34 } as const;

/**
 * The platform pip must install for. `runtime` and `architectures` come from the function's
 * configuration (GetFunctionConfiguration): the function decides, not the developer's machine.
 */
export function pythonPlatformFor(runtime: string | undefined, architectures: readonly string[] | undefined): PythonPlatform {
  const match = /^python(3)\.(\d+)$/.exec(runtime ?? '');
  if (!match) {
    throw new ReleaseError('validation', `A requirements file needs a Python function, but the function's runtime is ${runtime || 'not set (a container image?)'}.`, {
      hint: 'Remove the requirements file from this target, or bind the target to a Python function.',
    });
  }
  const minor = Number(match[2]);
  const architecture: LambdaArchitecture = architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64';
  const machine = architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const maxGlibc = minor >= AL2023_FROM_MINOR ? GLIBC_MINOR.al2023 : GLIBC_MINOR.al2;
  // pip 23 expands manylinux2014 only to its legacy aliases, not to manylinux_2_x: name each glibc
  // level the runtime supports, so a wheel tagged only manylinux_2_28 is found on Amazon Linux 2023.
  const platforms = [`manylinux2014_${machine}`];
  for (let glibc = 17; glibc <= maxGlibc; glibc++) platforms.push(`manylinux_2_${glibc}_${machine}`);
  const pythonVersion = `3.${minor}`;
  return { pythonVersion, architecture, platforms, label: `CPython ${pythonVersion} on Linux ${machine} (manylinux, glibc ≤ 2.${maxGlibc})` };
}

/**
 * The cache entry for these requirements on this platform: the same content, runtime and
 * architecture reuse one installed folder; any change installs afresh.
 */
export function pythonDepsCacheKey(requirements: string | Buffer, platform: PythonPlatform, extraPipArgs: readonly string[] = []): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ v: 1, python: platform.pythonVersion, architecture: platform.architecture, platforms: platform.platforms, extraPipArgs }));
  hash.update('\0');
  hash.update(requirements);
  const tag = `py${platform.pythonVersion.replace('.', '')}-${platform.architecture}`;
  return `${tag}-${hash.digest('hex').slice(0, 32)}`;
}

/**
 * `pip install` arguments (after `-m pip`). Binary wheels only, for the function's platform:
 * `--only-binary=:all:` is what makes `--platform` legal and what stops a source build that would
 * compile for this machine. `--no-compile` keeps the folder free of .pyc files, whose headers
 * carry install-time stamps and would make every zip differ.
 */
export function pipInstallArgs(platform: PythonPlatform, options: { targetDir: string; requirementsFile: string; extraPipArgs?: readonly string[] }): string[] {
  return [
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--no-compile',
    '--target',
    options.targetDir,
    ...platform.platforms.flatMap((p) => ['--platform', p]),
    '--python-version',
    platform.pythonVersion,
    '--implementation',
    'cp',
    '--only-binary=:all:',
    ...(options.extraPipArgs ?? []),
    '-r',
    options.requirementsFile,
  ];
}

/** What a failed pip run means, as a message naming the package and the platform when pip said which. */
export function pipFailure(output: string, exitCode: number | null, platform: PythonPlatform, requirementsFile: string): ReleaseError {
  const missing = /No matching distribution found for ([^\s]+)/.exec(output)?.[1] ?? /Could not find a version that satisfies the requirement ([^\s]+)/.exec(output)?.[1];
  if (missing) {
    return new ReleaseError('validation', `No wheel of ${missing} for ${platform.label}: pip cannot install it for the function's platform.`, {
      hint: `Pin a version that publishes a manylinux ${platform.architecture === 'arm64' ? 'aarch64' : 'x86_64'} wheel, change the function's architecture, or package this dependency as a layer or container image. (${requirementsFile})`,
    });
  }
  const lastError = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('ERROR:'))
    .pop();
  return new ReleaseError('validation', `pip could not install ${requirementsFile} for ${platform.label} (exit code ${exitCode ?? 'none'})${lastError ? `: ${lastError.slice(0, 300)}` : '.'}`, {
    hint: 'See the Lambda output channel for pip\'s full output.',
  });
}
