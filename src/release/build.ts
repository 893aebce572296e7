/**
 * A target's build step before packaging. The runner is an interface: the extension runs a VS Code
 * task (src/ui/taskBuildRunner.ts) so the output shows in the terminal panel; tests drive a plain
 * process runner. A non-zero exit stops this target's deploy naming the build and the exit code.
 */
import { CancelledError, ReleaseError, throwIfAborted } from './errors';
import { describeBuild, type BuildSpec, type WorkspaceTarget } from './targets';

export interface BuildRun {
  /** undefined when the build ended without a process exit code (terminated). */
  exitCode: number | undefined;
}

export interface BuildRunner {
  /**
   * Runs the build in `cwd` and settles when it ends. Aborting `signal` ends the build (the task is
   * terminated). A task label that does not exist is a notFound ReleaseError naming it.
   */
  run(build: BuildSpec, options: { cwd: string; targetName: string; signal?: AbortSignal }): Promise<BuildRun>;
}

/** A build task label that tasks.json does not have (the same words from every runner). */
export function noSuchTask(label: string, targetName: string): ReleaseError {
  return new ReleaseError('notFound', `There is no task labelled "${label}" (target ${targetName}): nothing was built or deployed.`, {
    hint: 'Add it to .vscode/tasks.json, or fix buildTask of this target in lambdaRelease.targets.',
  });
}

export async function runBuild(target: WorkspaceTarget, runner: BuildRunner, signal?: AbortSignal): Promise<void> {
  if (!target.build) return;
  throwIfAborted(signal);
  const what = describeBuild(target.build);
  const run = await runner.run(target.build, { cwd: target.root, targetName: target.name, signal });
  if (signal?.aborted) throw new CancelledError(`Cancelled during the build of ${target.name} (${what}): the build was ended; nothing was deployed.`);
  if (run.exitCode !== 0) {
    throw new ReleaseError('validation', `The build of ${target.name} (${what}) failed with exit code ${run.exitCode ?? 'none (it was terminated)'}: ${target.name} was not deployed.`, {
      hint: 'See the build\'s output in the terminal panel, fix it, then deploy again.',
    });
  }
}
