// The DynamoDB store upgrade on moto: items written before the lookups existed (put here directly,
// without them) are found through the store's public methods after it ran, once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTable, makeDynamoStore } from '../../src/adapters/store/dynamodb';
import {
  runStoreUpgrade,
  STORE_LAYOUT_VERSION,
  UPGRADE_KEY,
} from '../../src/adapters/store/dynamodb-upgrade';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { PeeringRecord } from '../../src/peering/model';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type MotoServer, startMoto } from '../support/moto';
import { ManualClock, makeDeletionRequest, makeRecord } from './store-contract-support';

let moto: MotoServer;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  moto = await startMoto({ serial: true });
  client = new DynamoDBClient(awsClientConfig(moto.url));
  doc = DynamoDBDocumentClient.from(client);
});
afterAll(async () => {
  client.destroy();
  await moto?.stop();
});

/** A fresh table per test: the upgrade scans the whole table and records its progress in it. */
async function freshTable() {
  const TableName = uniqueName('vpc-peer-upgrade');
  await createTable(client, TableName);
  const clock = new ManualClock(new Date('2026-07-10T12:00:00.000Z'));
  const store = makeDynamoStore({ client: doc, tableName: TableName, clock });
  const upgrade = (owner: string, more: { remainingMs?: () => number; pageSize?: number } = {}) =>
    runStoreUpgrade({ doc, TableName, clock, owner, ...more });
  return { TableName, clock, store, upgrade };
}

/** A peering as the store wrote it before `awsid#` items and ended partitions: no openPartition. */
async function putOldPeering(TableName: string, record: PeeringRecord) {
  await doc.send(
    new PutCommand({
      TableName,
      Item: { pk: `peering#${record.id}`, record, version: record.version, specKey: 'old' },
    }),
  );
}

/** A deletion request as written before the approved-deletion partition: approved ones had none. */
async function putOldDeletion(TableName: string, request: DeletionRequest) {
  await doc.send(
    new PutCommand({
      TableName,
      Item: { pk: `deletion#${request.id}`, request, version: request.version },
    }),
  );
}

const ended = (overrides: Partial<PeeringRecord> = {}) =>
  makeRecord({
    state: 'DELETED',
    updatedAt: '2026-07-09T08:00:00.000Z',
    stateInfo: { awsPeeringConnectionId: `pcx-${Math.random().toString(16).slice(2, 12)}` },
    ...overrides,
  } as Partial<PeeringRecord>);

const approved = (overrides: Partial<DeletionRequest> = {}) =>
  makeDeletionRequest({ status: 'approved', decidedBy: 'U0BOB', attempt: 1, version: 2, ...overrides });

async function metaOf(TableName: string) {
  return (await doc.send(new GetCommand({ TableName, Key: { pk: UPGRADE_KEY }, ConsistentRead: true }))).Item;
}

test('old ended peerings and approved deletions are found by the store after the upgrade, once', async () => {
  const { TableName, store, upgrade } = await freshTable();
  const gone = ended();
  const settled = approved({ settledAt: '2026-07-09T09:00:00.000Z' });
  const failed = approved({ failure: 'Aiven said no' });
  const inFlight = approved();
  await putOldPeering(TableName, gone);
  for (const request of [settled, failed, inFlight]) await putOldDeletion(TableName, request);
  const pcx = gone.stateInfo?.awsPeeringConnectionId as string;
  const since = new Date('2026-07-08T00:00:00.000Z');

  // What users met before: status by id, the ended list and the sweep did not see them.
  expect(await store.findPeeringsByAwsId(pcx)).toEqual([]);
  expect(await store.listEndedPeerings(since)).toEqual([]);
  expect(await store.listApprovedDeletionRequests()).toEqual([]);

  const first = await upgrade('run-1');
  // The peering's VPC id, its pcx id and its ended partition; the one deletion still to resume.
  expect(first).toMatchObject({ status: 'finished', scanned: 4, backfilled: 4, raced: 0 });

  expect((await store.findPeeringsByAwsId(pcx.toUpperCase())).map((r) => r.id)).toEqual([gone.id]);
  expect((await store.findPeeringsByAwsId(gone.spec.awsVpcId)).map((r) => r.id)).toEqual([gone.id]);
  expect((await store.listEndedPeerings(since)).map((r) => r.id)).toEqual([gone.id]);
  expect((await store.listApprovedDeletionRequests()).map((r) => r.id)).toEqual([inFlight.id]);
  expect(await metaOf(TableName)).toMatchObject({
    layoutVersion: STORE_LAYOUT_VERSION,
    scanned: 4,
    backfilled: 4,
  });

  // Done is done: the next poll only reads the meta item.
  expect(await upgrade('run-2')).toMatchObject({ status: 'done', scanned: 0, backfilled: 0 });
});

test('items the current store wrote are left alone (nothing to backfill)', async () => {
  const { store, upgrade } = await freshTable();
  const { record } = await store.insertPeering(makeRecord());
  await store.updatePeering(record.id, record.version, { state: 'DELETED' });
  expect(await upgrade('run-1')).toMatchObject({ status: 'finished', scanned: 1, backfilled: 0 });
});

test('a run stopped at its deadline resumes where it stopped on the next run', async () => {
  const { TableName, store, upgrade } = await freshTable();
  const peerings = Array.from({ length: 5 }, () => ended({ stateInfo: {} } as never));
  for (const record of peerings) await putOldPeering(TableName, record);

  // Time for one page of two items, then the Lambda's deadline is near.
  let pages = 0;
  const first = await upgrade('run-1', { pageSize: 2, remainingMs: () => (pages++ < 1 ? 60_000 : 1_000) });
  expect(first.status).toBe('paused');
  expect(first.scanned).toBeLessThan(5);
  const since = new Date('2026-07-08T00:00:00.000Z');
  expect((await store.listEndedPeerings(since)).length).toBeLessThan(5);
  expect(await metaOf(TableName)).not.toHaveProperty('layoutVersion');

  // The paused run gave its lease back: the next one carries on at once, from the saved cursor.
  const second = await upgrade('run-2', { pageSize: 2 });
  expect(second.status).toBe('finished');
  expect(first.backfilled + second.backfilled).toBe(10); // VPC id and ended partition of each
  expect((await store.listEndedPeerings(since)).map((r) => r.id).sort()).toEqual(
    peerings.map((r) => r.id).sort(),
  );
  expect(await metaOf(TableName)).toMatchObject({ layoutVersion: STORE_LAYOUT_VERSION, backfilled: 10 });
});

test('two runs at once: one does the work, the other backs off', async () => {
  const { TableName, upgrade } = await freshTable();
  for (let i = 0; i < 4; i++) await putOldDeletion(TableName, approved());
  const results = await Promise.all([upgrade('run-a', { pageSize: 1 }), upgrade('run-b', { pageSize: 1 })]);
  const statuses = results.map((r) => r.status).sort();
  expect(['busy', 'done']).toContain(statuses[0]);
  expect(statuses[1]).toBe('finished');
  expect(results[0].backfilled + results[1].backfilled).toBe(4);
  expect(await metaOf(TableName)).toMatchObject({ scanned: 4, backfilled: 4 });
});

test("a live lease keeps others out; a crashed run's expired lease is taken over", async () => {
  const { TableName, clock, store, upgrade } = await freshTable();
  const request = approved();
  await putOldDeletion(TableName, request);
  const leaseUntil = clock.now().getTime() + 60_000;
  await doc.send(new PutCommand({ TableName, Item: { pk: UPGRADE_KEY, leaseOwner: 'crashed', leaseUntil } }));

  expect(await upgrade('run-1')).toMatchObject({ status: 'busy', scanned: 0 });
  expect(await store.listApprovedDeletionRequests()).toEqual([]);

  clock.advanceSeconds(61);
  expect(await upgrade('run-2')).toMatchObject({ status: 'finished', backfilled: 1 });
  expect((await store.listApprovedDeletionRequests()).map((r) => r.id)).toEqual([request.id]);
});

test('a normal write between the scan and the backfill wins: its partition is kept', async () => {
  const { TableName, clock, store } = await freshTable();
  const request = approved();
  await putOldDeletion(TableName, request);
  // The sweep settles the request right after the upgrade's scan read it: the client sends the
  // store's write to moto just before the upgrade's backfill of that item.
  let settled = false;
  const racing = {
    send: async (command: unknown) => {
      const input = (command as { input?: { UpdateExpression?: string } }).input;
      if (!settled && input?.UpdateExpression === 'SET openPartition = :partition') {
        settled = true;
        await store.updateDeletionRequest(request.id, request.version, {
          settledAt: '2026-07-10T11:00:00.000Z',
        });
      }
      return doc.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  const result = await runStoreUpgrade({ doc: racing, TableName, clock, owner: 'run-1' });
  expect(result).toMatchObject({ status: 'finished', backfilled: 0, raced: 1 });
  expect(await store.listApprovedDeletionRequests()).toEqual([]);
  expect(await store.getDeletionRequest(request.id)).toMatchObject({ settledAt: '2026-07-10T11:00:00.000Z' });
});
