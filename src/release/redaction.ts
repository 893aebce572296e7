/**
 * The one decision about what of a secret-bearing text may reach a message or the log.
 *
 * A credential helper (a profile's `credential_process`) fails with its whole command line and
 * its stderr in the SDK's message (`Command failed: CMD\nSTDERR`); either may hold a key or a
 * token in any shape (`--token=X`, a bare value, a half-written JSON). Of such a failure only
 * this is shown: that the helper failed, its program name (no path, no arguments) and its exit
 * code when one is known. Everything else is masked by shape (`secret = value` pairs, secret
 * command-line options). Pure: no SDK, no vscode.
 */

/** `secret = value` pairs as a config file, JSON, a header or a query string spells them. */
const SECRET_ASSIGNMENT = /((?:aws_)?(?:secret_?access_?key|session_?token)|x-amz-security-token)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;

/** A command-line option that names a secret, with its value: `--secret-access-key X`, `--token=X`. */
const SECRET_OPTION = /(?<![\w-])(--?[\w-]*(?:secret|token|password|passwd|credential)[\w-]*)(=|\s+)(?!-)[^\s"',;&]+/gi;

/** How node's child_process (which the SDK's credential_process provider uses) reports a failed command. */
const COMMAND_FAILED = /Command failed: ([^\n]*)[\s\S]*/;

/** What a credential helper's failure may show. */
export interface CredentialHelperFailure {
  /** The program's file name, e.g. `node`, `aws-vault`: no directory, no arguments. */
  program: string;
  /** The helper's exit code, when the error carries it. */
  exitCode?: number;
}

/** The program a command line runs: the first word that is not a `NAME=value` prefix, without its directory. */
export function programName(commandLine: string): string {
  const words = commandLine.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const program = words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? '';
  const unquoted = program.replace(/^["']|["']$/g, '');
  return unquoted.split(/[\\/]/).pop() || 'unknown program';
}

/** Recognises the SDK's credential_process failure in an error's message; undefined for anything else. */
export function credentialHelperFailure(error: unknown): CredentialHelperFailure | undefined {
  const e = error as { message?: unknown; code?: unknown; credentialHelper?: CredentialHelperFailure } | undefined;
  if (e?.credentialHelper) return e.credentialHelper;
  const message = typeof e?.message === 'string' ? e.message : undefined;
  const failed = message && COMMAND_FAILED.exec(message);
  if (!failed) return undefined;
  return { program: programName(failed[1]), exitCode: typeof e?.code === 'number' ? e.code : undefined };
}

/** "the credential helper `node` failed (exit code 3)". */
export function describeCredentialHelperFailure(failure: CredentialHelperFailure): string {
  return `the credential helper \`${failure.program}\` failed${failure.exitCode === undefined ? '' : ` (exit code ${failure.exitCode})`}; its output and arguments are not shown (they may hold secrets)`;
}

/**
 * A text that may reach the UI or the log: a credential helper's command line and output become
 * the one safe sentence, secret values are masked where their shape shows them.
 */
export function redactSecrets(text: string): string {
  const withoutHelper = text.replace(COMMAND_FAILED, (_all, command: string) => describeCredentialHelperFailure({ program: programName(command) }));
  return withoutHelper.replace(SECRET_ASSIGNMENT, '$1$2***').replace(SECRET_OPTION, '$1$2***');
}
