/**
 * Reads and deflates the files of a zip in batches, on worker threads or in this thread; the zip
 * writer (fflate's `Zip`, see zipPackage.ts) then stores the results as precompressed entries.
 *
 * Why batches on workers: compressing one file at a time through an async zlib stream costs more
 * per file than the deflate itself on workspaces of many small files, and a worker per file costs
 * more still. A few long-lived workers that each read, CRC and deflate a batch of files with the
 * synchronous zlib calls keep every core busy with no per-file overhead, and leave the main
 * thread (the extension host) free. Below a few megabytes starting workers costs more than it
 * saves, so small packages are deflated in this thread with the very same zlib calls (same bytes).
 *
 * The worker's code is a string run with `eval: true`, so it works the same from the TypeScript
 * sources (tests under tsx) and from the esbuild bundle, with no extra file to ship.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { crc32, deflateRawSync } from 'node:zlib';

/** One file of a batch: deflated, or the read error (code and message survive the thread hop). */
export type DeflatedFile = { size: number; crc: number; data: Buffer } | { error: { code?: string; message: string } };

export interface Deflater {
  /** Deflates the files at these paths, results in the same order. */
  deflate(paths: readonly string[]): Promise<DeflatedFile[]>;
  /** Stops the workers (also mid-batch, on cancel or failure). */
  close(): Promise<void>;
}

interface WorkerReply {
  id: number;
  /** Per file: [size, crc, offset, length] into `data`, or an error. */
  entries: Array<[number, number, number, number] | { code?: string; message: string }>;
  data: ArrayBuffer;
}

// Plain JavaScript run by each worker; keep it in step with `deflateHere` below (a unit test checks
// that both give the same bytes). The batch's output is copied into one buffer of its own, so it is
// transferred back without a copy and without detaching Node's shared small-buffer pool.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { crc32, deflateRawSync } = require('node:zlib');
const outputChunkSize = (size) => Math.min(16 * 1024, Math.max(64, size + (size >> 10) + 64));
parentPort.on('message', ({ id, paths, level }) => {
  const entries = [];
  const parts = [];
  let total = 0;
  for (const path of paths) {
    let data;
    try {
      data = readFileSync(path);
    } catch (error) {
      entries.push({ code: error && error.code, message: String(error && error.message) });
      continue;
    }
    const deflated = deflateRawSync(data, { level, chunkSize: outputChunkSize(data.length) });
    entries.push([data.length, crc32(data), total, deflated.length]);
    parts.push(deflated);
    total += deflated.length;
  }
  const out = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const part of parts) offset += part.copy(out, offset);
  parentPort.postMessage({ id, entries, data: out.buffer }, [out.buffer]);
});
`;

/** The in-thread twin of WORKER_SOURCE. */
function deflateHere(path: string, level: number): DeflatedFile {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    return { error: { code: (error as NodeJS.ErrnoException)?.code, message: String((error as Error)?.message) } };
  }
  return { size: data.length, crc: crc32(data), data: ownBytes(deflateRawSync(data, { level, chunkSize: outputChunkSize(data.length) })) };
}

/**
 * zlib's output block for one file: its size plus deflate's worst-case overhead, within zlib's
 * bounds (64 B to its 16 KB default). A bigger file fills several blocks, joined once. Without
 * it every tiny file allocated a 16 KB block, and 20,000 of them piled up 300 MB of garbage
 * before V8 noticed. The compressed bytes do not depend on it.
 */
function outputChunkSize(size: number): number {
  // The same formula is in WORKER_SOURCE.
  return Math.min(16 * 1024, Math.max(64, size + (size >> 10) + 64));
}

/**
 * zlib's sync call returns a view of its output chunk (16 KB however small the file): keeping that
 * view keeps the whole chunk alive, 320 MB for 20,000 tiny files in an in-memory zip. A small
 * result is copied into a block of its own size (Node packs small copies into shared 8 KB slabs).
 */
function ownBytes(deflated: Buffer): Buffer {
  return deflated.buffer.byteLength > deflated.length * 2 ? Buffer.from(deflated) : deflated;
}

export function createDeflater(workers: number, level: number): Deflater {
  return workers > 0 ? new WorkerDeflater(workers, level) : new InThreadDeflater(level);
}

class InThreadDeflater implements Deflater {
  constructor(private readonly level: number) {}

  deflate(paths: readonly string[]): Promise<DeflatedFile[]> {
    // setImmediate, not a microtask: cancellation and output writes get their turn between batches.
    return new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(paths.map((path) => deflateHere(path, this.level)));
        } catch (error) {
          reject(error);
        }
      }),
    );
  }

  async close(): Promise<void> {}
}

interface Pending {
  resolve: (files: DeflatedFile[]) => void;
  reject: (error: unknown) => void;
  worker: PoolWorker;
}

interface PoolWorker {
  thread: Worker;
  outstanding: number;
}

class WorkerDeflater implements Deflater {
  private readonly pool: PoolWorker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(
    count: number,
    private readonly level: number,
  ) {
    this.pool = Array.from({ length: count }, () => this.start());
  }

  deflate(paths: readonly string[]): Promise<DeflatedFile[]> {
    if (this.closed) return Promise.reject(new Error('The zip workers were stopped.'));
    // The least busy worker; ties go to the first, so the spread is the same in every run (the
    // bytes never depend on it anyway: each file is deflated on its own).
    const worker = this.pool.reduce((best, candidate) => (candidate.outstanding < best.outstanding ? candidate : best));
    const id = this.nextId++;
    worker.outstanding++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.thread.postMessage({ id, paths, level: this.level });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pool.map((worker) => worker.thread.terminate()));
    this.failAll(new Error('The zip workers were stopped.'));
  }

  private start(): PoolWorker {
    const thread = new Worker(WORKER_SOURCE, { eval: true });
    const worker: PoolWorker = { thread, outstanding: 0 };
    thread.on('message', (reply: WorkerReply) => this.settle(reply));
    thread.on('error', (error) => this.failAll(error));
    thread.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`A zip worker stopped unexpectedly (exit code ${code}).`));
    });
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    pending.worker.outstanding--;
    const data = Buffer.from(reply.data);
    pending.resolve(
      reply.entries.map((entry) =>
        Array.isArray(entry) ? { size: entry[0], crc: entry[1], data: data.subarray(entry[2], entry[2] + entry[3]) } : { error: entry },
      ),
    );
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
