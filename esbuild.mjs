// Three bundles: a small `extension.js` that activation loads, and two required on first use so
// activation never parses them: `aws.js` (the AWS SDK and the gateways over it) and `packaging.js`
// (file selection, the zip writer, git).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
  // The AWS SDK ships both ESM and CJS; prefer the module build for better tree shaking.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { aws: 'src/aws/index.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { packaging: 'src/release/packagingEntry.ts' }, outdir: 'dist' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
