/**
 * One activation in a fresh Node process (spawned by bench/activation.ts, plain node: no tsx
 * hooks in the timed require). Injects the fake `vscode` (fakeVscode.cjs) through Module._load,
 * times `require(extension.js)` and `activate()`, checks the SDK bundle (aws.js) was NOT loaded,
 * then optionally times the first tree load (root, then one profile's functions), which loads it.
 * Prints one JSON line.
 *
 * env: BENCH_EXTENSION=<dist/extension.js>  BENCH_SETTINGS=<json>  BENCH_TREE_PROFILE=<name, optional>
 *      BENCH_PRELOAD_BUILTINS=1: require the Node built-ins the bundle names (node:crypto, zlib, …)
 *      before timing, as they are in an extension host that is already running; else a cold process.
 */
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createFakeVscode } = require('./fakeVscode.cjs');

async function main() {
  const extensionPath = process.env.BENCH_EXTENSION;
  if (!extensionPath) throw new Error('BENCH_EXTENSION is not set');
  const awsBundle = join(dirname(extensionPath), 'aws.js');
  const fake = createFakeVscode(JSON.parse(process.env.BENCH_SETTINGS || '{}'));

  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (request === 'vscode') return fake.vscode;
    return originalLoad.call(this, request, parent, isMain);
  };
  const sdkLoaded = () => Boolean(require.cache[awsBundle]);
  const preloaded = process.env.BENCH_PRELOAD_BUILTINS === '1' ? preloadBuiltins(extensionPath) : [];

  const t0 = performance.now();
  const extension = require(extensionPath);
  const t1 = performance.now();
  const api = extension.activate(fake.context);
  const t2 = performance.now();
  const result = {
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    totalMs: t2 - t0,
    sdkLoadedAfterActivate: sdkLoaded(),
    commands: fake.commands.size,
    ownLogLine: fake.logLines.find((line) => /Activated in/.test(line)),
    preloaded,
  };

  const profileName = process.env.BENCH_TREE_PROFILE;
  if (profileName) {
    const t3 = performance.now();
    const roots = await api.tree.getChildren();
    const profile = roots.find((node) => node.profile && node.profile.name === profileName);
    if (!profile) throw new Error(`no profile node "${profileName}" in the tree: ${roots.map((n) => n.id).join(', ')}`);
    const children = await api.tree.getChildren(profile);
    for (const node of [...roots, ...children]) api.tree.getTreeItem(node);
    const t4 = performance.now();
    const errors = children.filter((node) => /error|empty/.test(node.id) || node.getTreeItem().contextValue === 'lambdaRelease.error');
    Object.assign(result, {
      treeLoadMs: t4 - t3,
      functionNodes: children.length,
      treeErrors: errors.map((node) => String(node.getTreeItem().label)),
      sdkLoadedAfterTree: sdkLoaded(),
      sdkLogLine: fake.logLines.find((line) => /AWS SDK loaded/.test(line)),
    });
  }
  for (const disposable of fake.context.subscriptions) disposable.dispose?.();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Requires every Node built-in the bundle names; returns their names. */
function preloadBuiltins(bundlePath) {
  const text = readFileSync(bundlePath, 'utf8');
  const names = new Set();
  for (const match of text.matchAll(/require\("([^"]+)"\)/g)) {
    const name = match[1];
    if (Module.isBuiltin(name)) names.add(name);
  }
  for (const name of names) require(name);
  return [...names].sort();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
