/**
 * The build runner of the integration tests: what the extension runs as a VS Code task, run here
 * as a child process. A task label is looked up in the folder's .vscode/tasks.json (its `command`
 * and `args`); a command line runs as is, through the shell as a VS Code shell task would.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noSuchTask, type BuildRun, type BuildRunner } from '../../src/release/build';

export class ProcessBuildRunner implements BuildRunner {
  /** Every build started, as `task:LABEL` or `command:LINE`. */
  readonly started: string[] = [];
  /** The output of every build, for the assertions. */
  output = '';

  async run(build: Parameters<BuildRunner['run']>[0], options: Parameters<BuildRunner['run']>[1]): Promise<BuildRun> {
    let line: string;
    if ('task' in build) {
      this.started.push(`task:${build.task}`);
      const tasks = JSON.parse(readFileSync(join(options.cwd, '.vscode', 'tasks.json'), 'utf8')) as { tasks?: Array<{ label?: string; command?: string; args?: string[] }> };
      const task = tasks.tasks?.find((t) => t.label === build.task);
      if (!task?.command) throw noSuchTask(build.task, options.targetName);
      line = [task.command, ...(task.args ?? [])].join(' ');
    } else {
      this.started.push(`command:${build.command}`);
      line = build.command;
    }
    return new Promise<BuildRun>((resolve, reject) => {
      // Its own process group, so Cancel ends the shell and what it started (as VS Code ends a task's tree).
      const child = spawn(line, { cwd: options.cwd, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      const onAbort = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', reject);
      child.on('close', (code) => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ exitCode: code ?? undefined });
      });
    });
  }
}
