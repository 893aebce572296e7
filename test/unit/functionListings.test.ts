/**
 * The explorer's function listings (src/tree/functionListings.ts) over the real LambdaGateway and a
 * fake client that pages like AWS (50 functions a ListFunctions request; moto never pages), counting requests: filtering narrows the loaded
 * list; only a Refresh lists again.
 */
import * as assert from 'node:assert/strict';
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../../src/aws/lambdaGateway';
import type { Target } from '../../src/aws/types';
import { FunctionListings, filterFunctions } from '../../src/tree/functionListings';

const PAGE = 50;
const dev: Target = { profile: 'dev', region: 'us-east-1' };

/** The real LambdaGateway over a fake client that pages ListFunctions as AWS does (moto never pages), counting requests. */
function pagingLister(count: number) {
  const names = Array.from({ length: count }, (_, i) => `${i % 10 === 0 ? 'orders' : 'billing'}-${String(i).padStart(4, '0')}`);
  const counter = { requests: 0, sweeps: 0 };
  const client = {
    async send(command: object): Promise<unknown> {
      if (!(command instanceof ListFunctionsCommand)) throw new Error(`unexpected ${command.constructor.name}`);
      counter.requests++;
      const start = Number(command.input.Marker ?? 0);
      const size = Math.min(command.input.MaxItems ?? 10_000, PAGE);
      const next = start + size < names.length ? String(start + size) : undefined;
      return { Functions: names.slice(start, start + size).map((name) => ({ FunctionName: name, FunctionArn: `arn:${name}` })), NextMarker: next };
    },
  };
  const list = (target: Target) => {
    counter.sweeps++;
    return new LambdaGateway(client as unknown as Pick<LambdaClient, 'send'>, target).listFunctions();
  };
  return { list, counter };
}

describe('function listings: filtering what is loaded (requests counted, AWS-style pages of 50)', () => {
  it('1,000 functions: expand, filter, change the filter, clear it = one sweep of 20 requests; Refresh = one more sweep', async () => {
    const { list, counter } = pagingLister(1000);
    const listings = new FunctionListings(list);
    assert.equal((await listings.get(dev)).length, 1000);
    const afterExpand = counter.requests;
    assert.equal(afterExpand, 20);

    assert.equal(filterFunctions(await listings.get(dev), 'orders').length, 100);
    assert.equal(filterFunctions(await listings.get(dev), 'ORDERS-000').length, 1, 'case-insensitive substring');
    assert.equal(filterFunctions(await listings.get(dev), '').length, 1000, 'cleared: every function');
    assert.equal(counter.requests, afterExpand, 'no request for filter changes');

    listings.forget(); // Refresh
    await listings.get(dev);
    assert.equal(counter.requests, 40);
    console.log(`      [figure] 1,000 functions, expand + 2 filters + clear: ${afterExpand} ListFunctions requests (a sweep per filter change would be ${afterExpand * 4}); Refresh: +${counter.requests - afterExpand}`);
  });

  it('concurrent expands of one (profile, region) share one sweep', async () => {
    const { list, counter } = pagingLister(120);
    const listings = new FunctionListings(list);
    await Promise.all([listings.get(dev), listings.get(dev), listings.get(dev)]);
    assert.equal(counter.sweeps, 1);
  });

  it('a failed sweep is not kept: Retry lists again', async () => {
    let calls = 0;
    const listings = new FunctionListings(async () => {
      calls++;
      if (calls === 1) throw new Error('credentials expired');
      return [{ name: 'a', arn: 'arn:a' }];
    });
    await assert.rejects(listings.get(dev), /credentials expired/);
    assert.deepEqual((await listings.get(dev)).map((f) => f.name), ['a']);
    assert.equal(calls, 2);
  });

  it('forget one profile or one region leaves the other listings loaded', async () => {
    const { list, counter } = pagingLister(10);
    const listings = new FunctionListings(list);
    const targets: Target[] = [dev, { profile: 'dev', region: 'eu-west-1' }, { profile: 'prod|odd name', region: 'us-east-1' }];
    for (const t of targets) await listings.get(t);
    assert.equal(counter.sweeps, 3);
    listings.forget({ profile: 'dev', region: 'eu-west-1' });
    for (const t of targets) await listings.get(t);
    assert.equal(counter.sweeps, 4, 'only the forgotten region lists again');
    listings.forget({ profile: 'prod|odd name' });
    for (const t of targets) await listings.get(t);
    assert.equal(counter.sweeps, 5, 'a profile name with a separator-like character is matched whole');
  });
});
