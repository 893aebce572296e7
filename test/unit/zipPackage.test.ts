import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { selectFiles } from '../../src/release/fileSelection';
import { createZip } from '../../src/release/zipPackage';

interface ZipEntryInfo {
  name: string;
  mode: number;
  method: number;
  dateTime: number[];
  size: number;
  sha256: string;
}

/** Reads a zip back with Python's zipfile (an independent reader): entries in stored order. */
function readZip(path: string): ZipEntryInfo[] {
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps([{"name": i.filename, "mode": i.external_attr >> 16, "method": i.compress_type,
        "dateTime": list(i.date_time), "size": i.file_size,
        "sha256": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as ZipEntryInfo[];
}

function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'zip-'));
  for (const [relativePath, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, relativePath)), { recursive: true });
    writeFileSync(join(root, relativePath), contents);
  }
  return root;
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const FILES: Record<string, string | Buffer> = {
  'index.js': 'exports.handler = async () => ({ statusCode: 200 });\n'.repeat(50),
  'lib/util.js': 'module.exports = () => 42;\n',
  'bin/run.sh': '#!/bin/sh\nexec node index.js\n',
  'assets/blob.bin': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)),
  'empty.txt': '',
  'ünïcode/名前.json': '{"ok":true}',
};

describe('createZip', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string | Buffer>): string => {
    const root = makeTree(files);
    roots.push(root);
    chmodSync(join(root, 'bin/run.sh'), 0o755);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('round trip: entries sorted, contents intact, fixed date, 0644/0755, deflated', async () => {
    const root = tree(FILES);
    const { files } = await selectFiles(root);
    const output = join(root, '..', `${root.split(/[\\/]/).pop()}.zip`);
    const result = await createZip(files, { outputPath: output });
    try {
      const entries = readZip(output);
      assert.deepEqual(entries.map((entry) => entry.name), Object.keys(FILES).sort());
      for (const entry of entries) {
        assert.equal(entry.sha256, sha256Hex(FILES[entry.name]), entry.name);
        assert.deepEqual(entry.dateTime, [1980, 1, 1, 0, 0, 0], entry.name);
        assert.equal(entry.mode, entry.name === 'bin/run.sh' ? 0o100755 : 0o100644, entry.name);
        assert.equal(entry.method, 8, entry.name);
      }
      assert.equal(result.fileCount, 6);
      assert.equal(result.unzippedSize, Object.values(FILES).reduce((sum, data) => sum + Buffer.byteLength(data), 0));
      const bytes = readFileSync(output);
      assert.equal(result.zippedSize, bytes.length);
      assert.equal(result.sha256, createHash('sha256').update(bytes).digest('base64'));
      execFileSync('unzip', ['-tq', output]); // Info-ZIP's integrity test (CRCs included); throws on failure
    } finally {
      rmSync(output, { force: true });
    }
  });

  it('same files give the same bytes, in memory and on disk', async () => {
    const { files } = await selectFiles(tree(FILES));
    const first = await createZip(files);
    const second = await createZip(files);
    assert.ok(first.bytes && second.bytes);
    assert.ok(first.bytes.equals(second.bytes));
    assert.equal(first.sha256, second.sha256);
    const output = join(mkdtempSync(join(tmpdir(), 'zip-out-')), 'out.zip');
    const onDisk = await createZip(files, { outputPath: output });
    assert.ok(readFileSync(output).equals(first.bytes));
    assert.equal(onDisk.sha256, first.sha256);
    assert.equal(onDisk.bytes, undefined);
    rmSync(join(output, '..'), { recursive: true, force: true });
  });

  it('another folder with other mtimes and creation order gives the same SHA-256', async () => {
    const a = tree(FILES);
    const reversed = Object.fromEntries(Object.entries(FILES).reverse());
    const b = tree(reversed);
    for (const [index, name] of Object.keys(FILES).entries()) utimesSync(join(b, name), 1_000_000 + index * 3600, 2_000_000_000 - index * 7);
    const [zipA, zipB] = [await createZip((await selectFiles(a)).files), await createZip((await selectFiles(b)).files)];
    assert.equal(zipA.sha256, zipB.sha256);
  });

  it('gives the same SHA-256 in another time zone (child processes with TZ set)', async function () {
    this.timeout(30000);
    const root = tree(FILES);
    const script = `
      const { selectFiles } = require(${JSON.stringify(require.resolve('../../src/release/fileSelection'))});
      const { createZip } = require(${JSON.stringify(require.resolve('../../src/release/zipPackage'))});
      selectFiles(process.argv[1]).then((s) => createZip(s.files)).then((r) => process.stdout.write(r.sha256));`;
    const hashIn = (tz: string): string =>
      execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script, root], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    const here = (await createZip((await selectFiles(root)).files)).sha256;
    assert.equal(hashIn('Pacific/Kiritimati'), here);
    assert.equal(hashIn('America/Los_Angeles'), here);
  });

  it('keeps entry order by path whatever order the inputs come in', async () => {
    const { files } = await selectFiles(tree(FILES));
    const shuffled = [files[3], files[0], files[5], files[1], files[4], files[2]];
    assert.equal((await createZip(shuffled)).sha256, (await createZip(files)).sha256);
  });

  it('writes a valid empty zip for no files, and refuses a path listed twice', async () => {
    const empty = await createZip([]);
    assert.equal(empty.fileCount, 0);
    assert.equal(empty.bytes?.length, 22); // just the end-of-central-directory record
    const { files } = await selectFiles(tree(FILES));
    await assert.rejects(createZip([...files, files[0]]), (error: unknown) => error instanceof ReleaseError && /appears twice/.test(error.message));
  });

  it('cancels: before starting, and midway (the partial output file is removed)', async () => {
    const { files } = await selectFiles(tree(FILES));
    const early = new AbortController();
    early.abort();
    await assert.rejects(createZip(files, { signal: early.signal }), CancelledError);

    const output = join(mkdtempSync(join(tmpdir(), 'zip-cancel-')), 'out.zip');
    const midway = new AbortController();
    // A window of one entry makes the packager wait for the first file to be written, so the abort
    // lands while the zip is half written.
    const pending = createZip(files, { outputPath: output, signal: midway.signal, windowEntries: 1 });
    midway.abort();
    await assert.rejects(pending, CancelledError);
    assert.equal(existsSync(output), false);
    rmSync(join(output, '..'), { recursive: true, force: true });
  });

  it('names a file that vanished between selection and zipping', async () => {
    const root = tree(FILES);
    const { files } = await selectFiles(root);
    rmSync(join(root, 'lib/util.js'));
    await assert.rejects(createZip(files), (error: unknown) => error instanceof ReleaseError && error.message === 'lib/util.js disappeared while the workspace was being read.');
  });

  it('refuses more entries than a zip without ZIP64 can count, before reading any file', async () => {
    const missing = join(tmpdir(), 'no-such-folder-for-zip-test');
    const inputs = Array.from({ length: 65_536 }, (_, i) => ({ relativePath: `f${i}`, absolutePath: join(missing, `f${i}`), size: 1, executable: false }));
    await assert.rejects(createZip(inputs), (error: unknown) => error instanceof ReleaseError && error.kind === 'limit' && /65536 files/.test(error.message));
  });

  it('worker threads and the in-thread deflater give the same bytes, whatever the batching', async function () {
    this.timeout(30000);
    // Enough files and bytes for several batches per worker (a batch is at most 256 files / 1 MB).
    const many: Record<string, string | Buffer> = { ...FILES };
    for (let i = 0; i < 700; i++) {
      many[`gen/d${i % 13}/f${i}.${i % 3 ? 'js' : 'bin'}`] =
        i % 3 ? `export const v${i} = ${JSON.stringify('x'.repeat(i % 200))};\n`.repeat(1 + (i % 40)) : Buffer.from(Array.from({ length: 2000 + i * 7 }, (_, j) => (j * j + i) % 256));
    }
    const root = tree(many);
    const { files } = await selectFiles(root);
    const inThread = await createZip(files, { workers: 0 });
    const oneWorker = await createZip(files, { workers: 1 });
    const twoWorkersSmallWindow = await createZip(files, { workers: 2, windowEntries: 5, windowBytes: 10_000 });
    assert.ok(inThread.bytes && oneWorker.bytes && twoWorkersSmallWindow.bytes);
    assert.ok(oneWorker.bytes.equals(inThread.bytes));
    assert.ok(twoWorkersSmallWindow.bytes.equals(inThread.bytes));
    assert.equal(inThread.fileCount, Object.keys(many).length);

    const output = join(mkdtempSync(join(tmpdir(), 'zip-workers-')), 'out.zip');
    try {
      await createZip(files, { outputPath: output, workers: 2 });
      assert.ok(readFileSync(output).equals(inThread.bytes));
      const entries = readZip(output);
      assert.deepEqual(entries.map((entry) => entry.name), Object.keys(many).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const entry of entries) assert.equal(entry.sha256, sha256Hex(many[entry.name]), entry.name);
      execFileSync('unzip', ['-tq', output]);
    } finally {
      rmSync(join(output, '..'), { recursive: true, force: true });
    }
  });

  it('names a vanished file and a cancel on the worker path too (no output left behind)', async function () {
    this.timeout(30000);
    const root = tree(FILES);
    const { files } = await selectFiles(root);
    const output = join(mkdtempSync(join(tmpdir(), 'zip-workers-')), 'out.zip');
    const midway = new AbortController();
    const pending = createZip(files, { outputPath: output, signal: midway.signal, workers: 2, windowEntries: 1 });
    midway.abort();
    await assert.rejects(pending, CancelledError);
    assert.equal(existsSync(output), false);

    rmSync(join(root, 'lib/util.js'));
    await assert.rejects(
      createZip(files, { outputPath: output, workers: 2 }),
      (error: unknown) => error instanceof ReleaseError && error.message === 'lib/util.js disappeared while the workspace was being read.',
    );
    assert.equal(existsSync(output), false);
    rmSync(join(output, '..'), { recursive: true, force: true });
  });
});
