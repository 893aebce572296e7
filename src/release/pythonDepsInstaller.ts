/**
 * Installs a target's Python requirements for the function's platform into a cache outside the
 * workspace (the extension's global storage), one folder per requirements content + runtime +
 * architecture, and hands that folder to packaging, which merges it at the zip root. An unchanged
 * requirements file reuses its folder without running pip.
 *
 * A folder appears under its key only once pip succeeded (installed under a temporary name, then
 * renamed), so a cancelled or failed install never leaves a half-filled entry that looks reusable.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError, ReleaseError, throwIfAborted } from './errors';
import { pipFailure, pipInstallArgs, pythonDepsCacheKey, pythonPlatformFor, type PythonPlatform } from './pythonDeps';

export interface PipRun {
  exitCode: number | null;
  /** stdout and stderr interleaved, for the failure message and the log. */
  output: string;
}

/** Runs `python -m pip ARGS`: the seam tests replace to count runs. */
export type PipRunner = (args: string[], options: { signal?: AbortSignal; onOutput?: (text: string) => void }) => Promise<PipRun>;

export interface PythonDepsRequest {
  /** Absolute path of requirements.txt. */
  requirementsFile: string;
  /** From the function's configuration: `python3.12`. */
  runtime: string | undefined;
  /** From the function's configuration: `['arm64']` or `['x86_64']`. */
  architectures: readonly string[] | undefined;
  /** Cache root outside the workspace. */
  cacheRoot: string;
  /** Extra pip options from user settings (e.g. an index or `--find-links`); part of the cache key. */
  extraPipArgs?: readonly string[];
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

export interface InstalledPythonDeps {
  /** Folder holding the installed packages: merged at the zip root. */
  dir: string;
  /** True when the cached folder was used and pip did not run. */
  reused: boolean;
  platform: PythonPlatform;
}

export async function ensurePythonDependencies(request: PythonDepsRequest, runPip: PipRunner = spawnPip()): Promise<InstalledPythonDeps> {
  const { signal } = request;
  throwIfAborted(signal);
  const platform = pythonPlatformFor(request.runtime, request.architectures);
  const requirements = await readFile(request.requirementsFile).catch((error: NodeJS.ErrnoException) => {
    throw new ReleaseError('validation', `Cannot read the requirements file ${request.requirementsFile}: ${error.code ?? error.message}.`, {
      hint: 'Fix the requirements path of this target.',
    });
  });
  const key = pythonDepsCacheKey(requirements, platform, request.extraPipArgs);
  const dir = join(request.cacheRoot, key);
  if (existsSync(dir)) return { dir, reused: true, platform };

  await mkdir(request.cacheRoot, { recursive: true });
  const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(partial, { recursive: true });
  try {
    const args = pipInstallArgs(platform, { targetDir: partial, requirementsFile: request.requirementsFile, extraPipArgs: request.extraPipArgs });
    const run = await runPip(args, { signal, onOutput: request.onOutput });
    throwIfAborted(signal);
    if (run.exitCode !== 0) throw pipFailure(run.output, run.exitCode, platform, request.requirementsFile);
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another window installed the same key meanwhile: theirs is as good as ours.
      if (!existsSync(dir)) throw error;
      await rm(partial, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  return { dir, reused: false, platform };
}

/**
 * The real runner: `python -m pip …` as a child process (no shell), killed when the signal fires.
 * `python` comes from a user (machine-scoped) setting, never from workspace settings.
 */
export function spawnPip(python = 'python3', env: NodeJS.ProcessEnv = process.env): PipRunner {
  return (args, { signal, onOutput }) =>
    new Promise<PipRun>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const child = spawn(python, ['-m', 'pip', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const collect = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output += text;
        onOutput?.(text);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const onAbort = () => child.kill('SIGTERM');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        reject(
          new ReleaseError('config', `Cannot run ${python} for pip: ${error.code === 'ENOENT' ? 'not found' : error.message}.`, {
            hint: 'Install Python 3 with pip, or set lambdaRelease.python.command to its path.',
            cause: error,
          }),
        );
      });
      child.on('close', (exitCode) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return reject(new CancelledError('Cancelled while installing Python dependencies: nothing was deployed.'));
        resolve({ exitCode, output });
      });
    });
}
