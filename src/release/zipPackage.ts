/**
 * Builds a deterministic deployment zip: the same files give the same bytes, hence the same base64
 * SHA-256 that Lambda reports as CodeSha256, so "already deployed" can be told without uploading.
 *
 * Determinism: entries in sorted path order (never completion order), one fixed timestamp
 * (1980-01-01 00:00 local, the DOS epoch: the DOS fields are written in local time, so a fixed local
 * date gives the same bytes in every time zone; no extra fields), modes 0644 or 0755, deflate
 * level 6 by Node's zlib (each file deflated on its own, so which thread did it never matters).
 *
 * The container is written by fflate's streaming `Zip` (a maintained zip library; no hand-written
 * zip format here). Its entries are fed precompressed through fflate's `ZipInputFile` extension
 * point (compression 8 with our own CRC and size), because the deflating is done in batches on
 * worker threads (zipDeflater.ts): per-file compression streams, as in yazl's `addBuffer`, cost
 * more than the deflate itself on workspaces of many small files.
 *
 * Memory stays bounded: files are read (by the workers) at most `windowBytes` / `windowEntries`
 * ahead of what has been written out, and the output file's backpressure is honoured.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { CancelledError, ReleaseError } from './errors';
import { compareNames, fileError, type SelectedFile } from './fileSelection';
import { createDeflater, type DeflatedFile } from './zipDeflater';

export type ZipInput = Pick<SelectedFile, 'relativePath' | 'absolutePath' | 'size' | 'executable'>;

export interface ZipOptions {
  /** Write the zip here (streamed); without it the zip is returned in memory as `bytes`. */
  outputPath?: string;
  signal?: AbortSignal;
  /** Bytes read ahead of the written output (default 32 MB). */
  windowBytes?: number;
  /** Entries read ahead of the written output (default 2048). */
  windowEntries?: number;
  /**
   * Worker threads that deflate; 0 deflates in this thread. Default: in this thread below
   * 4 MB of input, else one per core (at most 4). The bytes are the same either way.
   */
  workers?: number;
}

export interface ZipResult {
  /** Base64 SHA-256 of the zip, comparable with Lambda's CodeSha256. */
  sha256: string;
  zippedSize: number;
  unzippedSize: number;
  fileCount: number;
  /** The zip, when no outputPath was given. */
  bytes?: Buffer;
  outputPath?: string;
}

/** 1980-01-01 00:00:00 in local time: the first DOS date, encoded the same in every time zone. */
export const FIXED_MTIME = (): Date => new Date(1980, 0, 1, 0, 0, 0);
export const FILE_MODE = 0o100644;
export const EXECUTABLE_MODE = 0o100755;
const COMPRESSION_LEVEL = 6;
const IN_THREAD_BELOW_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;
/** A batch is big enough that posting it costs nothing next to deflating it, small enough to spread. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_ENTRIES = 256;
/** Without ZIP64 (which fflate does not write), counts are 16-bit and sizes and offsets 32-bit. */
export const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;
const UNIX = 3;

/** A file already deflated elsewhere, handed to fflate's Zip with its CRC and size. */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  readonly os = UNIX; // so readers take the mode from the high half of the external attributes
  readonly attrs: number;
  readonly mtime: Date;
  ondata?: AsyncFlateStreamHandler;

  constructor(
    readonly filename: string,
    readonly size: number,
    readonly crc: number,
    mode: number,
    mtime: Date,
  ) {
    this.attrs = mode * 0x10000; // multiply, not <<: 0o100755 << 16 overflows to a negative int32
    this.mtime = mtime;
  }
}

export async function createZip(inputs: readonly ZipInput[], options: ZipOptions = {}): Promise<ZipResult> {
  const files = sortedUnique(inputs);
  const { signal, outputPath } = options;
  if (signal?.aborted) throw new CancelledError();
  if (files.length > MAX_ENTRIES) throw tooBig(`${files.length} files (at most ${MAX_ENTRIES})`);
  const windowEntries = Math.max(1, options.windowEntries ?? 2048);
  const windowBytes = Math.max(1, options.windowBytes ?? 32 * 1024 * 1024);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const workers = Math.max(0, options.workers ?? (totalBytes < IN_THREAD_BELOW_BYTES ? 0 : Math.min(MAX_WORKERS, availableParallelism())));
  const mtime = FIXED_MTIME();

  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  /** The zip so far, when it is built in memory. */
  const written: Buffer[] = [];
  let zippedSize = 0;
  let unzippedSize = 0;
  let zipError: Error | undefined;
  // fflate's Zip emits synchronously: an entry whose data is pushed whole is written at once, and
  // end() writes the central directory at once.
  const zip = new Zip((error, chunk) => {
    if (error) {
      zipError ??= error;
      return;
    }
    hash.update(chunk);
    zippedSize += chunk.length;
    chunks.push(chunk);
  });

  // Cancellation and output errors reject `stopped`; every wait races it.
  let stop!: (error: unknown) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  const race = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, stopped]);
  const onAbort = (): void => stop(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });

  let sink: WriteStream | undefined;
  const deflater = createDeflater(workers, COMPRESSION_LEVEL);
  try {
    if (outputPath) {
      sink = createWriteStream(outputPath);
      sink.on('error', (error) => stop(new ReleaseError('validation', `Cannot write the zip to ${outputPath}: ${error.message}`, { cause: error })));
    }
    const flush = async (): Promise<void> => {
      if (chunks.length === 0) return;
      const joined = Buffer.concat(chunks);
      chunks.length = 0;
      if (!sink) {
        // In memory: one block per batch instead of a few small arrays (with their bookkeeping) per entry.
        written.push(joined);
        return;
      }
      if (!sink.write(joined)) await race(new Promise<void>((resolve) => sink?.once('drain', () => resolve())));
    };

    // Batches go out in path order and are written in that order, whatever order they finish in.
    const inFlight: Array<{ files: ZipInput[]; result: Promise<DeflatedFile[]> }> = [];
    const maxInFlight = Math.max(1, workers * 2); // one deflating and one queued per worker
    let next = 0;
    let bytesAhead = 0;
    let entriesAhead = 0;
    const windowFull = (): boolean => bytesAhead >= windowBytes || entriesAhead >= windowEntries;

    while (next < files.length || inFlight.length > 0) {
      while (next < files.length && inFlight.length < maxInFlight && (entriesAhead === 0 || !windowFull())) {
        const batch: ZipInput[] = [];
        let batchBytes = 0;
        while (next < files.length && batchBytes < BATCH_BYTES && batch.length < BATCH_ENTRIES && (entriesAhead === 0 || !windowFull())) {
          const file = files[next++];
          batch.push(file);
          batchBytes += file.size;
          bytesAhead += file.size;
          entriesAhead++;
        }
        const result = deflater.deflate(batch.map((file) => file.absolutePath));
        result.catch(() => undefined); // awaited in turn below; a stop may leave it unawaited
        inFlight.push({ files: batch, result });
      }

      const head = inFlight.shift() as (typeof inFlight)[number];
      const deflated = await race(head.result).catch((error: unknown) => {
        throw error instanceof ReleaseError ? error : zipFailed(error as Error);
      });
      for (const [index, file] of head.files.entries()) {
        const entry = deflated[index];
        if ('error' in entry) throw fileError(Object.assign(new Error(entry.error.message), { code: entry.error.code }), file.relativePath);
        const zipEntry = new DeflatedEntry(file.relativePath, entry.size, entry.crc, file.executable ? EXECUTABLE_MODE : FILE_MODE, mtime);
        zip.add(zipEntry);
        zipEntry.ondata?.(null, entry.data as Uint8Array<ArrayBuffer>, true);
        if (zipError) throw zipFailed(zipError);
        unzippedSize += entry.size;
        bytesAhead -= file.size;
        entriesAhead--;
        if (entry.size > MAX_OFFSET || zippedSize > MAX_OFFSET) throw tooBig('over 4 GB');
      }
      await flush();
    }
    zip.end();
    if (zipError) throw zipFailed(zipError);
    await flush();
    if (sink) {
      const output = sink;
      await race(new Promise<void>((resolve) => output.end(resolve)));
    }
  } catch (error) {
    if (sink) {
      // Wait for the close: a stream destroyed while still opening creates the file afterwards.
      const output = sink;
      if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()).destroy());
      await rm(outputPath as string, { force: true });
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await deflater.close();
  }

  return {
    sha256: hash.digest('base64'),
    zippedSize,
    unzippedSize,
    fileCount: files.length,
    ...(sink ? { outputPath } : { bytes: Buffer.concat(written, zippedSize) }),
  };
}

function tooBig(what: string): ReleaseError {
  return new ReleaseError('limit', `The package is too large to zip: ${what}. Lambda accepts at most 250 MB unzipped.`, {
    hint: 'Exclude files with .lambdaignore.',
  });
}

function zipFailed(error: Error): ReleaseError {
  return new ReleaseError('validation', `Could not build the zip: ${error.message}`, { cause: error });
}

function sortedUnique(inputs: readonly ZipInput[]): ZipInput[] {
  const files = [...inputs].sort((a, b) => compareNames(a.relativePath, b.relativePath));
  for (let i = 1; i < files.length; i++) {
    if (files[i].relativePath === files[i - 1].relativePath) {
      throw new ReleaseError('validation', `${files[i].relativePath} appears twice in the file list.`);
    }
  }
  return files;
}
