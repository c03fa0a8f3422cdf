// The outbox on both stores: a write that needs work done queues its jobs only when the write
// happened (created, won). SQLite adds them in the write's transaction; DynamoDB (moto) sends them to
// the queue right after the write, and says which were not sent when the queue fails.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, makeDynamoStore } from '../../src/adapters/store/dynamodb';
import { sendJobsAfterWrite } from '../../src/adapters/store/outbox';
import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { decisionEvent } from '../../src/peering/deletion';
import { DuplicatePeeringError } from '../../src/peering/errors';
import { type Job, JobsNotQueuedError } from '../../src/peering/ports';
import { awsClientConfig, uniqueName } from '../support/aws';
import { type MotoServer, startMoto } from '../support/moto';
import { makeRecord } from './store-contract';
import { makeDeletionRequest } from './store-contract-deletion';

interface Outbox {
  store: Store;
  queued(jobId: string): boolean;
}

const job = (id: string): Job => ({ kind: 'create-peering', id, peeringId: id });
const requestedEvent = (peeringId: string, requestId: string) => ({
  peeringId,
  action: 'deletion-requested' as const,
  actor: 'U0ALICE',
  at: '2026-07-01T12:00:00.000Z',
  requestId,
});

function describeOutbox(name: string, open: () => Promise<Outbox>) {
  describe(`outbox: ${name}`, () => {
    test('a new record queues its jobs; the same record again (a Slack retry) queues nothing', async () => {
      const { store, queued } = await open();
      const record = makeRecord();
      await store.insertPeering(record, [job(`create-${record.id}`)]);
      expect(queued(`create-${record.id}`)).toBe(true);
      const again = await store.insertPeering(record, [job(`again-${record.id}`)]);
      expect(again.created).toBe(false);
      expect(queued(`again-${record.id}`)).toBe(false);
    });

    test('a refused record (an open request for the same VPCs) queues nothing', async () => {
      const { store, queued } = await open();
      const first = makeRecord();
      await store.insertPeering(first);
      const second = makeRecord({ spec: first.spec });
      await expect(store.insertPeering(second, [job(`create-${second.id}`)])).rejects.toBeInstanceOf(
        DuplicatePeeringError,
      );
      expect(queued(`create-${second.id}`)).toBe(false);
    });

    test('a deletion request and its decision queue their jobs once', async () => {
      const { store, queued } = await open();
      const request = makeDeletionRequest();
      const show: Job = { kind: 'show-deletion-request', id: `show:${request.id}`, requestId: request.id };
      await store.openDeletionRequest(request, requestedEvent(request.peeringId, request.id), [show]);
      expect(queued(show.id)).toBe(true);
      const del: Job = {
        kind: 'delete-peering',
        id: `delete:${request.id}`,
        requestId: request.id,
        attempt: 1,
      };
      const event = decisionEvent(request, 'approved', 'U0BOB', new Date('2026-07-01T12:05:00.000Z'));
      await expect(store.decideDeletionRequest(request.id, 'approved', event, [del])).resolves.toMatchObject({
        won: true,
      });
      expect(queued(del.id)).toBe(true);
      const late: Job = { ...del, id: `late:${request.id}` };
      const rejected = decisionEvent(request, 'rejected', 'U0CAROL', new Date('2026-07-01T12:06:00.000Z'));
      await expect(
        store.decideDeletionRequest(request.id, 'rejected', rejected, [late]),
      ).resolves.toMatchObject({
        won: false,
      });
      expect(queued(late.id)).toBe(false);
    });

    test('approvals queue the delete only with the one that completes the quorum', async () => {
      const { store, queued } = await open();
      const request = makeDeletionRequest({ required: 2, approvers: ['S0NETOPS'] });
      await store.openDeletionRequest(request, requestedEvent(request.peeringId, request.id));
      const at = new Date('2026-07-01T12:05:00.000Z');
      const approve = (userId: string) => {
        const jobs = {
          counted: [{ ...job(`counted:${userId}:${request.id}`) }],
          complete: [{ ...job(`complete:${userId}:${request.id}`) }],
        };
        const approval = { userId, at: at.toISOString(), basis: 'member of <!subteam^S0NETOPS>' };
        return store.approveDeletionRequest(
          request.id,
          approval,
          decisionEvent(request, 'approved', userId, at),
          jobs,
        );
      };
      await expect(approve('U0CAROL')).resolves.toMatchObject({ kind: 'counted' });
      expect(queued(`counted:U0CAROL:${request.id}`)).toBe(true);
      expect(queued(`complete:U0CAROL:${request.id}`)).toBe(false);
      await expect(approve('U0CAROL')).resolves.toMatchObject({ kind: 'already-approved' });
      await expect(approve('U0DAVE')).resolves.toMatchObject({ kind: 'complete' });
      expect(queued(`complete:U0DAVE:${request.id}`)).toBe(true);
      expect(queued(`counted:U0DAVE:${request.id}`)).toBe(false);
      await expect(approve('U0BOB')).resolves.toMatchObject({ kind: 'decided' });
      expect(queued(`complete:U0BOB:${request.id}`)).toBe(false);
      expect(queued(`counted:U0BOB:${request.id}`)).toBe(false);
    });
  });
}

describeOutbox('SQLite (one transaction)', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  return { store, queued: (id) => store.jobs.has(id) };
});

let moto: MotoServer;
let client: DynamoDBClient;
let tableName: string;
beforeAll(async () => {
  moto = await startMoto({ serial: true });
  client = new DynamoDBClient(awsClientConfig(moto.url));
  tableName = uniqueName('vpc-peer-outbox');
  await createTable(client, tableName);
});
afterAll(async () => {
  client.destroy();
  await moto?.stop();
});

describeOutbox('DynamoDB then the queue', async () => {
  const sent = new Set<string>();
  const store = sendJobsAfterWrite(makeDynamoStore({ client, tableName }), {
    enqueue: async (j) => {
      sent.add(j.id);
    },
  });
  return { store, queued: (id) => sent.has(id) };
});

test('DynamoDB: a queue that refuses the send leaves the record stored and names the jobs not sent', async () => {
  const store = sendJobsAfterWrite(makeDynamoStore({ client, tableName }), {
    enqueue: async () => {
      throw new Error('SQS is unavailable');
    },
  });
  const record = makeRecord();
  const error = await store.insertPeering(record, [job(`create-${record.id}`)]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JobsNotQueuedError);
  expect((error as JobsNotQueuedError).jobs.map((j) => j.id)).toEqual([`create-${record.id}`]);
  expect((await store.getPeering(record.id))?.state).toBe('REQUESTED');
});
