/**
 * The AWS CLI v2 the benchmarks compare against. Debian's `awscli` package installs v2 as
 * /usr/bin/aws, but an older v1 may come first on PATH, so every `aws` on PATH is asked for
 * its version and the first 2.x wins (AWS_CLI overrides the search).
 */
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const AWS_CLI_MISSING =
  'AWS CLI v2 not found: no `aws` on PATH reports aws-cli/2 (install the Debian package `awscli`, or set AWS_CLI to a v2 binary).';

export interface AwsCli {
  path: string;
  version: string;
}

export function findAwsCliV2(): AwsCli {
  const candidates = process.env.AWS_CLI
    ? [process.env.AWS_CLI]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'aws'));
  const seen = new Set<string>();
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      const real = realpathSync(path);
      if (seen.has(real)) continue; // /bin/aws and /usr/bin/aws are often one file
      seen.add(real);
    } catch {
      continue;
    }
    const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    const version = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    if (/^aws-cli\/2\./.test(version)) return { path, version: version.split(/\s+/)[0] };
  }
  throw new Error(AWS_CLI_MISSING);
}

/** Environment for the CLI: static test keys, the region, no pager, no user config files. */
export function cliEnv(region: string, keys: { accessKeyId: string; secretAccessKey: string }, emptyFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_') && key !== 'AWS_CLI') delete env[key];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: '',
    AWS_CONFIG_FILE: emptyFile,
    AWS_SHARED_CREDENTIALS_FILE: emptyFile,
  };
}

/** Runs one CLI command; resolves with its parsed JSON output (or null) and wall time in ms. */
export function runCli(cli: AwsCli, args: string[], env: NodeJS.ProcessEnv): Promise<{ output: unknown; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(cli.path, [...args, '--output', 'json'], { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const elapsed = performance.now() - started;
      if (error) return reject(new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr || error.message}`));
      resolve({ output: stdout.trim() ? JSON.parse(stdout) : null, ms: elapsed });
    });
  });
}
