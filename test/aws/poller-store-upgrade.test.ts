// The poller Lambda runs the DynamoDB store upgrade after reconciling: an ended peering and an
// approved deletion written before their lookups existed are found afterwards; operators can run it
// by hand too (npm run store:upgrade) and see it is done.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeDynamoStore } from '../../src/adapters/store/dynamodb';
import { UPGRADE_KEY } from '../../src/adapters/store/dynamodb-upgrade';
import { upgradeStoreFromShell } from '../../src/container/aws-store-upgrade';
import { makeLambdaPollerHandler } from '../../src/container/lambda-worker';
import { makeDeletionRequest, makeRecord } from '../adapters/store-contract-support';
import { awsClientConfig } from '../support/aws';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';

let lambdaEnv: LambdaEnv;
let client: DynamoDBClient;

beforeAll(async () => {
  lambdaEnv = await startLambdaEnv({
    name: 'upgrade',
    signingSecret: 'aa11bb22cc33dd44ee55ff6677889900',
    botToken: 'xoxb-upgrade-test-token',
  });
  client = new DynamoDBClient(awsClientConfig());
});
afterAll(async () => {
  client.destroy();
  await lambdaEnv.close();
});

test('the poller backfills old items once; the shell command then reports the layout reached', async () => {
  const TableName = lambdaEnv.env.DYNAMODB_TABLE as string;
  const doc = DynamoDBDocumentClient.from(client);
  const gone = makeRecord({ state: 'DELETED', updatedAt: new Date().toISOString() });
  const request = makeDeletionRequest({ status: 'approved', decidedBy: 'U0BOB', attempt: 1, version: 2 });
  // As the store wrote them before: no openPartition, no awsid# item.
  await doc.send(
    new PutCommand({
      TableName,
      Item: { pk: `peering#${gone.id}`, record: gone, version: 1, specKey: 'old' },
    }),
  );
  await doc.send(new PutCommand({ TableName, Item: { pk: `deletion#${request.id}`, request, version: 2 } }));

  const context = { getRemainingTimeInMillis: () => 50_000, awsRequestId: 'req-1' };
  await makeLambdaPollerHandler(lambdaEnv.env)(undefined, context as never);

  const store = makeDynamoStore({ client, tableName: TableName });
  expect((await store.findPeeringsByAwsId(gone.spec.awsVpcId)).map((r) => r.id)).toEqual([gone.id]);
  expect((await store.listEndedPeerings(new Date(Date.now() - 86_400_000))).map((r) => r.id)).toContain(
    gone.id,
  );
  expect((await store.listApprovedDeletionRequests()).map((r) => r.id)).toEqual([request.id]);
  const meta = (await doc.send(new GetCommand({ TableName, Key: { pk: UPGRADE_KEY }, ConsistentRead: true })))
    .Item;
  expect(meta).toMatchObject({ layoutVersion: 1, backfilled: 3 });
  expect(meta).not.toHaveProperty('leaseOwner');

  const lines: string[] = [];
  await expect(
    upgradeStoreFromShell({ DYNAMODB_TABLE: TableName }, (l) => lines.push(l), client),
  ).resolves.toBe(0);
  expect(lines.join('')).toContain('layout 1 was already reached; nothing to do');
});

test('the shell command says what a table name looks like when DYNAMODB_TABLE is missing', async () => {
  const lines: string[] = [];
  await expect(upgradeStoreFromShell({}, (l) => lines.push(l), client)).resolves.toBe(1);
  expect(lines.join('')).toContain('DYNAMODB_TABLE must name the bot');
});
