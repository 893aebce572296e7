import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflater, type DeflatedFile } from '../../src/release/zipDeflater';

/** Bytes of every distinct memory block the results keep alive (what an in-memory zip holds on to). */
function retainedBytes(results: DeflatedFile[]): number {
  const blocks = new Set<ArrayBufferLike>();
  for (const result of results) if ('data' in result) blocks.add(result.data.buffer);
  return [...blocks].reduce((sum, block) => sum + block.byteLength, 0);
}

describe('zip deflater memory', () => {
  let root: string;
  const paths: string[] = [];
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'deflater-'));
    for (let i = 0; i < 300; i++) {
      const path = join(root, `f${i}.js`);
      writeFileSync(path, `x${i}\n`);
      paths.push(path);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  // zlib's sync call returns a view of its 16 KB output chunk: 300 tiny files kept 300 such chunks
  // (4.8 MB) alive; 20,000 files in an in-memory zip kept 320 MB.
  for (const workers of [0, 1]) {
    it(`keeps only about the deflated bytes alive for many tiny files (${workers ? 'worker thread' : 'in this thread'})`, async () => {
      const deflater = createDeflater(workers, 6);
      try {
        const results = await deflater.deflate(paths);
        const deflated = results.reduce((sum, result) => sum + ('data' in result ? result.data.length : 0), 0);
        assert.equal(results.length, 300);
        assert.ok(deflated > 0 && deflated < 300 * 16);
        // Small blocks share Node's 8 KB pool slabs with other allocations: allow well under 1 KB a
        // file (its bytes, zlib's 64-byte minimum block, slab slack), never a 16 KB block per file.
        assert.ok(retainedBytes(results) < paths.length * 1024, `${retainedBytes(results)} bytes kept alive for ${deflated} deflated bytes`);
      } finally {
        await deflater.close();
      }
    });
  }
});
