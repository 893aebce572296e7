/**
 * Child process of bench/packagingMemory.ts: packages one folder the way a deploy does
 * (buildPackage: file selection, limits, deterministic zip in memory) and prints one JSON line with
 * its own peak resident memory. `--idle` loads the same code and packages nothing (the Node floor);
 * `--select` runs the file selection only.
 */
import { selectFiles } from '../../src/release/fileSelection';
import { buildPackage } from '../../src/release/packaging';

async function main(): Promise<void> {
  const [folder, mode] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  let result: Record<string, unknown> = {};
  if (mode === '--select') {
    const selection = await selectFiles(folder);
    result = { fileCount: selection.files.length };
  } else if (mode !== '--idle') {
    try {
      const pkg = await buildPackage(folder);
      result = { fileCount: pkg.fileCount, unzippedBytes: pkg.unzippedBytes, zippedBytes: pkg.zip.length, sha256: pkg.sha256 };
    } catch (error) {
      // A refusal (e.g. more entries than a zip without ZIP64 holds) is a result too: its memory counts.
      result = { refused: error instanceof Error ? error.message : String(error) };
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ ...result, seconds, peakRssKb: process.resourceUsage().maxRSS }));
}

void main();
