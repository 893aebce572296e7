import * as assert from 'node:assert/strict';
import type { FunctionSummary } from '../../src/aws/types';
import { assessTargets, deployChosen, summarize, type ChangedFunctionsDeps } from '../../src/release/changedFunctions';
import type { BuiltPackage } from '../../src/release/deploy';
import { CancelledError, ReleaseError } from '../../src/release/errors';
import { readTargets } from '../../src/release/targets';

const targets = readTargets('/repo', [
  { name: 'a', profile: 'p', region: 'us-east-1', function: 'fn-a', sourceFolder: 'a', buildTask: 'build a' },
  { name: 'b', profile: 'p', region: 'us-east-1', function: 'fn-b', sourceFolder: 'b', buildTask: 'build b' },
  { name: 'c', profile: 'p', region: 'us-east-1', function: 'fn-c', sourceFolder: 'c' },
], {}).targets;

/** Fakes at the gateway seam: each function runs `sha-<name>-old`; packages hash to `sha-<name>-<code>`. */
function fakes(code: Record<string, string>, options: { uploadBlocks?: string; onUpload?: (fn: string) => void } = {}) {
  const log: string[] = [];
  let building = 0;
  let maxBuilding = 0;
  const running = new Map(targets.map((t) => [t.ref.functionName, `sha-${t.name}-old`]));
  const deps: ChangedFunctionsDeps = {
    lambda: () => ({
      getFunction: async (name) => ({ name, arn: '', codeSha256: running.get(name), packageType: 'Zip' }) as FunctionSummary,
      waitUntilUpdated: async (name) => ({ name, arn: '', codeSha256: running.get(name) }),
      updateFunctionCode: async (name, _source, opts) => {
        log.push(`upload ${name}`);
        options.onUpload?.(name);
        if (options.uploadBlocks === name) {
          await new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(new CancelledError())));
        }
        const target = targets.find((t) => t.ref.functionName === name);
        running.set(name, `sha-${target?.name}-${code[target?.name ?? '']}`);
        return { name, arn: '' };
      },
      publishVersion: async (name) => (log.push(`publish ${name}`), { version: '2', existing: false }),
    }),
    images: () => {
      throw new Error('no image targets here');
    },
    packageTarget: async (target) => {
      if (target.build) {
        building++;
        maxBuilding = Math.max(maxBuilding, building);
        await new Promise((resolve) => setTimeout(resolve, 5));
        building--;
      }
      if (code[target.name] === 'broken') throw new ReleaseError('validation', `The build of ${target.name} failed with exit code 2`);
      return { zip: Buffer.from(target.name), sha256: `sha-${target.name}-${code[target.name]}`, fileCount: 1, unzippedBytes: 1 } as BuiltPackage;
    },
    codeSourceFor: async (_t, pkg) => ({ zipFile: pkg.zip }),
  };
  return { deps, log, maxBuilding: () => maxBuilding };
}

describe('Deploy Changed Functions (fakes at the gateway seam)', () => {
  it('assesses every target; builds run one at a time; a failed build marks only its target', async () => {
    const { deps, maxBuilding } = fakes({ a: 'broken', b: 'new', c: 'old' });
    const assessed = await assessTargets(targets, deps);
    assert.deepEqual(assessed.map((a) => (a.error ? 'error' : a.state?.status)), ['error', 'changed', 'unchanged']);
    assert.equal(maxBuilding(), 1, 'never two builds at once');
  });

  it('Cancel during one upload: that one says so, the rest are not started, nothing after it is uploaded', async () => {
    const controller = new AbortController();
    const { deps, log } = fakes({ a: 'new', b: 'new', c: 'new' }, { uploadBlocks: 'fn-b', onUpload: (fn) => fn === 'fn-b' && setTimeout(() => controller.abort(), 5) });
    const assessed = await assessTargets(targets, deps);
    const results = await deployChosen(assessed, deps, { publish: true, stopAtFirstFailure: false, signal: controller.signal });
    assert.deepEqual(results.map((r) => r.status), ['deployed', 'cancelled', 'notStarted']);
    assert.deepEqual(log, ['upload fn-a', 'publish fn-a', 'upload fn-b']);
    assert.equal(summarize(results).headline, '1 deployed, 1 cancelled, 1 not started');
    assert.match(results[2].detail, /^not started: cancelled\.$/);
  });

  it('a target whose function runs a container image needs an image, and is not packaged', async () => {
    const { deps } = fakes({ a: 'new', b: 'new', c: 'new' });
    const imageFn: ChangedFunctionsDeps = { ...deps, lambda: (t) => ({ ...deps.lambda(t), getFunction: async (name) => ({ name, arn: '', packageType: 'Image' }) }) };
    const [a] = await assessTargets(targets.slice(2), imageFn);
    assert.match(String((a.error as Error)?.message), /fn-c is a container-image function: target c needs an "image"/);
  });
});
