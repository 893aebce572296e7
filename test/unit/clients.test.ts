import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ClientFactory, DEFAULT_CLIENT_SETTINGS, type ClientSettings } from '../../src/aws/clients';
import { ReleaseError } from '../../src/release/errors';
import { applyEnv, writeAwsConfig } from '../support/awsConfig';

const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 7 };
const dev = { profile: 'dev', region: 'us-east-1' };

/** The endpoint a client was configured with (not what the SDK might resolve per request). */
async function configuredEndpoint(client: LambdaClient): Promise<string | undefined> {
  const endpoint = await client.config.endpoint?.();
  return endpoint ? `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}` : undefined;
}

/**
 * Where a request would really go, with everything the SDK resolves on its own (configured
 * endpoints from the shared config included). A middleware stops the request once the endpoint
 * is resolved, so nothing leaves the machine.
 */
async function requestHost(client: LambdaClient): Promise<string> {
  class Captured extends Error {
    constructor(readonly host: string) {
      super('captured');
    }
  }
  client.middlewareStack.add(
    () => async (args) => {
      const request = args.request as { protocol: string; hostname: string; port?: number };
      throw new Captured(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`);
    },
    { step: 'build', name: 'captureHostForTest' },
  );
  try {
    await client.send(new ListFunctionsCommand({}));
  } catch (error) {
    if (error instanceof Captured) return error.host;
    throw error;
  }
  throw new Error('the request was not captured');
}

describe('ClientFactory', () => {
  const factories: ClientFactory[] = [];
  const make = (s: ClientSettings = settings, profileEndpoint?: (p: string) => string | undefined) => {
    const factory = new ClientFactory(s, profileEndpoint);
    factories.push(factory);
    return factory;
  };
  afterEach(() => {
    for (const factory of factories.splice(0)) factory.dispose();
  });

  it('caches one client per (service, profile, region)', () => {
    const factory = make();
    const a = factory.lambda(dev);
    assert.equal(factory.lambda({ ...dev }), a, 'same profile and region → same client');
    assert.notEqual(factory.lambda({ profile: 'dev', region: 'eu-west-1' }), a, 'another region → another client');
    assert.notEqual(factory.lambda({ profile: 'prod', region: 'us-east-1' }), a, 'another profile → another client');
    assert.notEqual(factory.logs(dev) as unknown, a as unknown, 'another service → another client');
    assert.equal(factory.logs(dev), factory.logs(dev));
  });

  it('forgetProfile drops only that profile’s clients; reconfigure drops all', () => {
    const factory = make();
    const devClient = factory.lambda(dev);
    const prodClient = factory.lambda({ profile: 'prod', region: 'us-east-1' });
    factory.forgetProfile('dev');
    assert.notEqual(factory.lambda(dev), devClient);
    assert.equal(factory.lambda({ profile: 'prod', region: 'us-east-1' }), prodClient);
    factory.reconfigure({ ...settings, maxAttempts: 2 });
    assert.notEqual(factory.lambda({ profile: 'prod', region: 'us-east-1' }), prodClient);
  });

  it('configures the region of the target and the adaptive retry mode with maxAttempts from settings', async () => {
    const client = make().lambda({ profile: 'dev', region: 'eu-west-1' });
    assert.equal(await client.config.region(), 'eu-west-1');
    assert.equal(client.config.retryMode, 'adaptive');
    assert.equal(await client.config.maxAttempts(), 7);
    const strategy = await client.config.retryStrategy();
    assert.equal((strategy as { mode?: string }).mode, 'adaptive', 'the SDK built its adaptive strategy');
  });

  it('the endpoint override beats the profile endpoint_url', async () => {
    const profileEndpoint = (profile: string) => (profile === 'dev' ? 'http://127.0.0.1:5000' : undefined);
    const overridden = make({ ...settings, endpointOverride: 'http://127.0.0.1:4566' }, profileEndpoint);
    assert.equal(overridden.endpointFor('dev'), 'http://127.0.0.1:4566');
    assert.equal(await configuredEndpoint(overridden.lambda(dev)), 'http://127.0.0.1:4566');

    const plain = make(settings, profileEndpoint);
    assert.equal(await configuredEndpoint(plain.lambda(dev)), 'http://127.0.0.1:5000');
    assert.equal(plain.endpointFor('prod'), undefined);
    assert.equal(await configuredEndpoint(plain.lambda({ profile: 'prod', region: 'us-east-1' })), undefined);
  });

  it('reconfigure applies a new endpoint override to the next client', async () => {
    const factory = make();
    assert.equal(await configuredEndpoint(factory.lambda(dev)), undefined);
    factory.reconfigure({ ...settings, endpointOverride: 'http://127.0.0.1:4566' });
    assert.equal(await configuredEndpoint(factory.lambda(dev)), 'http://127.0.0.1:4566');
  });

  for (const [endpoint, reason] of [
    ['not a url', /expected e\.g\. http:\/\/127\.0\.0\.1:5000/],
    ['ftp://127.0.0.1:21', /use http or https/],
  ] as const) {
    it(`an invalid endpoint URL (${endpoint}) throws a clear config ReleaseError naming it`, () => {
      const factory = make({ ...settings, endpointOverride: endpoint });
      assert.throws(
        () => factory.lambda(dev),
        (error: unknown) => {
          assert.ok(error instanceof ReleaseError);
          assert.equal(error.kind, 'config');
          assert.ok(error.message.includes(`"${endpoint}"`), error.message);
          assert.match(error.message, reason);
          assert.match(error.hint ?? "", /lambdaRelease\.endpointUrl in your user settings/);
          return true;
        },
      );
    });
  }

  describe('with shared config files (no network: the request is stopped once its endpoint is resolved)', () => {
    let dir: string;
    let restoreEnv: () => void;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'lrm-clients-'));
      const written = writeAwsConfig(dir, [
        { name: 'default', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5999' },
        { name: 'prod', region: 'us-west-2' },
        { name: 'local', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' },
      ]);
      restoreEnv = applyEnv(written.env);
    });
    afterEach(() => {
      restoreEnv();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a profile without endpoint_url goes to AWS, not to the endpoint_url of [default]', async () => {
      // Without ignoreConfiguredEndpointUrls the SDK would read endpoint_url of `default` for every client.
      const factory = make(settings, (profile) => (profile === 'local' ? 'http://127.0.0.1:5000' : profile === 'default' ? 'http://127.0.0.1:5999' : undefined));
      assert.equal(await requestHost(factory.lambda({ profile: 'prod', region: 'us-west-2' })), 'https://lambda.us-west-2.amazonaws.com');
      assert.equal(await requestHost(factory.lambda({ profile: 'local', region: 'us-east-1' })), 'http://127.0.0.1:5000');
      assert.equal(await requestHost(factory.lambda({ profile: 'default', region: 'us-east-1' })), 'http://127.0.0.1:5999');
    });

    it('AWS_ENDPOINT_URL in the environment does not redirect shared-config profiles', async () => {
      const restore = applyEnv({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
      try {
        assert.equal(await requestHost(make().lambda({ profile: 'prod', region: 'us-west-2' })), 'https://lambda.us-west-2.amazonaws.com');
      } finally {
        restore();
      }
    });
  });
});
