/**
 * Where signed requests may go (src/aws/endpointPolicy.ts, src/aws/clients.ts): http only for
 * loopback hosts, https for the rest, refused with a config error BEFORE a client (so a request)
 * exists; regions from settings cannot name another host.
 */
import * as assert from 'node:assert/strict';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ClientFactory, DEFAULT_CLIENT_SETTINGS } from '../../src/aws/clients';
import { assertAllowedEndpoint, isLoopbackHost } from '../../src/aws/endpointPolicy';
import { ReleaseError } from '../../src/release/errors';

describe('endpoint policy', () => {
  for (const host of ['localhost', 'LOCALHOST', 'moto.localhost', '127.0.0.1', '127.10.0.3', '[::1]', '::1']) {
    it(`${host} is loopback`, () => assert.equal(isLoopbackHost(host), true));
  }
  for (const host of ['attacker.example', '10.0.0.5', '192.168.1.10', '127.0.0.1.attacker.example', 'localhost.attacker.example', '[::2]', '0.0.0.0']) {
    it(`${host} is not loopback`, () => assert.equal(isLoopbackHost(host), false));
  }

  for (const endpoint of ['http://127.0.0.1:5000', 'http://localhost:4566/', 'http://[::1]:5000', 'https://lambda.internal.example', 'https://10.0.0.5:8443']) {
    it(`accepts ${endpoint}`, () => assert.equal(assertAllowedEndpoint(endpoint, { kind: 'setting' }).href.startsWith(endpoint.replace(/\/$/, '')), true));
  }

  for (const [endpoint, source, hint] of [
    ['http://attacker.example:8080', { kind: 'setting' }, /lambdaRelease\.endpointUrl in your user settings/],
    ['http://10.0.0.5:5000', { kind: 'profile', profile: 'dev' }, /endpoint_url of profile dev/],
    ['http://127.0.0.1.attacker.example', { kind: 'setting' }, /user settings/],
  ] as const) {
    it(`refuses plain http to a non-loopback host: ${endpoint}`, () => {
      assert.throws(
        () => assertAllowedEndpoint(endpoint, source),
        (error: unknown) => {
          assert.ok(error instanceof ReleaseError);
          assert.equal(error.kind, 'config');
          assert.ok(error.message.includes(`"${endpoint}"`), error.message);
          assert.match(error.message, /unencrypted.*Use https/);
          assert.match(error.hint ?? '', hint);
          return true;
        },
      );
    });
  }

  it('the client factory refuses a plain-http non-loopback endpoint before any client exists (profile endpoint_url too)', () => {
    let sent = 0;
    const factory = new ClientFactory(DEFAULT_CLIENT_SETTINGS, () => 'http://attacker.example:8080');
    try {
      assert.throws(() => {
        const client = factory.lambda({ profile: 'dev', region: 'us-east-1' });
        sent++;
        return client;
      }, /Refused endpoint URL "http:\/\/attacker\.example:8080"/);
      assert.throws(() => factory.s3({ profile: 'dev', region: 'us-east-1' }), ReleaseError);
      assert.throws(() => factory.sts({ profile: 'dev', region: 'us-east-1' }), ReleaseError);
      assert.equal(sent, 0);
    } finally {
      factory.dispose();
    }
  });

  it('a region from settings (extraRegions, target.region) cannot name another host: the SDK refuses it before sending', async () => {
    const factory = new ClientFactory({ ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 1 });
    try {
      for (const region of ['attacker.example', 'us-east-1.attacker.example#', 'evil.example:80']) {
        const client = factory.lambda({ profile: 'dev', region });
        let reached = false;
        client.middlewareStack.add(
          () => async () => {
            reached = true;
            throw new Error('stopped before the network');
          },
          { step: 'finalizeRequest', name: 'stopForTest' },
        );
        await assert.rejects(client.send(new ListFunctionsCommand({})), /not a valid hostname component/);
        assert.equal(reached, false, `region ${region} never got as far as a request`);
      }
    } finally {
      factory.dispose();
    }
  });
});
