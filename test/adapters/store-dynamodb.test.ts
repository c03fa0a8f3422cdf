import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable, makeDynamoStore, tableDefinition } from '../../src/adapters/store/dynamodb';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type MotoServer, startMoto } from '../support/moto';
import { describeStoreContract } from './store-contract';

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
