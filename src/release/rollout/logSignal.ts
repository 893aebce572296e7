/**
 * The gate's fast signal, pure: which log lines of the new version count as errors. The tail of
 * the version's log streams (src/aws/logsGateway.ts) feeds lines in; the count is judged by the
 * gate against its threshold, seconds after the line is written instead of a metric minute later.
 *
 * Default patterns (regular expressions, case-sensitive, `lambdaRelease.rollout.logErrorPatterns`):
 * - `\tERROR\t` / `[ERROR]` / ` ERROR ` : console.error in Node, logging.error in Python, log4j-style
 * - `Task timed out after`              : the runtime killed an invocation
 * - `Runtime\.[A-Za-z]+`                : Runtime.ExitError, Runtime.Unknown, Runtime.ImportModuleError…
 * - `^REPORT .*Status: (error|timeout)` : the REPORT line of a failed invocation
 */

export const DEFAULT_LOG_ERROR_PATTERNS: readonly string[] = [
  '(^|\\s|\\[)ERROR(\\]|\\s|$)',
  'Task timed out after',
  '\\bRuntime\\.[A-Z][A-Za-z]+',
  '^REPORT .*Status: (error|timeout)',
];

export interface ErrorMatcher {
  matches(message: string): boolean;
}

/** Compiles the patterns; a pattern that is not a valid regular expression is reported, not thrown. */
export function errorMatcher(patterns: readonly string[]): ErrorMatcher & { invalid: string[] } {
  const compiled: RegExp[] = [];
  const invalid: string[] = [];
  for (const pattern of patterns) {
    try {
      compiled.push(new RegExp(pattern, 'm'));
    } catch {
      invalid.push(pattern);
    }
  }
  return { invalid, matches: (message) => compiled.some((re) => re.test(message)) };
}

/** Error lines counted so far (one per log event, however many patterns match it). */
export class LogErrorCount {
  count = 0;
  lastLine?: string;
  lastAt?: number;

  constructor(private readonly matcher: ErrorMatcher) {}

  /** Returns true when the line counted as an error. */
  offer(message: string, timestamp: number): boolean {
    if (!this.matcher.matches(message)) return false;
    this.count++;
    this.lastLine = message;
    this.lastAt = timestamp;
    return true;
  }
}
