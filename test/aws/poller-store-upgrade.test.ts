// The poller Lambda runs the DynamoDB store upgrade after reconciling: an ended peering and an
// approved deletion written before their lookups existed are found afterwards; operators can run it
// by hand too (npm run store:upgrade) and see it is done.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { makeDynamoStore } from '../../src/adapters/store/dynamodb';
import { UPGRADE_KEY } from '../../src/adapters/store/dynamodb-upgrade';
import { upgradeStoreFromShell } from '../../src/container/aws-store-upgrade';
import { makeLambdaPollerHandler, makeLambdaWorkerHandler } from '../../src/container/lambda-worker';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { makeDeletionRequest, makeRecord } from '../adapters/store-contract-support';
import { awsClientConfig } from '../support/aws';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';
import { deliverOnce } from '../support/sqs';

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

describe('an approved deletion in flight at upgrade time whose job died', () => {
  let e: LambdaEnv;
  let dynamo: DynamoDBClient;
  beforeAll(async () => {
    e = await startLambdaEnv({
      name: 'upgrade-sweep',
      signingSecret: 'cc11bb22cc33dd44ee55ff6677889900',
      botToken: 'xoxb-upgrade-sweep',
    });
    e.env.APPROVERS = 'U0ALICE,U0BOB';
    dynamo = new DynamoDBClient(awsClientConfig());
  });
  afterAll(async () => {
    dynamo.destroy();
    await e.close();
  });

  test('is resumed by the sweep once the poller backfilled it: the peering is deleted once', async () => {
    const TableName = e.env.DYNAMODB_TABLE as string;
    const doc = DynamoDBDocumentClient.from(dynamo);
    const store = makeDynamoStore({ client: dynamo, tableName: TableName });
    // The first poll tracks the sandbox's seeded peering (and finds nothing to upgrade).
    await makeLambdaPollerHandler(e.env)();
    const record = (await store.listOpenPeerings()).find((r) => r.aivenPeeringId === SEED_IDS.prodEuPeering);
    if (!record) throw new Error('the first poll did not track the seeded peering');
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const request = makeDeletionRequest({
      peeringId: record.id,
      requestedAt: minutesAgo(6),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const event = { peeringId: record.id, actor: 'U0ALICE', requestId: request.id };
    await store.openDeletionRequest(request, { ...event, action: 'deletion-requested', at: minutesAgo(6) });
    await store.decideDeletionRequest(request.id, 'approved', {
      ...event,
      action: 'deletion-approved',
      actor: 'U0BOB',
      at: minutesAgo(5),
    });
    // The table as the previous release left it: the approval wrote no partition, no upgrade ran.
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk: `deletion#${request.id}` },
        UpdateExpression: 'REMOVE openPartition',
      }),
    );
    await doc.send(new DeleteCommand({ TableName, Key: { pk: UPGRADE_KEY } }));

    // The sweep runs before the upgrade in a poll: this one cannot see the request yet...
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 0 });
    // ...the next one, after the backfill, resumes it; the worker deletes the peering in Aiven, once.
    await expect(makeLambdaPollerHandler(e.env)()).resolves.toMatchObject({ resumed: 1 });
    const worker = makeLambdaWorkerHandler(e.env);
    while ((await deliverOnce(e.sqs, e.jobs, worker)) > 0);
    const deletes = e.aiven.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.path).toContain(SEED_IDS.prodEuPeering);
    expect((await store.getPeering(record.id))?.state).toBe('DELETING');
  });
});
