import { cpus, totalmem } from 'node:os';

/** One line naming the machine, printed by every benchmark (figures are only comparable side by side). */
export function machineLine(): string {
  return `machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${new Date().toISOString()}`;
}
