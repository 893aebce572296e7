/**
 * One target's package: build (if any) → Python dependencies for the function's platform (if a
 * requirements file is set) → the deterministic zip of its source folder(s) with the dependencies
 * merged at the root.
 */
import type { FunctionSummary } from '../aws/types';
import { runBuild, type BuildRunner } from './build';
import { buildPackage, type PackageWithSelection, type SourceFolder } from './packaging';
import { ensurePythonDependencies, type PipRunner } from './pythonDepsInstaller';
import type { WorkspaceTarget } from './targets';

export type TargetStep = 'build' | 'dependencies' | 'package';
export const TARGET_STEPS: Record<TargetStep, string> = { build: 'Building…', dependencies: 'Installing Python dependencies…', package: 'Packaging…' };

export interface TargetPackageOptions {
  builds?: BuildRunner;
  /** Where Python dependencies are cached (outside the workspace). */
  pythonCacheRoot: string;
  extraPipArgs?: readonly string[];
  runPip?: PipRunner;
  /** Excludes from settings, added to the target's own. */
  extraExcludes?: readonly string[];
  includeSecretFiles?: readonly string[];
  signal?: AbortSignal;
  onStep?: (step: TargetStep) => void;
  onOutput?: (text: string) => void;
}

export interface TargetPackage extends PackageWithSelection {
  /** True when the Python dependencies came from the cache (pip did not run). */
  dependenciesReused?: boolean;
}

export async function packageTarget(target: WorkspaceTarget, fn: Pick<FunctionSummary, 'runtime' | 'architectures'>, options: TargetPackageOptions): Promise<TargetPackage> {
  const { signal } = options;
  if (target.build) {
    options.onStep?.('build');
    if (!options.builds) throw new Error('packageTarget: a target with a build needs a build runner');
    await runBuild(target, options.builds, signal);
  }
  const folders: SourceFolder[] = target.sourceFolders.map((path) => ({ path, label: labelOf(target, path) }));
  let dependenciesReused: boolean | undefined;
  if (target.requirementsFile) {
    options.onStep?.('dependencies');
    const deps = await ensurePythonDependencies(
      { requirementsFile: target.requirementsFile, runtime: fn.runtime, architectures: fn.architectures, cacheRoot: options.pythonCacheRoot, extraPipArgs: options.extraPipArgs, signal, onOutput: options.onOutput },
      options.runPip,
    );
    dependenciesReused = deps.reused;
    folders.push({ path: deps.dir, label: `Python dependencies for ${deps.platform.label}` });
  }
  options.onStep?.('package');
  const pkg = await buildPackage(folders, { extraExcludes: [...(options.extraExcludes ?? []), ...target.excludes], includeSecretFiles: options.includeSecretFiles, signal });
  return { ...pkg, dependenciesReused };
}

/** A source folder as messages name it: its path inside the workspace folder. */
function labelOf(target: WorkspaceTarget, folder: string): string {
  const relative = folder.startsWith(target.root) ? folder.slice(target.root.length).replace(/^[\\/]/, '') : folder;
  return relative || '.';
}
