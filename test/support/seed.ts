/**
 * Seeds a moto endpoint through the real SDK clients (Lambda, CloudWatch Logs) with functions,
 * published versions, aliases and log events, for integration tests, e2e tests and the demo.
 * Every helper takes the endpoint and region explicitly and uses static test keys.
 */
import { createHash } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type Runtime,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import { ZipFile } from 'yazl';
import { TEST_KEYS } from './awsConfig';

export const MOTO_ACCOUNT = '123456789012';
export const SEED_ROLE_NAME = 'lambda-release-seed-role';

const credentials = { accessKeyId: TEST_KEYS.accessKeyId, secretAccessKey: TEST_KEYS.secretAccessKey };

function lambdaClient(endpoint: string, region: string): LambdaClient {
  return new LambdaClient({ endpoint, region, credentials, maxAttempts: 2 });
}

/** Runs `task` with a fresh client and always closes it, so seeding never keeps sockets open. */
async function withLambda<T>(endpoint: string, region: string, task: (client: LambdaClient) => Promise<T>): Promise<T> {
  const client = lambdaClient(endpoint, region);
  try {
    return await task(client);
  } finally {
    client.destroy();
  }
}

/**
 * IAM CreateRole, idempotent; returns the role ARN. The project has no IAM SDK client, so this
 * speaks IAM's query protocol directly: moto ignores signatures and routes the request by the
 * credential scope in the Authorization header.
 */
export async function createRole(endpoint: string, region: string, roleName = SEED_ROLE_NAME): Promise<string> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: roleName, AssumeRolePolicyDocument: trust });
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const response = await fetch(endpoint, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_KEYS.accessKeyId}/${date}/${region}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  const text = await response.text();
  if (!response.ok && !text.includes('EntityAlreadyExists')) throw new Error(`CreateRole ${roleName} failed (${response.status}): ${text.slice(0, 300)}`);
  return `arn:aws:iam::${MOTO_ACCOUNT}:role/${roleName}`;
}

/** A tiny Node.js handler zip, built in memory; `revision` changes the bytes (and CodeSha256). */
export async function handlerZip(functionName: string, revision = 0, runtime: string = 'nodejs20.x'): Promise<Buffer> {
  const zip = new ZipFile();
  const body = JSON.stringify(`${functionName} revision ${revision}`);
  const [file, source] = runtime.startsWith('python')
    ? ['index.py', `def handler(event, context):\n    return {"statusCode": 200, "body": ${body}}\n`]
    : ['index.js', `exports.handler = async () => ({ statusCode: 200, body: ${body} });\n`];
  // Fixed timestamp and mode: the same revision always yields the same bytes.
  zip.addBuffer(Buffer.from(source), file, { mtime: new Date('2026-01-01T00:00:00Z'), mode: 0o100644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface CreateFunctionOptions {
  runtime?: Runtime;
  handler?: string;
  description?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  environment?: Record<string, string>;
  /** Role ARN; by default the seed role is created (idempotently) first. */
  roleArn?: string;
}

export interface CreatedFunction {
  name: string;
  arn: string;
  codeSha256: string;
}

export async function createFunction(endpoint: string, region: string, name: string, opts: CreateFunctionOptions = {}): Promise<CreatedFunction> {
  const role = opts.roleArn ?? (await createRole(endpoint, region));
  const runtime = opts.runtime ?? 'nodejs20.x';
  const zipFile = await handlerZip(name, 0, runtime);
  return withLambda(endpoint, region, async (client) => {
    const result = await client.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: runtime,
        Handler: opts.handler ?? 'index.handler',
        Role: role,
        Code: { ZipFile: zipFile },
        Description: opts.description,
        MemorySize: opts.memoryMb ?? 128,
        Timeout: opts.timeoutSeconds ?? 10,
        Environment: opts.environment ? { Variables: opts.environment } : undefined,
      }),
    );
    return { name, arn: result.FunctionArn ?? '', codeSha256: result.CodeSha256 ?? '' };
  });
}

export interface PublishedVersion {
  version: string;
  description: string;
  codeSha256: string;
}

/**
 * Publishes one version per description. Each gets new code first, because Lambda (and moto)
 * returns the existing version when the code did not change since the last publish.
 */
export async function publishVersions(
  endpoint: string,
  region: string,
  name: string,
  descriptions: string[],
  runtime: string = 'nodejs20.x',
): Promise<PublishedVersion[]> {
  return withLambda(endpoint, region, async (client) => {
    const published: PublishedVersion[] = [];
    for (const [index, description] of descriptions.entries()) {
      const update = await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await handlerZip(name, index + 1, runtime) }));
      const result = await client.send(new PublishVersionCommand({ FunctionName: name, Description: description, CodeSha256: update.CodeSha256 }));
      published.push({ version: result.Version ?? '', description, codeSha256: result.CodeSha256 ?? '' });
    }
    return published;
  });
}

export async function createAlias(
  endpoint: string,
  region: string,
  functionName: string,
  aliasName: string,
  version: string,
  routing?: Record<string, number>,
): Promise<{ name: string; arn: string }> {
  return withLambda(endpoint, region, async (client) => {
    const result = await client.send(
      new CreateAliasCommand({
        FunctionName: functionName,
        Name: aliasName,
        FunctionVersion: version,
        RoutingConfig: routing ? { AdditionalVersionWeights: routing } : undefined,
      }),
    );
    return { name: aliasName, arn: result.AliasArn ?? '' };
  });
}

export interface SeededLogStream {
  name: string;
  version: string;
  messages: string[];
}

/**
 * Puts events into `/aws/lambda/NAME`, one stream per version, named as Lambda names them:
 * `YYYY/MM/DD/[VERSION]` followed by 32 hex characters (deterministic here).
 */
export async function putLogEvents(
  endpoint: string,
  region: string,
  functionName: string,
  streams: { version: string; messages: string[] }[],
  now = Date.now(),
): Promise<{ logGroup: string; streams: SeededLogStream[] }> {
  const logGroup = `/aws/lambda/${functionName}`;
  const client = new CloudWatchLogsClient({ endpoint, region, credentials, maxAttempts: 2 });
  try {
    await ignoreExisting(client.send(new CreateLogGroupCommand({ logGroupName: logGroup })));
    const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '/');
    const written: SeededLogStream[] = [];
    for (const stream of streams) {
      const id = createHash('sha256').update(`${functionName}:${stream.version}`).digest('hex').slice(0, 32);
      const name = `${day}/[${stream.version}]${id}`;
      await ignoreExisting(client.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: name })));
      // One millisecond apart, oldest first, ending just before `now` (PutLogEvents wants order).
      const logEvents = stream.messages.map((message, index) => ({ message, timestamp: now - (stream.messages.length - index) }));
      if (logEvents.length) await client.send(new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: name, logEvents }));
      written.push({ name, version: stream.version, messages: stream.messages });
    }
    return { logGroup, streams: written };
  } finally {
    client.destroy();
  }
}

async function ignoreExisting(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The sample: what the demo shows and what the e2e tests assert against.

export interface SeededAlias {
  name: string;
  version: string;
  /** Additional version → weight (the canary). */
  routing?: Record<string, number>;
}

export interface SeededFunction {
  region: string;
  name: string;
  arn: string;
  runtime: Runtime;
  description: string;
  /** Published versions, oldest first (`$LATEST` is implied). */
  versions: PublishedVersion[];
  aliases: SeededAlias[];
  logGroup?: string;
  logStreams: SeededLogStream[];
}

export interface SeededProfile {
  name: string;
  /** The profile's `region`. */
  region: string;
  /** Regions to list besides `region` (the lambdaRelease.extraRegions setting). */
  extraRegions: string[];
}

export interface SeededSample {
  account: string;
  profiles: SeededProfile[];
  functions: SeededFunction[];
}

interface FunctionPlan {
  region: string;
  name: string;
  runtime: Runtime;
  handler: string;
  description: string;
  versions: string[];
  aliases: SeededAlias[];
  logs?: { version: string; messages: string[] }[];
  environment?: Record<string, string>;
}

/**
 * Profile `dev` lists us-east-1 and eu-west-1, profile `prod` lists us-west-2. moto has a single
 * account, so the profiles differ by region only; these regions give each profile its own functions.
 */
export const SAMPLE_PROFILES: SeededProfile[] = [
  { name: 'dev', region: 'us-east-1', extraRegions: ['eu-west-1'] },
  { name: 'prod', region: 'us-west-2', extraRegions: [] },
];

const SAMPLE_PLAN: FunctionPlan[] = [
  {
    region: 'us-east-1',
    name: 'orders-api',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    description: 'Orders REST API',
    versions: ['release 1.2.0', 'release 1.3.0', 'release 1.4.0'],
    aliases: [
      { name: 'dev', version: '3' },
      { name: 'beta', version: '3' },
      { name: 'prod', version: '2', routing: { '3': 0.1 } },
    ],
    environment: { TABLE_NAME: 'orders-dev', LOG_LEVEL: 'debug' },
    logs: [
      { version: '$LATEST', messages: ['START RequestId: 0001 Version: $LATEST', 'GET /orders 200 12ms', 'END RequestId: 0001'] },
      { version: '2', messages: ['START RequestId: 0002 Version: 2', 'GET /orders/42 200 9ms', 'END RequestId: 0002'] },
      { version: '3', messages: ['START RequestId: 0003 Version: 3', 'POST /orders 201 31ms', 'WARN slow downstream: payments 850ms', 'END RequestId: 0003'] },
    ],
  },
  {
    region: 'us-east-1',
    name: 'payments-worker',
    runtime: 'python3.12',
    handler: 'index.handler',
    description: 'Settles card payments from the queue',
    versions: ['release 0.9.0', 'release 1.0.0'],
    aliases: [
      { name: 'beta', version: '2' },
      { name: 'prod', version: '1' },
    ],
    logs: [{ version: '1', messages: ['START RequestId: 0101 Version: 1', 'settled 3 payments', 'END RequestId: 0101'] }],
  },
  {
    region: 'eu-west-1',
    name: 'thumbnails',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    description: 'Resizes uploaded images',
    versions: ['initial release'],
    aliases: [{ name: 'prod', version: '1' }],
  },
  {
    region: 'us-west-2',
    name: 'orders-api',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    description: 'Orders REST API',
    versions: ['release 1.3.0', 'release 1.4.0'],
    aliases: [
      { name: 'beta', version: '2' },
      { name: 'prod', version: '1' },
    ],
    environment: { TABLE_NAME: 'orders-prod', LOG_LEVEL: 'info' },
  },
  {
    region: 'us-west-2',
    name: 'reports-nightly',
    runtime: 'python3.12',
    handler: 'index.handler',
    description: 'Builds the nightly sales report',
    versions: [],
    aliases: [],
  },
];

/** Seeds the sample (after a moto reset) and returns what was seeded. */
export async function seedSample(endpoint: string): Promise<SeededSample> {
  const roleArn = await createRole(endpoint, 'us-east-1');
  const functions: SeededFunction[] = [];
  for (const plan of SAMPLE_PLAN) {
    const created = await createFunction(endpoint, plan.region, plan.name, {
      runtime: plan.runtime,
      handler: plan.handler,
      description: plan.description,
      environment: plan.environment,
      roleArn,
    });
    const versions = await publishVersions(endpoint, plan.region, plan.name, plan.versions, plan.runtime);
    for (const alias of plan.aliases) await createAlias(endpoint, plan.region, plan.name, alias.name, alias.version, alias.routing);
    const logs = plan.logs ? await putLogEvents(endpoint, plan.region, plan.name, plan.logs) : undefined;
    functions.push({
      region: plan.region,
      name: plan.name,
      arn: created.arn,
      runtime: plan.runtime,
      description: plan.description,
      versions,
      aliases: plan.aliases,
      logGroup: logs?.logGroup,
      logStreams: logs?.streams ?? [],
    });
  }
  return { account: MOTO_ACCOUNT, profiles: SAMPLE_PROFILES.map((p) => ({ ...p, extraRegions: [...p.extraRegions] })), functions };
}

/** The functions a profile shows (in its region and extra regions), for assertions. */
export function functionsOfProfile(sample: SeededSample, profileName: string): SeededFunction[] {
  const profile = sample.profiles.find((p) => p.name === profileName);
  if (!profile) throw new Error(`No profile ${profileName} in the sample`);
  const regions = new Set([profile.region, ...profile.extraRegions]);
  return sample.functions.filter((fn) => regions.has(fn.region));
}

// ---------------------------------------------------------------------------------------------
// Version facts: layers, configuration changes, function URLs, event sources.

/**
 * PublishLayerVersion in a way functions can then use. moto keeps layers of the no-Docker Lambda
 * store apart from the store CreateFunction checks layer ARNs against, so the layer is published
 * with Docker-based invoke switched on for that one call (no container starts), then switched off.
 */
export async function publishLayer(endpoint: string, region: string, layerName: string, revision = 0): Promise<{ arn: string; codeSize: number }> {
  const config = (useDocker: boolean) =>
    fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: useDocker } }), headers: { 'content-type': 'application/json' } });
  await config(true);
  try {
    return await withLambda(endpoint, region, async (client) => {
      const result = await client.send(new PublishLayerVersionCommand({ LayerName: layerName, Content: { ZipFile: await handlerZip(layerName, revision) }, CompatibleRuntimes: ['nodejs20.x'] }));
      return { arn: result.LayerVersionArn ?? '', codeSize: result.Content?.CodeSize ?? 0 };
    });
  } finally {
    await config(false);
  }
}

/** UpdateFunctionConfiguration (memory, timeout, environment, layers, runtime, role) of $LATEST. */
export async function updateConfiguration(
  endpoint: string,
  region: string,
  name: string,
  change: { memoryMb?: number; timeoutSeconds?: number; environment?: Record<string, string>; layers?: string[]; runtime?: Runtime; roleArn?: string },
): Promise<void> {
  await withLambda(endpoint, region, (client) =>
    client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        MemorySize: change.memoryMb,
        Timeout: change.timeoutSeconds,
        Environment: change.environment ? { Variables: change.environment } : undefined,
        Layers: change.layers,
        Runtime: change.runtime,
        Role: change.roleArn,
      }),
    ),
  );
}

/** A function URL on `$LATEST` (no qualifier) or an alias. */
export async function createFunctionUrl(endpoint: string, region: string, name: string, qualifier?: string, authType: 'NONE' | 'AWS_IAM' = 'AWS_IAM'): Promise<string> {
  return withLambda(endpoint, region, async (client) => (await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, Qualifier: qualifier, AuthType: authType }))).FunctionUrl ?? '');
}

/**
 * An SQS queue (moto's query protocol, like createRole) and an event source mapping from it to
 * `name:qualifier`. moto checks that the event source exists.
 */
export async function createEventSourceMapping(endpoint: string, region: string, name: string, qualifier: string, queueName = `${name}-queue`): Promise<string> {
  const body = new URLSearchParams({ Action: 'CreateQueue', Version: '2012-11-05', QueueName: queueName });
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const response = await fetch(endpoint, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_KEYS.accessKeyId}/${date}/${region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  if (!response.ok) throw new Error(`CreateQueue ${queueName} failed (${response.status}): ${(await response.text()).slice(0, 300)}`);
  return withLambda(endpoint, region, async (client) => {
    const mapping = await client.send(
      new CreateEventSourceMappingCommand({ FunctionName: `${name}:${qualifier}`, EventSourceArn: `arn:aws:sqs:${region}:${MOTO_ACCOUNT}:${queueName}`, BatchSize: 10 }),
    );
    return mapping.UUID ?? '';
  });
}

/**
 * moto runs no function code: without Docker, Invoke echoes the payload. The demo queues what
 * orders-api answers (like its handler, scripts/demo-workspace/index.mjs) so Invoke… shows a
 * realistic response and the demo workspace's smoke events (.lambda/events/orders-api/) pass in
 * Release…. Every invocation in the region takes the next queued answer; after these, moto echoes
 * again.
 */
export async function queueDemoInvokeResults(endpoint: string, region = 'us-east-1', count = 500): Promise<void> {
  const answer = (n: number) => JSON.stringify({ statusCode: 201, body: JSON.stringify({ accepted: true, id: `demo-${n}` }) });
  const response = await fetch(`${endpoint}/moto-api/static/lambda-simple/response`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ results: Array.from({ length: count }, (_, n) => answer(n + 1)), region }),
  });
  if (!response.ok) throw new Error(`moto refused the queued invoke results: HTTP ${response.status}`);
}

