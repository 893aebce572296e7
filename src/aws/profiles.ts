import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import type { ProfileInfo, ProfileListing } from './types';

/** The entry for credentials taken from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
export const ENVIRONMENT_PROFILE = 'env:';

type IniSection = Record<string, string | undefined>;

/**
 * Lists profiles from the shared config and credentials files with the SDK's own ini loader
 * (which honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE), plus an entry for environment
 * credentials. A problem with one profile is recorded on that profile; it never fails the listing.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileListing> {
  const fileProblems: string[] = [];
  let configFile: Record<string, IniSection> = {};
  let credentialsFile: Record<string, IniSection> = {};
  try {
    // Paths from `env` (undefined falls back to the loader's own default, ~/.aws/…), so the
    // listing reads the same files as the caller's environment says.
    const files = await loadSharedConfigFiles({ ignoreCache: true, filepath: env.AWS_SHARED_CREDENTIALS_FILE || undefined, configFilepath: env.AWS_CONFIG_FILE || undefined });
    configFile = files.configFile as Record<string, IniSection>;
    credentialsFile = files.credentialsFile as Record<string, IniSection>;
  } catch (error) {
    fileProblems.push(`Could not read the AWS shared config files: ${(error as Error).message}`);
  }
  fileProblems.push(...(await rejectedFiles(env, configFile, credentialsFile)));

  // Sections such as `sso-session.x` or `services.y` are not profiles; a dot alone proves nothing
  // (`[profile acme.prod]` is a valid profile named `acme.prod`).
  const isProfileKey = (key: string) => !/^(sso-session|services)\./.test(key);
  const names = new Set([...Object.keys(configFile).filter(isProfileKey), ...Object.keys(credentialsFile).filter(isProfileKey)]);

  const profiles: ProfileInfo[] = [...names].sort(byDefaultFirst).map((name) => {
    const config = { ...(credentialsFile[name] ?? {}), ...(configFile[name] ?? {}) };
    return {
      name,
      kind: 'sharedConfig',
      region: config.region || undefined,
      endpointUrl: config.endpoint_url || undefined,
      usesSso: Boolean(config.sso_session || config.sso_start_url),
      problem: findProblem(name, config, names, configFile),
    };
  });

  if (env.AWS_ACCESS_KEY_ID) {
    profiles.unshift({
      name: ENVIRONMENT_PROFILE,
      kind: 'environment',
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      endpointUrl: env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL || undefined,
      usesSso: false,
      problem: env.AWS_SECRET_ACCESS_KEY ? undefined : 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.',
    });
  }
  return { profiles, fileProblems };
}

/** A human label: environment credentials read better spelled out. */
export function profileLabel(name: string): string {
  return name === ENVIRONMENT_PROFILE ? 'Environment credentials' : name;
}

function byDefaultFirst(a: string, b: string): number {
  if (a === 'default') return -1;
  if (b === 'default') return 1;
  return a.localeCompare(b);
}

/** Problems visible without calling AWS; anything else surfaces when the profile is expanded. */
function findProblem(name: string, config: IniSection, names: Set<string>, configFile: Record<string, IniSection>): string | undefined {
  const source = config.source_profile;
  if (source && !names.has(source)) return `source_profile "${source}" does not exist.`;
  if (config.role_arn && !source && !config.credential_source && !config.web_identity_token_file) {
    return 'role_arn is set without source_profile or credential_source.';
  }
  if (config.sso_session && !configFile[`sso-session.${config.sso_session}`]) {
    return `sso_session "${config.sso_session}" has no [sso-session ${config.sso_session}] section.`;
  }
  const hasCredentials =
    (config.aws_access_key_id && config.aws_secret_access_key) ||
    config.role_arn ||
    config.sso_session ||
    config.sso_start_url ||
    config.credential_process ||
    config.web_identity_token_file;
  if (config.aws_access_key_id && !config.aws_secret_access_key) return 'aws_access_key_id is set without aws_secret_access_key.';
  if (!hasCredentials && name !== 'default') return 'No credentials are configured for this profile.';
  return undefined;
}

/**
 * The SDK's loader treats a file it refuses to parse (e.g. one with a `[profile __proto__]`
 * section) as empty, without a word: its profiles, regions and endpoint_url silently vanish and
 * calls may go to the real AWS endpoint. A file with sections that came back empty is reported.
 */
async function rejectedFiles(env: NodeJS.ProcessEnv, configFile: object, credentialsFile: object): Promise<string[]> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const files: [string, string, object][] = [
    ['config', env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), configFile],
    ['credentials', env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), credentialsFile],
  ];
  const problems: string[] = [];
  for (const [kind, path, parsed] of files) {
    if (Object.keys(parsed).length > 0) continue;
    const text = await readFile(path, 'utf8').catch(() => '');
    // Sections with settings, yet nothing parsed: refused (a file of empty sections is merely empty).
    if (/^\s*\[[^\]]+\]\s*$/m.test(text) && /^\s*[^#;\s=[][^=]*=\s*\S/m.test(text)) {
      problems.push(`The AWS ${kind} file ${path} could not be parsed (the AWS SDK ignores all of it, e.g. because of a [profile __proto__] section): none of its profiles are used.`);
    }
  }
  return problems;
}
