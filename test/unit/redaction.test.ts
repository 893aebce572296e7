import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeForLog, describeForUser, userFacing } from '../../src/release/errors';
import { credentialHelperFailure, programName, redactSecrets } from '../../src/release/redaction';
import { toReleaseError } from '../../src/aws/errors';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789';

/** The error the SDK's credential_process provider throws: node's exec message, command line and stderr included. */
function helperError(command: string, stderr: string): Error {
  return Object.assign(new Error(`Command failed: ${command}\n${stderr}`), { name: 'CredentialsProviderError' });
}

describe('redaction: what of a credential helper failure may be shown', () => {
  for (const [commandLine, program] of [
    ['node /home/me/bin/helper.js --token=X', 'node'],
    ['/usr/local/bin/aws-vault exec dev --json', 'aws-vault'],
    ['"C:\\Program Files\\Helper\\helper.exe" --secret-access-key X', 'helper.exe'],
    ["'/opt/my helper/run' x", 'run'],
    ['HELPER_TOKEN=abc OTHER=1 node helper.js', 'node'],
    ['   ', 'unknown program'],
  ] as const) {
    it(`program of ${JSON.stringify(commandLine)} is ${program}`, () => assert.equal(programName(commandLine), program));
  }

  for (const [label, command, stderr] of [
    ['secret on stderr, no key=value shape', 'node helper.js', `cached ${SECRET} ${TOKEN}`],
    ['secret as a separate argument', `node helper.js --secret-access-key ${SECRET}`, 'bad arguments'],
    ['token after =', `node helper.js --token=${TOKEN}`, 'bad arguments'],
    ['secret in an environment prefix', `HELPER_KEY=${SECRET} node helper.js`, ''],
    ['half-written JSON on stderr', 'node helper.js', `{"SecretAccessKey":"${SECRET}","SessionToken":"${TOKEN}"`],
  ] as const) {
    it(`${label}: message, log line and user text name only the program`, () => {
      const raw = helperError(command, stderr);
      const texts = [redactSecrets(raw.message), describeForLog(raw), describeForUser(raw), userFacing(raw).message];
      const translated = toReleaseError(helperError(command, stderr), { action: 'list functions', profile: 'dev' });
      texts.push(translated.message, translated.hint ?? '', describeForLog(translated), describeForUser(translated));
      for (const text of texts) {
        assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), text);
        assert.ok(!text.includes('helper.js') && !text.includes('bad arguments'), `no arguments, no output: ${text}`);
      }
      assert.match(translated.message, /^Could not list functions \(profile dev\): the credential helper `node` failed/);
      assert.equal(translated.kind, 'credentials');
      assert.match(translated.hint ?? '', /credential_process of profile dev in a terminal/);
    });
  }

  it('the exit code is shown when the error carries it', () => {
    const failure = credentialHelperFailure(Object.assign(helperError('node x.js', ''), { code: 3 }));
    assert.deepEqual(failure, { program: 'node', exitCode: 3 });
    assert.match(toReleaseError(Object.assign(helperError('node x.js', ''), { code: 3 }), { action: 'list functions' }).message, /`node` failed \(exit code 3\)/);
  });

  it('the raw helper error loses its stdout, stderr and command fields once translated (util.inspect prints them)', () => {
    const raw = Object.assign(helperError('node x.js', SECRET), { stdout: SECRET, stderr: SECRET, cmd: `node x.js ${SECRET}` });
    toReleaseError(raw, { action: 'list functions' });
    assert.deepEqual([raw.stdout, raw.stderr, raw.cmd], [undefined, undefined, undefined]);
    assert.ok(!raw.message.includes(SECRET) && !String(raw.stack).includes(SECRET));
  });

  it('secret command-line options are masked in any text; ordinary options and hyphenated words stay', () => {
    assert.equal(redactSecrets(`run --token=${TOKEN} --password hunter2 --region us-east-1`), 'run --token=*** --password *** --region us-east-1');
    for (const text of ['non-credential files stay', 'a re-token step', 'x-amz-security-token-free text', 'Run `aws sso login --profile dev`, then refresh.']) {
      assert.equal(redactSecrets(text), text);
    }
  });

  it('errors reach the UI only through describeForUser/userFacing: no code in src/ui, src/tree or src/commands reads a caught error\'s message itself', () => {
    const offenders: string[] = [];
    for (const folder of ['src/ui', 'src/tree', 'src/commands']) {
      for (const file of readdirSync(folder, { recursive: true }) as string[]) {
        if (!file.endsWith('.ts')) continue;
        readFileSync(join(folder, file), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/(?<![\w(])(error|err)\)?\??\.message\b|as Error\)\??\.message|\.message \?\? String\(/.test(line)) offenders.push(`${folder}/${file}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    assert.deepEqual(offenders, []);
  });
});
