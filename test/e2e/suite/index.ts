/**
 * Entry of the e2e suite INSIDE the VS Code extension host (`extensionTestsPath`): VS Code calls
 * `run()` and reports its outcome as the window's exit code. Every `*.test.js` bundle next to this
 * file (scripts/run-e2e.mjs bundles each `*.test.ts` on its own, `vscode` external) is loaded
 * with mocha's programmatic API. Each test's result is printed (the spec reporter's lines reach
 * the wrapper through the console), and the counts are written as JSON to
 * $LAMBDA_RELEASE_E2E_RESULTS_FILE, or to <repo>/test-output/e2e/suite-results.json without it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULTS_FILE_ENV = 'LAMBDA_RELEASE_E2E_RESULTS_FILE';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const testFiles = findTestFiles(__dirname);
  if (testFiles.length === 0) throw new Error(`no *.test.js next to ${__filename}`);
  for (const file of testFiles) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const stats = await new Promise<{ passed: number; failed: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => undefined);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () =>
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }),
    );
  });
  writeResults(stats);
  console.log(`${stats.passed} passed, ${stats.failed} failed (extension host suite)`);
  if (stats.failed > 0) throw new Error(`${stats.failed} e2e test(s) failed`);
}

function findTestFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

function writeResults(stats: { passed: number; failed: number; pending: number }): void {
  // out/test/e2e/suite → repo root
  const file = process.env[RESULTS_FILE_ENV] || path.resolve(__dirname, '..', '..', '..', '..', 'test-output', 'e2e', 'suite-results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stats));
}
