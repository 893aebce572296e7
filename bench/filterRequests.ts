/**
 * Filter Functions… on a profile with N functions: ListFunctions requests (and time) of a session
 * that expands the profile, then changes the filter K times and clears it, measured side by side:
 *  - baseline: a new ListFunctions sweep per filter change (what the explorer did before it kept
 *    its listings: setFilter refreshed the tree);
 *  - now: src/tree/functionListings.ts keeps the listing; each change narrows it in memory.
 * Both go through the real LambdaGateway (its paging, 50 a request) over a fake client that pages
 * as AWS does (moto answers every listing in one page, which would hide the difference) and answers
 * each request after a fixed delay standing in for a round trip. Prints the figure last.
 *
 *   npx tsx bench/filterRequests.ts [--functions 1000] [--changes 3] [--round-trip-ms 60]
 */
import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaGateway } from '../src/aws/lambdaGateway';
import type { FunctionSummary, Target } from '../src/aws/types';
import { FunctionListings, filterFunctions } from '../src/tree/functionListings';
import { ms, numberArg, ratio } from './support/args';
import { machineLine } from './support/machine';

const target: Target = { profile: 'bench', region: 'us-east-1' };
const argv = process.argv.slice(2);
const functions = numberArg(argv, 'functions', 1000, 'FILTER_BENCH_FUNCTIONS');
const changes = Math.max(1, numberArg(argv, 'changes', 3, 'FILTER_BENCH_CHANGES'));
const roundTripMs = numberArg(argv, 'round-trip-ms', 60, 'FILTER_BENCH_ROUND_TRIP_MS');

const names = Array.from({ length: functions }, (_, i) => `${['orders', 'billing', 'search', 'auth'][i % 4]}-${String(i).padStart(5, '0')}`);
let requests = 0;
const client = {
  async send(command: object): Promise<unknown> {
    if (!(command instanceof ListFunctionsCommand)) throw new Error(`unexpected ${command.constructor.name}`);
    requests++;
    await new Promise((resolve) => setTimeout(resolve, roundTripMs));
    const start = Number(command.input.Marker ?? 0);
    const size = Math.min(command.input.MaxItems ?? 10_000, 50);
    const next = start + size < names.length ? String(start + size) : undefined;
    return { Functions: names.slice(start, start + size).map((name) => ({ FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` })), NextMarker: next };
  },
};
const list = () => new LambdaGateway(client as unknown as Pick<LambdaClient, 'send'>, target).listFunctions();
const filters = [...Array.from({ length: changes }, (_, i) => ['orders', 'bill', 'search-0001'][i % 3]), ''];

async function session(load: () => Promise<FunctionSummary[]>): Promise<{ requests: number; expandMs: number; changeMs: number[]; shown: number[] }> {
  requests = 0;
  let started = performance.now();
  await load();
  const expandMs = performance.now() - started;
  const changeMs: number[] = [];
  const shown: number[] = [];
  for (const filter of filters) {
    started = performance.now();
    shown.push(filterFunctions(await load(), filter).length);
    changeMs.push(performance.now() - started);
  }
  return { requests, expandMs, changeMs, shown };
}

async function main(): Promise<void> {
  const before = await session(list);
  const listings = new FunctionListings(list);
  const now = await session(() => listings.get(target));
  if (JSON.stringify(before.shown) !== JSON.stringify(now.shown)) throw new Error(`the two sides show different lists: ${before.shown.join()} vs ${now.shown.join()}`);

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(machineLine());
  console.log(`functions ${functions}, ${changes} filter change(s) + clear, ${roundTripMs} ms a simulated round trip, 50 functions a page`);
  console.log(`baseline (a sweep per change): ${before.requests} ListFunctions requests; expand ${ms(before.expandMs)}, a filter change ${ms(mean(before.changeMs))} on average`);
  console.log(`kept listing (now):            ${now.requests} ListFunctions requests; expand ${ms(now.expandMs)}, a filter change ${ms(mean(now.changeMs))} on average`);
  console.log(
    `filter requests: ${now.requests} vs ${before.requests} ListFunctions requests for expand + ${changes} filter change(s) + clear over ${functions} functions = ${ratio(before.requests, now.requests)} fewer; a filter change ${ms(mean(now.changeMs))} vs ${ms(mean(before.changeMs))}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
