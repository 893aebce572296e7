/**
 * Packaging memory benchmark: peak resident memory (RSS) of packaging a workspace of many small
 * files the way a deploy does (file selection + deterministic zip, bench/support/packagingChild.ts
 * in a fresh Node process), against Info-ZIP `zip -r -q -X` on the same tree in the same run, as
 * a ratio. Also printed: a Node process that loads the same code and packages nothing (the floor
 * any Node process pays, which the extension host has already paid), file selection alone, and the
 * package's size, so the figure reads as "memory per package", not only "Node vs C".
 *
 *   npx tsx bench/packagingMemory.ts [--sizes 20000:128,100000:640] [--keep]
 *   (sizes are files:kilobytes-in-total; or PACKAGING_MEMORY_BENCH_SIZES)
 *
 * Peak RSS of each child comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`) for
 * both sides. Prints one figure line last.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { flag, stringArg } from './support/args';
import { machineLine } from './support/machine';

const run = promisify(execFile);
const TIME = '/usr/bin/time';

interface Size {
  files: number;
  kilobytes: number;
}

function sizes(argv: string[]): Size[] {
  const raw = stringArg(argv, 'sizes') ?? process.env.PACKAGING_MEMORY_BENCH_SIZES ?? '20000:128,100000:640';
  return raw.split(',').map((pair) => {
    const [files, kilobytes] = pair.split(':').map(Number);
    if (!(files > 0) || !(kilobytes > 0)) throw new Error(`--sizes wants files:kilobytes pairs (got ${pair})`);
    return { files: Math.round(files), kilobytes };
  });
}

/** `files` small text files of `kilobytes` in total, 50 to a folder, two levels deep like a node_modules tree. */
function generateTree(root: string, size: Size): void {
  const totalBytes = Math.round(size.kilobytes * 1024);
  const base = Math.floor(totalBytes / size.files);
  let extra = totalBytes - base * size.files;
  for (let i = 0; i < size.files; i++) {
    const folder = join(root, `pkg${Math.floor(i / 2000)}`, `lib${Math.floor(i / 50)}`);
    if (i % 50 === 0) mkdirSync(folder, { recursive: true });
    const length = base + (extra-- > 0 ? 1 : 0);
    writeFileSync(join(folder, `file${i}.js`), 'x'.repeat(Math.max(0, length - 1)) + (length > 0 ? '\n' : ''));
  }
}

/** Peak RSS in MB of a command, as GNU time reports it (its last stderr line: `%M` kilobytes). */
async function peakRss(command: string, args: string[], cwd: string): Promise<{ mb: number; stdout: string }> {
  const { stdout, stderr } = await run(TIME, ['-f', '%M', command, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
  const kilobytes = Number(stderr.trim().split('\n').at(-1));
  if (!Number.isFinite(kilobytes)) throw new Error(`GNU time printed no peak RSS:\n${stderr}`);
  return { mb: kilobytes / 1024, stdout };
}

const mb = (value: number): string => `${value.toFixed(1)} MB`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  for (const [tool, hint] of [[TIME, 'the Debian package `time`'], ['zip', 'the Debian package `zip`']]) {
    try {
      await run(tool, tool === TIME ? ['-f', '%M', 'true'] : ['-v']);
    } catch {
      throw new Error(`${tool} is missing: install ${hint} to run this benchmark.`);
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'packaging-memory-bench-'));
  try {
    // The child is bundled as the extension's packaging bundle is, and run by plain Node (no tsx in the process).
    const child = join(work, 'packagingChild.cjs');
    await build({ entryPoints: [join(__dirname, 'support', 'packagingChild.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: child, logLevel: 'warning' });
    console.log(machineLine());
    const figures: string[] = [];
    for (const size of sizes(argv)) {
      const tree = join(work, `tree-${size.files}`);
      generateTree(tree, size);
      const node = (mode?: string) => peakRss(process.execPath, [child, tree, ...(mode ? [mode] : [])], work);
      const idle = await node('--idle');
      const select = await node('--select');
      const packaged = await node();
      const result = JSON.parse(packaged.stdout.trim().split('\n').at(-1) as string) as {
        fileCount?: number; zippedBytes?: number; refused?: string; seconds: number;
      };
      const output = join(work, `info-zip-${size.files}.zip`);
      const infoZip = await peakRss('zip', ['-r', '-q', '-X', output, '.'], tree);
      rmSync(output, { force: true });
      const outcome = result.refused ? `refused: ${result.refused}` : `${result.fileCount} entries, zip ${(result.zippedBytes as number / 1024).toFixed(0)} KB`;
      console.log(
        `${size.files} files, ${size.kilobytes} KB: packager peak ${mb(packaged.mb)} (selection alone ${mb(select.mb)}, idle Node ${mb(idle.mb)}, ` +
          `so ${mb(packaged.mb - idle.mb)} for the work) in ${result.seconds.toFixed(2)} s, ${outcome}; Info-ZIP zip -r peak ${mb(infoZip.mb)}`,
      );
      figures.push(`${size.files} files ${mb(packaged.mb)} vs ${mb(infoZip.mb)} = ${(packaged.mb / infoZip.mb).toFixed(1)}x (${mb(packaged.mb - idle.mb)} above idle Node)`);
      rmSync(tree, { recursive: true, force: true });
    }
    console.log(`packaging peak RSS: packager vs Info-ZIP zip -r: ${figures.join('; ')}`);
  } finally {
    if (flag(argv, 'keep')) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
