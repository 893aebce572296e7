/**
 * Where signed requests may go. Every request carries the caller's access key id and, for SSO or
 * assumed roles, the session token itself (X-Amz-Security-Token): an endpoint is therefore a place
 * credentials are sent to. Plain http is accepted only on this machine (a local emulator); any
 * other host needs https, so nothing readable ever crosses the network.
 */
import { ReleaseError } from '../release/errors';

/** Where an endpoint came from, to say where to fix it. */
export type EndpointSource = { kind: 'setting' } | { kind: 'profile'; profile: string };

/** localhost, 127.0.0.0/8 and ::1: requests to these never leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Throws a config ReleaseError (before any request is made) unless `endpoint` is an https URL,
 * or an http URL of a loopback host.
 */
export function assertAllowedEndpoint(endpoint: string, source: EndpointSource): URL {
  const hint =
    source.kind === 'setting'
      ? 'Fix lambdaRelease.endpointUrl in your user settings (or clear it to use AWS).'
      : `Fix endpoint_url of profile ${source.profile} in your AWS config file.`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new ReleaseError('config', `Invalid endpoint URL "${endpoint}": expected e.g. http://127.0.0.1:5000`, { hint, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ReleaseError('config', `Invalid endpoint URL "${endpoint}": use http or https.`, { hint });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ReleaseError(
      'config',
      `Refused endpoint URL "${endpoint}": plain http would send your AWS credentials unencrypted to ${url.hostname}. Use https (http is accepted only for localhost / 127.0.0.1 / ::1).`,
      { hint },
    );
  }
  return url;
}
