/**
 * Listing through AwsServices (the object the extension uses) against moto_server over HTTP with
 * the real SDK: profiles from a temporary shared config whose endpoint_url points at moto.
 * moto never pages ListFunctions / ListAliases, so paging is shown with a fake client at the
 * gateway seam in the last block.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import pLimit from 'p-limit';
import { AwsServices, DEFAULT_CLIENT_SETTINGS, LambdaGateway, PAGE_SIZE, type AwsSettings } from '../../src/aws/index';
import { ReleaseError } from '../../src/release/errors';
import { applyEnv, writeAwsConfig, type ProfileSpec } from '../support/awsConfig';
import { freePort, startMoto, type MotoServer } from '../support/moto';
import { createFunction, createRole, functionsOfProfile, seedSample } from '../support/seed';

const settings: AwsSettings = { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 2, maxConcurrentRequests: 8 };

describe('listing across profiles and regions (AwsServices against moto_server)', function () {
  let moto: MotoServer;
  let dir: string;
  let restoreEnv: () => void;
  let services: AwsServices;
  let unreachable: string;

  before(async function () {
    this.timeout(30_000);
    moto = await startMoto();
    // A loopback port nobody listens on: connection refused at once, no waiting for a time-out.
    unreachable = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    dir = mkdtempSync(join(tmpdir(), 'lrm-listing-'));
    const profiles: ProfileSpec[] = [
      { name: 'dev', region: 'us-east-1', endpointUrl: moto.endpoint },
      { name: 'prod', region: 'us-west-2', endpointUrl: moto.endpoint, accessKeyId: 'AKIAPRODPRODPROD0001', secretAccessKey: 'prod-secret' },
      { name: 'orphan-role', region: 'us-east-1', endpointUrl: moto.endpoint, broken: 'missingSourceProfile' },
      { name: 'failing-process', region: 'us-east-1', endpointUrl: moto.endpoint, broken: 'failingCredentialProcess' },
      { name: 'offline', region: 'us-east-1', endpointUrl: unreachable },
    ];
    restoreEnv = applyEnv(writeAwsConfig(dir, profiles).env);
    services = new AwsServices(settings);
    await services.listProfiles();
  });
  afterEach(() => {
    services.dispose();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists 125 functions of one (profile, region) in full — moto answers in one page, paging is tested with a fake below', async () => {
    const roleArn = await createRole(moto.endpoint, 'us-east-1');
    const names = Array.from({ length: 125 }, (_, i) => `fn-${String(i).padStart(3, '0')}`);
    const limit = pLimit(10);
    await Promise.all(names.map((name) => limit(() => createFunction(moto.endpoint, 'us-east-1', name, { roleArn }))));
    await createFunction(moto.endpoint, 'eu-west-1', 'only-in-ireland', { roleArn });

    const functions = await services.lambda({ profile: 'dev', region: 'us-east-1' }).listFunctions();
    assert.equal(functions.length, 125);
    assert.deepEqual(
      functions.map((f) => f.name),
      names,
      'every function, sorted by name',
    );
    const first = functions[0];
    assert.equal(first.arn, 'arn:aws:lambda:us-east-1:123456789012:function:fn-000');
    assert.equal(first.runtime, 'nodejs20.x');
    assert.equal(first.handler, 'index.handler');
    assert.ok(first.codeSha256, 'CodeSha256 is carried for the deploy guard');

    const ireland = await services.lambda({ profile: 'dev', region: 'eu-west-1' }).listFunctions();
    assert.deepEqual(
      ireland.map((f) => f.name),
      ['only-in-ireland'],
    );
  });

  it('lists the sample: each profile and region shows its own functions', async () => {
    const sample = await seedSample(moto.endpoint);
    for (const profile of sample.profiles) {
      const listed: string[] = [];
      for (const region of [profile.region, ...profile.extraRegions]) {
        const functions = await services.lambda({ profile: profile.name, region }).listFunctions();
        listed.push(...functions.map((f) => `${region}/${f.name}`));
      }
      const expected = functionsOfProfile(sample, profile.name).map((f) => `${f.region}/${f.name}`);
      assert.deepEqual(listed.sort(), expected.sort(), `functions of profile ${profile.name}`);
    }
    const devFunctions = functionsOfProfile(sample, 'dev').map((f) => f.name);
    const prodFunctions = functionsOfProfile(sample, 'prod').map((f) => f.name);
    assert.ok(prodFunctions.some((name) => !devFunctions.includes(name)), 'the two profiles show different functions');
  });

  it('lists versions $LATEST first, then newest first, with their descriptions', async () => {
    const sample = await seedSample(moto.endpoint);
    const orders = sample.functions.find((f) => f.region === 'us-east-1' && f.name === 'orders-api');
    assert.ok(orders);
    const versions = await services.lambda({ profile: 'dev', region: 'us-east-1' }).listVersions('orders-api');
    assert.deepEqual(
      versions.map((v) => v.version),
      ['$LATEST', '3', '2', '1'],
    );
    assert.deepEqual(
      versions.slice(1).map((v) => v.description),
      [...orders.versions].reverse().map((v) => v.description),
    );
    assert.deepEqual(
      versions.slice(1).map((v) => v.codeSha256),
      [...orders.versions].reverse().map((v) => v.codeSha256),
    );
    assert.equal(versions[1].arn, 'arn:aws:lambda:us-east-1:123456789012:function:orders-api:3');
  });

  it('lists aliases sorted by name, with the weighted canary of prod', async () => {
    await seedSample(moto.endpoint);
    const gateway = services.lambda({ profile: 'dev', region: 'us-east-1' });
    const aliases = await gateway.listAliases('orders-api');
    assert.deepEqual(
      aliases.map((a) => ({ name: a.name, version: a.functionVersion, routing: a.routing })),
      [
        { name: 'beta', version: '3', routing: [] },
        { name: 'dev', version: '3', routing: [] },
        { name: 'prod', version: '2', routing: [{ version: '3', weight: 0.1 }] },
      ],
    );
    assert.equal(aliases[2].arn, 'arn:aws:lambda:us-east-1:123456789012:function:orders-api:prod');

    const details = await gateway.getFunctionDetails('payments-worker');
    assert.deepEqual(
      details.versions.map((v) => v.version),
      ['$LATEST', '2', '1'],
    );
    assert.deepEqual(
      details.aliases.map((a) => `${a.name}→${a.functionVersion}`),
      ['beta→2', 'prod→1'],
    );
  });

  it('a function that does not exist is a notFound ReleaseError naming the profile', async () => {
    // GetFunctionConfiguration, not ListVersionsByFunction: moto lists no versions for an unknown
    // function where AWS answers ResourceNotFoundException.
    await assert.rejects(services.lambda({ profile: 'dev', region: 'us-east-1' }).getFunction('no-such-function'), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'notFound');
      assert.match(error.message, /read the configuration of no-such-function \(profile dev, us-east-1\)/);
      return true;
    });
  });

  it('broken profiles fail with a clear ReleaseError each while the healthy profiles list fine', async () => {
    // moto ignores signatures, so wrong keys go unnoticed here; these breakages are detected locally.
    const sample = await seedSample(moto.endpoint);
    const { profiles } = await services.listProfiles();
    assert.match(profiles.find((p) => p.name === 'orphan-role')?.problem ?? '', /source_profile .* does not exist/);

    const targets = ['dev', 'prod', 'orphan-role', 'failing-process', 'offline'].map((profile) => ({
      profile,
      region: profile === 'prod' ? 'us-west-2' : 'us-east-1',
    }));
    const results = await Promise.allSettled(targets.map((target) => services.lambda(target).listFunctions()));
    const byProfile = Object.fromEntries(targets.map((t, i) => [t.profile, results[i]]));

    const names = (result: PromiseSettledResult<{ name: string }[]>) => {
      assert.equal(result.status, 'fulfilled', result.status === 'rejected' ? String(result.reason) : '');
      return result.status === 'fulfilled' ? result.value.map((f) => f.name) : [];
    };
    assert.deepEqual(
      names(byProfile.dev),
      functionsOfProfile(sample, 'dev')
        .filter((f) => f.region === 'us-east-1')
        .map((f) => f.name)
        .sort(),
    );
    assert.deepEqual(names(byProfile.prod), ['orders-api', 'reports-nightly']);

    const failure = (profile: string) => {
      const result = byProfile[profile];
      assert.equal(result.status, 'rejected', `${profile} should fail`);
      const reason = (result as PromiseRejectedResult).reason as unknown;
      assert.ok(reason instanceof ReleaseError, `${profile}: ${String(reason)}`);
      assert.ok(reason.message.startsWith(`Could not list functions (profile ${profile}, us-east-1)`), reason.message);
      assert.ok(reason.hint, `${profile} has a hint`);
      return reason;
    };
    const orphan = failure('orphan-role');
    assert.equal(orphan.kind, 'credentials');
    assert.match(orphan.message, /orphan-role-base-that-does-not-exist/);
    assert.match(orphan.hint ?? '', /source_profile of orphan-role/);

    const processFailure = failure('failing-process');
    assert.equal(processFailure.kind, 'credentials');
    assert.match(processFailure.message, /credential_process|failing-process/);

    const offline = failure('offline');
    assert.equal(offline.kind, 'network');
    assert.match(offline.message, /could not be reached .*ECONNREFUSED/);
    assert.match(offline.hint ?? '', /endpoint_url/);
  });
});

/**
 * moto returns every function in one answer (no NextMarker), so paging is shown with a fake
 * client at the gateway seam that serves 50 items a page as Lambda does.
 */
describe('paging at the gateway seam (fake client: moto does not page)', () => {
  const target = { profile: 'dev', region: 'us-east-1' };

  type SendOptions = { abortSignal?: unknown };
  /** The gateway takes `Pick<LambdaClient, 'send'>`; a fake implements just the part it uses. */
  const seam = (fake: { send(command: object, options?: SendOptions): Promise<unknown> }) => fake as unknown as Pick<LambdaClient, 'send'>;

  /** A client that pages `items` by Marker / MaxItems and records every request. */
  function pagingClient(totals: { functions?: number; versions?: number; aliases?: number }) {
    const requests: { command: string; marker?: string; maxItems?: number; signal?: unknown }[] = [];
    const page = <T>(items: T[], marker: string | undefined, maxItems: number | undefined) => {
      const start = marker ? Number(marker.replace('page-', '')) : 0;
      const size = Math.min(maxItems ?? 10_000, 50);
      const next = start + size < items.length ? `page-${start + size}` : undefined;
      return { items: items.slice(start, start + size), next };
    };
    const fn = (i: number): FunctionConfiguration => ({ FunctionName: `fn-${String(i).padStart(3, '0')}`, FunctionArn: `arn:fn-${i}`, Runtime: 'nodejs20.x' });
    const functions = Array.from({ length: totals.functions ?? 0 }, (_, i) => fn(i));
    // Served oldest first, as Lambda does: the gateway must sort.
    const versions = [{ Version: '$LATEST' }, ...Array.from({ length: totals.versions ?? 0 }, (_, i) => ({ Version: String(i + 1) }))];
    const aliases = Array.from({ length: totals.aliases ?? 0 }, (_, i) => ({ Name: `alias-${String(i).padStart(3, '0')}`, FunctionVersion: '1' }));
    const client = {
      async send(command: object, options?: SendOptions): Promise<unknown> {
        const input = (command as { input: { Marker?: string; MaxItems?: number } }).input;
        requests.push({ command: command.constructor.name, marker: input.Marker, maxItems: input.MaxItems, signal: options?.abortSignal });
        if (command instanceof ListFunctionsCommand) {
          const { items, next } = page(functions, input.Marker, input.MaxItems);
          return { Functions: items, NextMarker: next };
        }
        if (command instanceof ListVersionsByFunctionCommand) {
          const { items, next } = page(versions, input.Marker, input.MaxItems);
          return { Versions: items, NextMarker: next };
        }
        if (command instanceof ListAliasesCommand) {
          const { items, next } = page(aliases, input.Marker, input.MaxItems);
          return { Aliases: items, NextMarker: next };
        }
        throw new Error(`unexpected ${command.constructor.name}`);
      },
    };
    return { client, requests };
  }

  it(`ListFunctions: follows NextMarker through every page, ${PAGE_SIZE} at a time`, async () => {
    const { client, requests } = pagingClient({ functions: 125 });
    const functions = await new LambdaGateway(seam(client), target).listFunctions();
    assert.equal(functions.length, 125);
    assert.equal(new Set(functions.map((f) => f.name)).size, 125, 'no page read twice');
    assert.deepEqual(
      requests.map((r) => [r.command, r.marker, r.maxItems]),
      [
        ['ListFunctionsCommand', undefined, 50],
        ['ListFunctionsCommand', 'page-50', 50],
        ['ListFunctionsCommand', 'page-100', 50],
      ],
    );
  });

  it('ListVersionsByFunction across pages: $LATEST first, then newest first', async () => {
    const { client, requests } = pagingClient({ versions: 120 });
    const versions = await new LambdaGateway(seam(client), target).listVersions('orders-api');
    assert.equal(requests.length, 3);
    assert.equal(versions.length, 121);
    assert.deepEqual(
      versions.slice(0, 4).map((v) => v.version),
      ['$LATEST', '120', '119', '118'],
    );
    assert.equal(versions.at(-1)?.version, '1');
  });

  it('ListAliases across pages', async () => {
    const { client, requests } = pagingClient({ aliases: 51 });
    const aliases = await new LambdaGateway(seam(client), target).listAliases('orders-api');
    assert.equal(aliases.length, 51);
    assert.deepEqual(
      requests.map((r) => r.marker),
      [undefined, 'page-50'],
    );
  });

  it('passes the AbortSignal to every page request and stops between pages once it fires', async () => {
    const { client, requests } = pagingClient({ functions: 125 });
    const controller = new AbortController();
    const aborting = {
      async send(command: object, options?: SendOptions) {
        const result = await client.send(command, options);
        if (requests.length === 2) controller.abort();
        return result;
      },
    };
    await assert.rejects(new LambdaGateway(seam(aborting), target).listFunctions({ signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof ReleaseError);
      assert.equal(error.kind, 'cancelled');
      return true;
    });
    assert.equal(requests.length, 2, 'no third page after the abort');
    assert.ok(requests.every((r) => r.signal === controller.signal));
  });

  it('an endpoint that repeats its marker does not loop forever', async () => {
    let calls = 0;
    const stuck = {
      async send() {
        calls += 1;
        return { Functions: [{ FunctionName: `fn-${calls}` }], NextMarker: 'same' };
      },
    };
    const functions = await new LambdaGateway(seam(stuck), target).listFunctions();
    assert.equal(calls, 2);
    assert.equal(functions.length, 2);
  });
});
