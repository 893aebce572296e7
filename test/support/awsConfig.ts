/**
 * Writes throw-away AWS shared `config` and `credentials` files for tests and the demo, so the
 * SDK's own loaders (listProfiles, fromIni) read them exactly as they would read ~/.aws.
 * Nothing here touches the real files: callers point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * at the result with `applyEnv` and restore afterwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Static keys the seeding and the test profiles use; moto accepts any keys. */
export const TEST_KEYS = { accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test-secret-key-do-not-log-0000000000001' } as const;

/** Deliberately broken variants, each a case the explorer must show as one error node. */
export type BrokenKind =
  /** role_arn + source_profile naming a profile that does not exist. */
  | 'missingSourceProfile'
  /** role_arn with neither source_profile nor credential_source. */
  | 'roleWithoutSource'
  /** Keys AWS would reject (moto ignores signatures, so only real AWS notices). */
  | 'wrongKeys'
  /** aws_access_key_id without aws_secret_access_key. */
  | 'keyWithoutSecret'
  /** sso_session pointing at a session whose token was never cached (`aws sso login` not run). */
  | 'ssoWithoutToken'
  /** credential_process that exits non-zero. */
  | 'failingCredentialProcess';

export interface ProfileSpec {
  name: string;
  region?: string;
  endpointUrl?: string;
  /** Static keys; default TEST_KEYS unless the profile is broken or `noKeys` is set. */
  accessKeyId?: string;
  secretAccessKey?: string;
  noKeys?: boolean;
  /** Write this profile only to the credentials file (as `aws configure` does for keys). */
  credentialsOnly?: boolean;
  broken?: BrokenKind;
  /** Extra `key = value` lines for the config section. */
  extra?: Record<string, string>;
}

export interface AwsConfigOptions {
  /** Lines of garbage appended to the config file (to show a malformed file does not break the rest). */
  malformedLines?: string[];
  /** Raw text appended to the credentials file. */
  credentialsTail?: string;
}

export interface WrittenAwsConfig {
  configFile: string;
  credentialsFile: string;
  env: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string };
}

/** Writes `config` and `credentials` into `dir` (created if needed). */
export function writeAwsConfig(dir: string, profiles: ProfileSpec[], options: AwsConfigOptions = {}): WrittenAwsConfig {
  mkdirSync(dir, { recursive: true });
  const config: string[] = [];
  const credentials: string[] = [];
  const ssoSessions = new Set<string>();

  for (const profile of profiles) {
    const settings: Record<string, string> = {};
    const keys: Record<string, string> = {};
    if (profile.region) settings.region = profile.region;
    if (profile.endpointUrl) settings.endpoint_url = profile.endpointUrl;
    switch (profile.broken) {
      case 'missingSourceProfile':
        settings.role_arn = 'arn:aws:iam::123456789012:role/deployer';
        settings.source_profile = `${profile.name}-base-that-does-not-exist`;
        break;
      case 'roleWithoutSource':
        settings.role_arn = 'arn:aws:iam::123456789012:role/deployer';
        break;
      case 'wrongKeys':
        keys.aws_access_key_id = 'AKIAWRONGWRONGWRONG0';
        keys.aws_secret_access_key = 'wrong-secret-wrong-secret-wrong-secret00';
        break;
      case 'keyWithoutSecret':
        keys.aws_access_key_id = 'AKIAONLYTHEKEYID0000';
        break;
      case 'ssoWithoutToken': {
        const session = `${profile.name}-sso`;
        ssoSessions.add(session);
        settings.sso_session = session;
        settings.sso_account_id = '123456789012';
        settings.sso_role_name = 'Developer';
        break;
      }
      case 'failingCredentialProcess':
        // JSON.stringify quotes the script for the shell the SDK runs it with.
        settings.credential_process = `node -e ${JSON.stringify('process.stderr.write("token expired"); process.exit(3)')}`;
        break;
      case undefined:
        if (!profile.noKeys) {
          keys.aws_access_key_id = profile.accessKeyId ?? TEST_KEYS.accessKeyId;
          keys.aws_secret_access_key = profile.secretAccessKey ?? TEST_KEYS.secretAccessKey;
        }
        break;
    }
    Object.assign(settings, profile.extra ?? {});

    if (profile.credentialsOnly) {
      credentials.push(section(profile.name, { ...keys, ...settings }));
    } else {
      config.push(section(profile.name === 'default' ? 'default' : `profile ${profile.name}`, settings));
      if (Object.keys(keys).length) credentials.push(section(profile.name, keys));
    }
  }
  for (const session of ssoSessions) {
    config.push(section(`sso-session ${session}`, { sso_start_url: 'https://example.awsapps.com/start', sso_region: 'us-east-1' }));
  }
  if (options.malformedLines?.length) config.push(options.malformedLines.join('\n'));
  if (options.credentialsTail) credentials.push(options.credentialsTail);

  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(configFile, `${config.join('\n\n')}\n`);
  writeFileSync(credentialsFile, `${credentials.join('\n\n')}\n`, { mode: 0o600 });
  return { configFile, credentialsFile, env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile } };
}

/** Variables that would leak the machine's own AWS setup into a test. */
const AMBIENT_AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_LAMBDA',
  'AWS_ENDPOINT_URL_STS',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

/**
 * Sets `env` on process.env after clearing the ambient AWS variables; returns a function that
 * restores every variable it touched exactly as it was.
 */
export function applyEnv(env: Record<string, string | undefined>): () => void {
  const touched = new Set([...AMBIENT_AWS_VARIABLES, ...Object.keys(env)]);
  const saved = new Map([...touched].map((key) => [key, process.env[key]]));
  for (const key of AMBIENT_AWS_VARIABLES) delete process.env[key];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function section(header: string, values: Record<string, string>): string {
  return [`[${header}]`, ...Object.entries(values).map(([key, value]) => `${key} = ${value}`)].join('\n');
}
