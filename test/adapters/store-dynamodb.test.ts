import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable, makeDynamoStore, tableDefinition } from '../../src/adapters/store/dynamodb';
import { StaleRecordError } from '../../src/peering/errors';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type MotoServer, startMoto } from '../support/moto';
import { describeStoreContract, makeRecord } from './store-contract';

let moto: MotoServer;
let client: DynamoDBClient;
let tableName: string;

// A private one-request-at-a-time moto: the shared one runs concurrent transactions unsafely (see moto.ts).
beforeAll(async () => {
  moto = await startMoto({ serial: true });
  client = new DynamoDBClient(awsClientConfig(moto.url));
  tableName = uniqueName('vpc-peer-store');
  await createTable(client, tableName);
});
afterAll(async () => {
  client.destroy();
  await moto?.stop();
});

// Records carry random ids and spec keys, so all tests can share one table.
describeStoreContract('DynamoDB (document client)', async (clock) =>
  makeDynamoStore({ client: DynamoDBDocumentClient.from(client), tableName, clock }),
);
describeStoreContract('DynamoDB (plain client)', async (clock) =>
  makeDynamoStore({ client, tableName, clock }),
);

describe('DynamoDB table', () => {
  test('is created as tableDefinition describes, with TTL on expiresAt', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const definition = tableDefinition(tableName);
    expect(Table?.KeySchema).toEqual(definition.KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'byAivenPeeringId',
      'openPeerings',
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });
});

describe('DynamoDB errors that are not a lost race', () => {
  // DynamoDB itself answers: a transaction cancelled for throttling. Everything else goes to moto.
  const throttled = JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError]',
    CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity' }],
  });

  test('a throttled transaction is not reported as a stale record, so the caller retries it', async () => {
    const { NodeHttpHandler } = await import('@smithy/node-http-handler');
    const { Readable } = await import('node:stream');
    const real = new NodeHttpHandler();
    let throttle = false;
    const edgeClient = new DynamoDBClient({
      ...awsClientConfig(moto.url),
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: { headers: Record<string, string> }) => {
          if (throttle && request.headers['x-amz-target'] === 'DynamoDB_20120810.TransactWriteItems') {
            return {
              response: {
                statusCode: 400,
                headers: { 'content-type': 'application/x-amz-json-1.0' },
                body: Readable.from([Buffer.from(throttled)]),
              },
            };
          }
          return real.handle(request as never);
        },
      } as never,
    });
    const store = makeDynamoStore({ client: edgeClient, tableName });
    const { record } = await store.insertPeering(makeRecord());
    throttle = true;
    const error = await store
      .updatePeering(record.id, record.version, { state: 'CREATE_FAILED' })
      .catch((e) => e);
    expect(error).not.toBeInstanceOf(StaleRecordError);
    expect(error).toMatchObject({ name: 'TransactionCanceledException' });
    throttle = false;
    await expect(
      store.updatePeering(record.id, record.version, { state: 'CREATE_FAILED' }),
    ).resolves.toMatchObject({
      state: 'CREATE_FAILED',
    });
    edgeClient.destroy();
  });
});
