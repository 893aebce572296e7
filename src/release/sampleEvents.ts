/**
 * Built-in sample events, written for this extension in the shapes the AWS services send (ids,
 * ARNs and times are made up). A starting point for "New Test Event" and a one-off invoke.
 */
export interface SampleEvent {
  id: string;
  label: string;
  description: string;
  event: unknown;
}

const ACCOUNT = '123456789012';
const TIME = '2026-01-15T12:00:00Z';

export const SAMPLE_EVENTS: readonly SampleEvent[] = [
  {
    id: 'apigateway-rest',
    label: 'API Gateway REST API (proxy)',
    description: 'GET /orders/42 through a REST API proxy integration (payload 1.0)',
    event: {
      resource: '/orders/{id}',
      path: '/orders/42',
      httpMethod: 'GET',
      headers: { Accept: 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com', 'User-Agent': 'sample' },
      multiValueHeaders: { Accept: ['application/json'] },
      queryStringParameters: { expand: 'items' },
      multiValueQueryStringParameters: { expand: ['items'] },
      pathParameters: { id: '42' },
      stageVariables: null,
      requestContext: {
        accountId: ACCOUNT,
        apiId: 'abc123',
        resourcePath: '/orders/{id}',
        httpMethod: 'GET',
        path: '/prod/orders/42',
        stage: 'prod',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTimeEpoch: 1768478400000,
        identity: { sourceIp: '203.0.113.10', userAgent: 'sample' },
      },
      body: null,
      isBase64Encoded: false,
    },
  },
  {
    id: 'apigateway-http',
    label: 'API Gateway HTTP API (payload 2.0)',
    description: 'POST /orders with a JSON body through an HTTP API',
    event: {
      version: '2.0',
      routeKey: 'POST /orders',
      rawPath: '/orders',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', host: 'xyz789.execute-api.us-east-1.amazonaws.com' },
      requestContext: {
        accountId: ACCOUNT,
        apiId: 'xyz789',
        domainName: 'xyz789.execute-api.us-east-1.amazonaws.com',
        http: { method: 'POST', path: '/orders', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'sample' },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'POST /orders',
        stage: '$default',
        time: '15/Jan/2026:12:00:00 +0000',
        timeEpoch: 1768478400000,
      },
      body: JSON.stringify({ customerId: 'c-7', items: [{ sku: 'BOOK-1', quantity: 2 }] }),
      isBase64Encoded: false,
    },
  },
  {
    id: 's3-put',
    label: 'S3 Put',
    description: 'An object created in a bucket (ObjectCreated:Put)',
    event: {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: TIME,
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
          requestParameters: { sourceIPAddress: '203.0.113.10' },
          responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE/abcdefghijklmnopqrstuvwxyz' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'on-upload',
            bucket: { name: 'uploads-example', ownerIdentity: { principalId: 'EXAMPLE' }, arn: 'arn:aws:s3:::uploads-example' },
            object: { key: 'images/photo.jpg', size: 1024, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
          },
        },
      ],
    },
  },
  {
    id: 'sqs-batch',
    label: 'SQS batch',
    description: 'Two messages from a queue (batch of 2)',
    event: {
      Records: [1, 2].map((n) => ({
        messageId: `059f36b4-87a3-44ab-83d2-66176633001${n}`,
        receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${n}`,
        body: JSON.stringify({ orderId: `o-${n}`, amount: 10 * n }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1768478400000',
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1768478400001',
        },
        messageAttributes: {},
        md5OfBody: '7b270e59b47ff90a553787216d55d91d',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-queue`,
        awsRegion: 'us-east-1',
      })),
    },
  },
  {
    id: 'eventbridge-scheduled',
    label: 'EventBridge scheduled event',
    description: 'A rule on a schedule (rate or cron)',
    event: {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: TIME,
      region: 'us-east-1',
      resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`],
      detail: {},
    },
  },
  {
    id: 'dynamodb-stream',
    label: 'DynamoDB stream',
    description: 'An INSERT and a MODIFY from a table stream',
    event: {
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: 'us-east-1',
          dynamodb: {
            Keys: { id: { S: 'o-1' } },
            NewImage: { id: { S: 'o-1' }, status: { S: 'NEW' }, total: { N: '20' } },
            SequenceNumber: '111',
            SizeBytes: 26,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/2026-01-15T12:00:00.000`,
        },
        {
          eventID: '2',
          eventName: 'MODIFY',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: 'us-east-1',
          dynamodb: {
            Keys: { id: { S: 'o-1' } },
            OldImage: { id: { S: 'o-1' }, status: { S: 'NEW' }, total: { N: '20' } },
            NewImage: { id: { S: 'o-1' }, status: { S: 'PAID' }, total: { N: '20' } },
            SequenceNumber: '222',
            SizeBytes: 52,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/2026-01-15T12:00:00.000`,
        },
      ],
    },
  },
];

/** The sample as the pretty-printed JSON an event file holds. */
export function sampleEventText(id: string): string {
  const sample = SAMPLE_EVENTS.find((s) => s.id === id);
  if (!sample) throw new Error(`No sample event ${id}`);
  return `${JSON.stringify(sample.event, null, 2)}\n`;
}
