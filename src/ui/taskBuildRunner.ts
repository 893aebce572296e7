/**
 * Runs a target's build as a VS Code task, so its output shows in the terminal panel as users
 * expect: a task from tasks.json by its label, or a command line as a shell task. Cancel
 * terminates the task; the exit code comes from the task's process.
 */
import * as vscode from 'vscode';
import { noSuchTask, type BuildRun, type BuildRunner } from '../release/build';
import { CancelledError, ReleaseError, describeForUser } from '../release/errors';

/** The task type of command-line builds (declared in package.json `taskDefinitions`). */
export const BUILD_TASK_TYPE = 'lambdaRelease.build';

export class TaskBuildRunner implements BuildRunner {
  async run(build: Parameters<BuildRunner['run']>[0], options: Parameters<BuildRunner['run']>[1]): Promise<BuildRun> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(options.cwd));
    let task: vscode.Task;
    if ('task' in build) {
      const tasks = await vscode.tasks.fetchTasks();
      const found = tasks.find((t) => t.name === build.task && (!folder || t.scope === undefined || typeof t.scope !== 'object' || (t.scope as vscode.WorkspaceFolder).uri?.fsPath === folder.uri.fsPath));
      if (!found) throw noSuchTask(build.task, options.targetName);
      task = found;
    } else {
      task = new vscode.Task(
        { type: BUILD_TASK_TYPE, target: options.targetName },
        folder ?? vscode.TaskScope.Workspace,
        `build ${options.targetName}`,
        'Lambda',
        new vscode.ShellExecution(build.command, { cwd: options.cwd }),
        [],
      );
    }
    task.presentationOptions = { ...task.presentationOptions, reveal: vscode.TaskRevealKind.Always };
    if (options.signal?.aborted) throw new CancelledError();

    return new Promise<BuildRun>((resolve, reject) => {
      let execution: vscode.TaskExecution | undefined;
      const disposables: vscode.Disposable[] = [];
      const finish = (run: BuildRun) => {
        disposables.forEach((d) => d.dispose());
        options.signal?.removeEventListener('abort', onAbort);
        resolve(run);
      };
      const mine = (e: { execution: vscode.TaskExecution }) => e.execution === execution || (execution !== undefined && e.execution.task.name === task.name && e.execution.task.source === task.source);
      disposables.push(vscode.tasks.onDidEndTaskProcess((e) => mine(e) && finish({ exitCode: e.exitCode })));
      // A task without a process (e.g. a failed start) ends without onDidEndTaskProcess.
      disposables.push(vscode.tasks.onDidEndTask((e) => mine(e) && setTimeout(() => finish({ exitCode: undefined }), 500)));
      const onAbort = () => execution?.terminate();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      vscode.tasks.executeTask(task).then(
        (started) => {
          execution = started;
          if (options.signal?.aborted) started.terminate();
        },
        (error: unknown) => {
          disposables.forEach((d) => d.dispose());
          reject(new ReleaseError('validation', `Could not start the build of ${options.targetName}: ${describeForUser(error)}`, { cause: error }));
        },
      );
    });
  }
}
