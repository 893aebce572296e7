import { selectFiles } from '../src/release/fileSelection';
import { createZip } from '../src/release/zipPackage';
(async () => {
  const s = await selectFiles(process.argv[2], { inspectContents: false });
  for (const wb of (process.env.WB ?? '32').split(',').map(Number)) {
    const t = Date.now();
    const r = await createZip(s.files, { outputPath: '/tmp/p.zip', windowBytes: wb * 1024 * 1024, readConcurrency: Number(process.env.RC ?? 8) });
    console.log('window MB', wb, 'zip ms', Date.now() - t, r.zippedSize);
  }
})();
