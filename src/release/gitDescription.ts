/**
 * A version description from the workspace's git HEAD ("a1b2c3d Fix the retry loop"), the default
 * offered when publishing. git runs through execFile with fixed arguments: no shell, and no user
 * text on the command line.
 */
import { execFile } from 'node:child_process';

/** PublishVersion's Description limit. */
export const DESCRIPTION_MAX_LENGTH = 256;

export interface GitDescriptionOptions {
  /** The git executable (default `git` on PATH); tests point it at a missing one. */
  gitPath?: string;
  timeoutMs?: number;
}

/** Undefined when the folder is not in a git repository, has no commit yet, or git is missing. */
export async function describeHead(folder: string, options: GitDescriptionOptions = {}): Promise<string | undefined> {
  const output = await runGit(folder, ['log', '-1', '--format=%h%x00%s', 'HEAD'], options);
  if (output === undefined) return undefined;
  const [sha, subject = ''] = output.replace(/\r?\n$/, '').split('\0');
  if (!sha) return undefined;
  return truncate(subject ? `${sha} ${subject}` : sha, DESCRIPTION_MAX_LENGTH);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

function runGit(cwd: string, args: string[], options: GitDescriptionOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      options.gitPath ?? 'git',
      args,
      { cwd, timeout: options.timeoutMs ?? 5000, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
}
