/** Tiny `--name value` / `--flag` reader shared by the benchmarks (env fallback for run-all). */
export function numberArg(argv: string[], name: string, fallback: number, envName?: string): number {
  const index = argv.indexOf(`--${name}`);
  const raw = index >= 0 ? argv[index + 1] : envName ? process.env[envName] : undefined;
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0 (got ${raw})`);
  return value;
}

export function stringArg(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}

export function flag(argv: string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

/** A ratio with enough digits to be read at a glance: 412x, 58.3x, 1.27x. */
export function ratio(baseline: number, ours: number): string {
  const r = baseline / ours;
  return `${r >= 100 ? Math.round(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
}
