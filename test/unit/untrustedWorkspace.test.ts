/**
 * Workspace trust and shell safety, read from the manifest and the sources: in an untrusted
 * workspace the tree and compare work read-only, while everything that deploys, publishes, moves an
 * alias or reads `.lambdaignore` is disabled; the settings a workspace could use to redirect calls
 * are restricted; and no source spawns a shell (git runs through execFile with fixed arguments).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SettingKeys, qualified } from '../../src/settingKeys';

const root = join(__dirname, '..', '..');

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; enablement?: string }[];
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const commands = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
const properties = Object.assign({}, ...[manifest.contributes.configuration].flat().map((c) => c.properties)) as Record<string, unknown>;

/** Commands that change something in AWS, or read `.lambdaignore` (workspace content that steers a deploy). */
const TRUST_REQUIRED = [
  'lambdaRelease.release',
  'lambdaRelease.deployWorkspace',
  'lambdaRelease.publishVersion',
  'lambdaRelease.showPackageContents',
  'lambdaRelease.createAlias',
  'lambdaRelease.repointAlias',
  'lambdaRelease.pointAliasHere',
  'lambdaRelease.rollBackAlias',
  'lambdaRelease.shiftTraffic',
  'lambdaRelease.promoteCanary',
  'lambdaRelease.abortCanary',
  'lambdaRelease.deleteAlias',
  'lambdaRelease.invoke',
  'lambdaRelease.runSmokeTests',
  'lambdaRelease.checkRouting',
  'lambdaRelease.deployImage',
  'lambdaRelease.deployChanged',
  'lambdaRelease.startRollout',
  'lambdaRelease.resumeRollout',
  'lambdaRelease.promoteRolloutNow',
  'lambdaRelease.abortRollout',
];

/** Read-only commands that must keep working in an untrusted workspace. */
const READ_ONLY = ['lambdaRelease.refresh', 'lambdaRelease.compareVersions', 'lambdaRelease.compareWithPrevious', 'lambdaRelease.tailLogs', 'lambdaRelease.copyArn'];

/** A command id that sounds like a change: a new one must be added to TRUST_REQUIRED (or consciously left out here). */
const SOUNDS_MUTATING = /(deploy|publish|release|alias|canary|traffic|rollback|promote|delete)/i;

describe('workspace trust (manifest)', () => {
  it('declares limited support for untrusted workspaces, with a description', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    assert.match(trust?.description ?? '', /untrusted/i);
  });

  for (const id of TRUST_REQUIRED) {
    it(`${id} is enabled only in a trusted workspace`, () => {
      const command = commands.get(id);
      assert.ok(command, `${id} is contributed`);
      assert.match(command.enablement ?? '', /\bisWorkspaceTrusted\b/);
      assert.doesNotMatch(command.enablement ?? '', /!\s*isWorkspaceTrusted/, 'not negated');
    });
  }

  it('every contributed command that sounds like a change is in the trust-required list', () => {
    const unlisted = [...commands.keys()].filter((id) => SOUNDS_MUTATING.test(id.replace(/^lambdaRelease\./, '')) && !TRUST_REQUIRED.includes(id));
    // The status-bar quick pick only offers the commands above (each gated by its own enablement).
    assert.deepEqual(unlisted, []);
  });

  for (const id of READ_ONLY) {
    it(`${id} stays available in an untrusted workspace (read-only)`, () => {
      const command = commands.get(id);
      assert.ok(command, `${id} is contributed`);
      assert.doesNotMatch(command.enablement ?? '', /isWorkspaceTrusted/);
    });
  }

  it('restricts the settings a workspace could use to redirect calls or pick the target', () => {
    const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
    const required = [
      SettingKeys.endpointUrl,
      SettingKeys.targetProfile,
      SettingKeys.targetRegion,
      SettingKeys.targetFunction,
      SettingKeys.targetAlias,
      SettingKeys.sourceFolder,
      SettingKeys.deploymentBucket,
      SettingKeys.excludePatterns,
    ].map(qualified);
    for (const key of required) assert.ok(restricted.includes(key), `${key} is restricted`);
    for (const key of restricted) assert.ok(key in properties, `${key} is a declared setting`);
  });
});

// ------------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const CHILD_PROCESS_IMPORT = /import\s+(?:(\*\s+as\s+\w+)|\{([^}]*)\}|(\w+))\s+from\s+['"](?:node:)?child_process['"]/g;
const CHILD_PROCESS_REQUIRE = /require\(\s*['"](?:node:)?child_process['"]\s*\)/;
const SHELL_OPTION = /\bshell\s*:(?!\s*false\b)/;
/** Functions of child_process that never start a shell unless asked to (and `shell:` is banned above). */
const ALLOWED = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync', 'type ExecFileOptions']);

/** Problems of one source text: shell-capable child_process use. */
function shellProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(CHILD_PROCESS_IMPORT)) {
    if (match[1] || match[3]) problems.push(`whole-module import of child_process (${match[0]}): import execFile by name`);
    for (const name of (match[2] ?? '').split(',').map((n) => n.trim().replace(/\s+as\s+\w+$/, '')).filter(Boolean)) {
      if (!ALLOWED.has(name)) problems.push(`imports ${name} from child_process (runs a shell): use execFile`);
    }
  }
  if (CHILD_PROCESS_REQUIRE.test(text)) problems.push('require("child_process"): import execFile by name');
  if (SHELL_OPTION.test(text)) problems.push('a `shell:` option');
  return problems;
}

describe('no shell with user-controlled strings (sources)', () => {
  const files = sourceFiles(join(root, 'src'));

  it('no src file uses exec / execSync, a whole child_process import, or a `shell:` option', () => {
    assert.ok(files.length > 20, 'the sources were found');
    const offenders = files.flatMap((file) => shellProblems(readFileSync(file, 'utf8')).map((p) => `${relative(root, file)}: ${p}`));
    assert.deepEqual(offenders, []);
  });

  it('git (execFile) and pip (spawn) are the child_process uses, with arguments as an array', () => {
    const users = files.filter((file) => /child_process['"]/.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file).split('\\').join('/'));
    assert.deepEqual(users, ['src/release/gitDescription.ts', 'src/release/pythonDepsInstaller.ts']);
    assert.match(readFileSync(join(root, 'src', 'release', 'pythonDepsInstaller.ts'), 'utf8'), /spawn\(python, \['-m', 'pip', \.\.\.args\]/);
    const text = readFileSync(join(root, 'src', 'release', 'gitDescription.ts'), 'utf8');
    assert.match(text, /import \{ execFile \} from 'node:child_process'/);
    assert.match(text, /execFile\(\s*options\.gitPath \?\? 'git',\s*args,/);
  });

  it('the detector catches what it must (so a clean result means something)', () => {
    assert.equal(shellProblems("import { exec } from 'node:child_process';").length, 1);
    assert.equal(shellProblems("import { execSync as run } from 'child_process';").length, 1);
    assert.equal(shellProblems("import * as cp from 'child_process';").length, 1);
    assert.equal(shellProblems("const cp = require('child_process');").length, 1);
    assert.equal(shellProblems("spawn('git', args, { shell: true });").length, 1);
    assert.equal(shellProblems("spawn('git', args, { shell: process.platform === 'win32' });").length, 1);
    assert.deepEqual(shellProblems("import { execFile } from 'node:child_process';\nexecFile('git', ['log'], { shell: false });"), []);
    assert.deepEqual(shellProblems('const m = PATTERN.exec(text);'), [], 'RegExp.exec is not child_process');
  });
});
