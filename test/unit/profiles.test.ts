import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENT_PROFILE, listProfiles, profileLabel } from '../../src/aws/profiles';
import type { ProfileInfo } from '../../src/aws/types';
import { applyEnv, writeAwsConfig, type AwsConfigOptions, type ProfileSpec } from '../support/awsConfig';

describe('listProfiles (shared config files read with the SDK ini loader)', () => {
  let dir: string;
  let restoreEnv: (() => void) | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrm-profiles-'));
  });
  afterEach(() => {
    restoreEnv?.();
    restoreEnv = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the files, points process.env at them (restored in afterEach) and lists. */
  async function list(profiles: ProfileSpec[], options: AwsConfigOptions = {}, env: Record<string, string> = {}) {
    const written = writeAwsConfig(dir, profiles, options);
    restoreEnv = applyEnv({ ...written.env, ...env });
    return listProfiles();
  }

  const byName = (profiles: ProfileInfo[], name: string) => {
    const found = profiles.find((p) => p.name === name);
    assert.ok(found, `profile ${name} listed; got ${profiles.map((p) => p.name).join(', ')}`);
    return found;
  };

  it('lists default first, then the others alphabetically, with region and endpoint_url', async () => {
    const { profiles, fileProblems } = await list([
      { name: 'zeta', region: 'eu-west-1' },
      { name: 'alpha', region: 'us-west-2', endpointUrl: 'http://127.0.0.1:5000' },
      { name: 'default', region: 'us-east-1' },
    ]);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['default', 'alpha', 'zeta'],
    );
    assert.deepEqual(fileProblems, []);
    const alpha = byName(profiles, 'alpha');
    assert.equal(alpha.region, 'us-west-2');
    assert.equal(alpha.endpointUrl, 'http://127.0.0.1:5000');
    assert.equal(alpha.kind, 'sharedConfig');
    assert.equal(alpha.problem, undefined);
    assert.equal(byName(profiles, 'zeta').endpointUrl, undefined);
  });

  it('lists a profile that exists only in the credentials file', async () => {
    const { profiles } = await list([{ name: 'dev', region: 'us-east-1' }, { name: 'keys-only', credentialsOnly: true }]);
    const keysOnly = byName(profiles, 'keys-only');
    assert.equal(keysOnly.problem, undefined);
    assert.equal(keysOnly.region, undefined);
  });

  it('does not list sso-session or services sections as profiles, and keeps dotted profile names', async () => {
    const { profiles } = await list([
      { name: 'sso-dev', region: 'us-east-1', broken: 'ssoWithoutToken' },
      { name: 'acme.prod', region: 'us-west-2' },
      { name: 'svc', extra: { services: 'local' } },
    ], {
      malformedLines: ['[services local]', 'lambda =', '  endpoint_url = http://127.0.0.1:5000'],
    });
    assert.deepEqual(profiles.map((p) => p.name).sort(), ['acme.prod', 'sso-dev', 'svc']);
    const sso = byName(profiles, 'sso-dev');
    assert.equal(sso.usesSso, true);
    // The session section exists, so there is nothing to report before calling AWS.
    assert.equal(sso.problem, undefined);
    assert.equal(byName(profiles, 'acme.prod').usesSso, false);
  });

  it('adds the environment credentials entry first when AWS_ACCESS_KEY_ID is set', async () => {
    const { profiles } = await list([{ name: 'default', region: 'us-east-1' }], {}, {
      AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV0000',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
    });
    assert.deepEqual(
      profiles.map((p) => p.name),
      [ENVIRONMENT_PROFILE, 'default'],
    );
    assert.deepEqual(profiles[0], {
      name: ENVIRONMENT_PROFILE,
      kind: 'environment',
      region: 'eu-central-1',
      endpointUrl: 'http://127.0.0.1:4566',
      usesSso: false,
      problem: undefined,
    });
    assert.equal(profileLabel(ENVIRONMENT_PROFILE), 'Environment credentials');
    assert.equal(profileLabel('dev'), 'dev');
  });

  it('has no environment entry without AWS_ACCESS_KEY_ID, and flags a key id without secret', async () => {
    const without = await list([{ name: 'dev', region: 'us-east-1' }]);
    assert.ok(!without.profiles.some((p) => p.kind === 'environment'));
    restoreEnv?.();
    const withKeyOnly = await list([{ name: 'dev', region: 'us-east-1' }], {}, { AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV0000' });
    assert.match(byName(withKeyOnly.profiles, ENVIRONMENT_PROFILE).problem ?? '', /AWS_SECRET_ACCESS_KEY/);
  });

  it('records problems on the profile they belong to and lists the healthy ones untouched', async () => {
    const { profiles } = await list([
      { name: 'good', region: 'us-east-1' },
      { name: 'orphan-role', region: 'us-east-1', broken: 'missingSourceProfile' },
      { name: 'sourceless-role', region: 'us-east-1', broken: 'roleWithoutSource' },
      { name: 'half-keys', region: 'us-east-1', broken: 'keyWithoutSecret' },
      { name: 'nothing', region: 'us-east-1', noKeys: true },
      { name: 'lost-session', region: 'us-east-1', extra: { sso_session: 'nowhere' } },
    ]);
    assert.equal(byName(profiles, 'good').problem, undefined);
    assert.match(byName(profiles, 'orphan-role').problem ?? '', /source_profile "orphan-role-base-that-does-not-exist" does not exist/);
    assert.match(byName(profiles, 'sourceless-role').problem ?? '', /role_arn is set without source_profile/);
    assert.match(byName(profiles, 'half-keys').problem ?? '', /aws_access_key_id is set without aws_secret_access_key/);
    assert.match(byName(profiles, 'nothing').problem ?? '', /No credentials/);
    assert.match(byName(profiles, 'lost-session').problem ?? '', /sso_session "nowhere" has no \[sso-session nowhere\] section/);
  });

  it('accepts a role whose source_profile exists', async () => {
    const { profiles } = await list([
      { name: 'base', region: 'us-east-1' },
      { name: 'deployer', region: 'us-east-1', noKeys: true, extra: { role_arn: 'arn:aws:iam::123456789012:role/deployer', source_profile: 'base' } },
    ]);
    assert.equal(byName(profiles, 'deployer').problem, undefined);
  });

  it('a malformed config file does not break the well-formed profiles in it or in the credentials file', async () => {
    const { profiles, fileProblems } = await list([{ name: 'before', region: 'us-east-1' }, { name: 'keys-only', credentialsOnly: true }], {
      malformedLines: ['this line has no equals sign', '[profile unterminated', '= value without a key', '[profile after]', 'region = eu-west-1'],
      credentialsTail: '[after]\naws_access_key_id = AKIAAFTERAFTERAFTER0\naws_secret_access_key = s',
    });
    assert.deepEqual(fileProblems, []);
    assert.equal(byName(profiles, 'before').region, 'us-east-1');
    assert.equal(byName(profiles, 'keys-only').problem, undefined);
    const after = byName(profiles, 'after');
    assert.equal(after.region, 'eu-west-1');
    assert.equal(after.problem, undefined);
  });

  it('a config file the SDK refuses to parse still leaves the credentials file profiles', async () => {
    // The ini loader throws on a `__proto__` profile and then treats the whole file as empty.
    const { profiles } = await list([{ name: 'in-config', region: 'us-east-1' }, { name: 'keys-only', credentialsOnly: true }], {
      malformedLines: ['[profile __proto__]', 'region = us-east-1'],
    });
    assert.ok(profiles.some((p) => p.name === 'keys-only'));
    assert.ok(!profiles.some((p) => p.name === '__proto__'));
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, re-reading changed files (no cache)', async () => {
    const first = await list([{ name: 'one', region: 'us-east-1' }]);
    assert.deepEqual(
      first.profiles.map((p) => p.name),
      ['one'],
    );
    // Same paths, new contents: the listing must not serve the loader's cached copy.
    writeFileSync(join(dir, 'config'), '[profile two]\nregion = eu-west-1\n');
    writeFileSync(join(dir, 'credentials'), '[two]\naws_access_key_id = A\naws_secret_access_key = B\n');
    const second = await listProfiles();
    assert.deepEqual(
      second.profiles.map((p) => p.name),
      ['two'],
    );
  });

  it('reads the files named by the env argument, not only process.env', async () => {
    const other = mkdtempSync(join(tmpdir(), 'lrm-profiles-other-'));
    try {
      const elsewhere = writeAwsConfig(other, [{ name: 'elsewhere', region: 'ap-south-1' }]);
      restoreEnv = applyEnv({}); // process.env has no AWS_CONFIG_FILE at all
      const { profiles } = await listProfiles({ ...elsewhere.env });
      assert.deepEqual(
        profiles.map((p) => [p.name, p.region]),
        [['elsewhere', 'ap-south-1']],
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
