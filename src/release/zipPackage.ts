/**
 * Builds a deterministic deployment zip with yazl: the same files give the same bytes, hence the
 * same base64 SHA-256 that Lambda reports as CodeSha256, so "already deployed" can be told without
 * uploading.
 *
 * Determinism: entries in the caller's sorted order (never completion order), one fixed timestamp
 * (1980-01-01 00:00 local, the DOS epoch, with no UTC "UT" extra field: the DOS fields are written in
 * local time, so a fixed local date gives the same bytes in every time zone), modes 0644 or 0755,
 * deflate level 6.
 *
 * Speed: yazl's `addFile` opens one read stream and one deflate stream per file, and that per-file
 * overhead dominates on workspaces of many small files (~10 MB/s). Here files are read whole in
 * bounded parallel and handed over with `addBuffer`, which deflates each one with the async
 * `zlib.deflateRaw` on libuv's thread pool, so both cores compress while the main thread reads and
 * hashes. Memory stays bounded: reading runs at most `windowBytes` ahead of what yazl has written,
 * tracked by following the local file headers in the output (addBuffer entries carry their
 * compressed size in the header).
 */
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ZipFile } from 'yazl';
import { CancelledError, ReleaseError } from './errors';
import { compareNames, fileError, yieldToEventLoop, type SelectedFile } from './fileSelection';

export type ZipInput = Pick<SelectedFile, 'relativePath' | 'absolutePath' | 'size' | 'executable'>;

export interface ZipOptions {
  /** Write the zip here (streamed); without it the zip is returned in memory as `bytes`. */
  outputPath?: string;
  signal?: AbortSignal;
  /** Bytes read ahead of the written output (default 32 MB). */
  windowBytes?: number;
  /** Entries read ahead of the written output (default 64). */
  windowEntries?: number;
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
const SLICE_MS = 10;

export async function createZip(inputs: readonly ZipInput[], options: ZipOptions = {}): Promise<ZipResult> {
  const files = sortedUnique(inputs);
  const { signal, outputPath } = options;
  if (signal?.aborted) throw new CancelledError();
  const windowEntries = Math.max(1, options.windowEntries ?? 64);
  const windowBytes = Math.max(1, options.windowBytes ?? 32 * 1024 * 1024);
  const mtime = FIXED_MTIME();

  const zip = new ZipFile();
  const hash = createHash('sha256');
  const progress = new WrittenEntries();
  const chunks: Buffer[] = [];
  let zippedSize = 0;
  let unzippedSize = 0;
  let sink: WriteStream | undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = (): void => fail(new CancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });

      const output = zip.outputStream;
      output.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        zippedSize += chunk.length;
        if (!sink) chunks.push(chunk);
        const done = progress.feed(chunk);
        for (let i = 0; i < done; i++) release();
      });
      output.on('error', fail);
      zip.on('error', (error: unknown) => fail(new ReleaseError('validation', `Could not build the zip: ${(error as Error).message}`, { cause: error })));
      if (outputPath) {
        sink = createWriteStream(outputPath);
        sink.on('error', (error) => fail(new ReleaseError('validation', `Cannot write the zip to ${outputPath}: ${error.message}`, { cause: error })));
        sink.on('finish', () => {
          if (!failed) resolve();
        });
        output.pipe(sink);
      } else {
        output.on('end', () => {
          if (!failed) resolve();
        });
      }

      // Files are read in order and handed to yazl at once, so entry order never depends on
      // timing; reading stops while more than the window is waiting to be written.
      let nextRelease = 0;
      let bytesAhead = 0;
      let entriesAhead = 0;
      let resume: (() => void) | undefined;
      const windowFull = (): boolean => bytesAhead >= windowBytes || entriesAhead >= windowEntries;

      function release(): void {
        bytesAhead -= files[nextRelease].size;
        entriesAhead--;
        nextRelease++;
        if (resume && !windowFull()) {
          const go = resume;
          resume = undefined;
          go();
        }
      }

      const produce = async (): Promise<void> => {
        let sliceStart = Date.now();
        for (const file of files) {
          if (windowFull()) {
            await new Promise<void>((resolve) => (resume = resolve));
            sliceStart = Date.now();
          } else if (Date.now() - sliceStart >= SLICE_MS) {
            await yieldToEventLoop();
            sliceStart = Date.now();
          }
          if (failed) return;
          const data = readWhole(file);
          unzippedSize += data.length;
          bytesAhead += file.size;
          entriesAhead++;
          zip.addBuffer(data, file.relativePath, {
            mtime,
            mode: file.executable ? EXECUTABLE_MODE : FILE_MODE,
            compressionLevel: COMPRESSION_LEVEL,
            forceDosTimestamp: true,
          });
        }
        zip.end();
      };
      produce().catch(fail);
    });
  } catch (error) {
    zip.outputStream.unpipe?.();
    if (sink) {
      sink.destroy();
      await rm(outputPath as string, { force: true });
    }
    throw error;
  }

  return {
    sha256: hash.digest('base64'),
    zippedSize,
    unzippedSize,
    fileCount: files.length,
    ...(sink ? { outputPath } : { bytes: Buffer.concat(chunks, zippedSize) }),
  };
}

/** Reads are synchronous: measured several times faster than fs/promises for many small files. */
function readWhole(file: ZipInput): Buffer {
  try {
    return readFileSync(file.absolutePath);
  } catch (error) {
    throw fileError(error, file.relativePath);
  }
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

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;

/**
 * Counts the entries yazl has finished writing by walking the local file headers in its output.
 * Every entry comes from addBuffer, whose header carries the compressed size (no data descriptor),
 * so the walk can skip over the data. The walk stops at the central directory.
 */
export class WrittenEntries {
  private header = Buffer.alloc(LOCAL_HEADER_SIZE);
  private headerFill = 0;
  private skip = 0;
  private inEntry = false;
  private finished = false;

  /** Returns how many entries this chunk completed. */
  feed(chunk: Buffer): number {
    let completed = 0;
    let offset = 0;
    while (offset < chunk.length && !this.finished) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, chunk.length - offset);
        this.skip -= step;
        offset += step;
        if (this.skip === 0 && this.inEntry) {
          this.inEntry = false;
          completed++;
        }
        continue;
      }
      const step = Math.min(LOCAL_HEADER_SIZE - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + step);
      this.headerFill += step;
      offset += step;
      if (this.headerFill < 4) continue;
      if (this.header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
        this.finished = true; // central directory
        break;
      }
      if (this.headerFill < LOCAL_HEADER_SIZE) continue;
      this.headerFill = 0;
      this.skip = this.header.readUInt16LE(26) + this.header.readUInt16LE(28) + this.header.readUInt32LE(18);
      this.inEntry = true;
      if (this.skip === 0) {
        this.inEntry = false;
        completed++;
      }
    }
    return completed;
  }
}
