// The records role (PeeringRecordStore): part of the store contract, run on every store.
import { randomUUID } from 'node:crypto';
import { DuplicatePeeringError, StaleRecordError } from '../../src/peering/errors';
import { type PeeringRecord, specKey } from '../../src/peering/model';
import type { PeeringRecordStore } from '../../src/peering/ports';
import {
  type ManualClock,
  makeRecord,
  makeSpec,
  type StoreFactory,
  useFreshStore,
} from './store-contract-support';

export function describeRecordStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, peering records: ${name}`, () => {
    let clock: ManualClock;
    let store: PeeringRecordStore;
    useFreshStore(makeStore, (made, madeClock) => {
      store = made;
      clock = madeClock;
    });

    test('inserts and gets a record', async () => {
      const record = makeRecord({ spec: makeSpec({ extraCidrs: ['10.1.0.0/16'] }) });
      await expect(store.insertPeering(record)).resolves.toEqual({ record, created: true });
      await expect(store.getPeering(record.id)).resolves.toEqual(record);
      await expect(store.getPeering(randomUUID())).resolves.toBeUndefined();
    });

    test('inserting the same id again returns the stored record (Slack retry)', async () => {
      const record = makeRecord();
      await store.insertPeering(record);
      const retry = { ...record, requestedBy: 'U0999RETRY' };
      await expect(store.insertPeering(retry)).resolves.toEqual({ record, created: false });
    });

    test('a second open request for the same spec names the existing one', async () => {
      const first = makeRecord();
      await store.insertPeering(first);
      const second = makeRecord({ spec: { ...first.spec } });
      const error = await store.insertPeering(second).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicatePeeringError);
      expect((error as DuplicatePeeringError).existing).toEqual(first);
      await expect(store.getPeering(second.id)).resolves.toBeUndefined();
    });

    test('of concurrent requests for one spec exactly one is stored', async () => {
      const spec = makeSpec();
      const records = Array.from({ length: 4 }, () => makeRecord({ spec: { ...spec } }));
      const results = await Promise.allSettled(records.map((record) => store.insertPeering(record)));
      const stored = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.record);
      expect(stored).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicatePeeringError);
      }
      await expect(store.findOpenBySpecKey(specKey(spec))).resolves.toEqual(stored[0]);
    });

    test('a closed request frees its spec for a new request', async () => {
      const { record: first } = await store.insertPeering(makeRecord());
      await store.updatePeering(first.id, first.version, { state: 'CREATE_FAILED' });
      await expect(store.findOpenBySpecKey(specKey(first.spec))).resolves.toBeUndefined();
      const second = makeRecord({ spec: { ...first.spec } });
      await expect(store.insertPeering(second)).resolves.toEqual({ record: second, created: true });
      await expect(store.findOpenBySpecKey(specKey(first.spec))).resolves.toEqual(second);
    });

    test('reopening a closed request is refused while another is open for its spec', async () => {
      const { record: first } = await store.insertPeering(makeRecord());
      const closed = await store.updatePeering(first.id, 1, { state: 'CREATE_FAILED' });
      const { record: second } = await store.insertPeering(makeRecord({ spec: { ...first.spec } }));
      const error = await store
        .updatePeering(first.id, closed.version, { state: 'APPROVED' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(DuplicatePeeringError);
      expect((error as DuplicatePeeringError).existing).toEqual(second);
      await expect(store.getPeering(first.id)).resolves.toEqual(closed);
    });

    test('updatePeering applies the patch, bumps version and updatedAt', async () => {
      const { record } = await store.insertPeering(makeRecord());
      clock.advanceSeconds(60);
      const updated = await store.updatePeering(record.id, 1, {
        state: 'APPROVED',
        aivenPeeringId: 'a1b2c3',
        thread: { channelId: 'C0123ABCD', ts: '1719835200.000100' },
      });
      expect(updated).toEqual({
        ...record,
        state: 'APPROVED',
        aivenPeeringId: 'a1b2c3',
        thread: { channelId: 'C0123ABCD', ts: '1719835200.000100' },
        version: 2,
        updatedAt: '2026-07-01T12:01:00.000Z',
      });
      await expect(store.getPeering(record.id)).resolves.toEqual(updated);
    });

    test('updatePeering rejects a stale version', async () => {
      const { record } = await store.insertPeering(makeRecord());
      await store.updatePeering(record.id, 1, { state: 'APPROVED' });
      await expect(store.updatePeering(record.id, 1, { state: 'ERROR' })).rejects.toBeInstanceOf(
        StaleRecordError,
      );
      await expect(store.getPeering(record.id)).resolves.toMatchObject({ state: 'APPROVED', version: 2 });
    });

    test('of concurrent updates from the same version exactly one wins', async () => {
      const { record } = await store.insertPeering(makeRecord());
      const states = ['APPROVED', 'ERROR', 'PENDING_PEER', 'CREATE_FAILED'] as const;
      const results = await Promise.allSettled(
        states.map((state) => store.updatePeering(record.id, 1, { state })),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r) => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      for (const loser of losers) expect(loser.reason).toBeInstanceOf(StaleRecordError);
      const stored = await store.getPeering(record.id);
      expect(stored).toEqual((winners[0] as PromiseFulfilledResult<PeeringRecord>).value);
    });

    test('finds a record by its Aiven peering id', async () => {
      const { record } = await store.insertPeering(makeRecord());
      const aivenPeeringId = randomUUID();
      const updated = await store.updatePeering(record.id, 1, { aivenPeeringId, state: 'APPROVED' });
      await expect(store.findByAivenPeeringId(aivenPeeringId)).resolves.toEqual(updated);
      await expect(store.findByAivenPeeringId(randomUUID())).resolves.toBeUndefined();
    });

    test('findOpenBySpecKey returns only the open record', async () => {
      const { record } = await store.insertPeering(makeRecord());
      await expect(store.findOpenBySpecKey(specKey(record.spec))).resolves.toEqual(record);
      await expect(store.findOpenBySpecKey(specKey(makeSpec()))).resolves.toBeUndefined();
      await store.updatePeering(record.id, 1, { state: 'DELETED' });
      await expect(store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();
    });

    test('listOpenPeerings lists open records and drops closed ones', async () => {
      const { record: open } = await store.insertPeering(makeRecord({ state: 'ACTIVE' }));
      const { record: closing } = await store.insertPeering(makeRecord());
      const { record: closed } = await store.insertPeering(makeRecord({ state: 'DELETED' }));
      await store.updatePeering(closing.id, 1, { state: 'CREATE_FAILED' });
      const ids = (await store.listOpenPeerings()).map((r) => r.id);
      expect(ids).toContain(open.id);
      expect(ids).not.toContain(closing.id);
      expect(ids).not.toContain(closed.id);
    });

    test('listOpenPeerings keeps an ended record while its announcements are pending; its spec is free', async () => {
      const { record } = await store.insertPeering(makeRecord({ state: 'ACTIVE' }));
      const change = {
        key: `${record.id}:DELETED:gone`,
        previous: 'ACTIVE' as const,
        state: 'DELETED' as const,
      };
      const ended = await store.updatePeering(record.id, 1, { state: 'DELETED', pendingChanges: [change] });
      expect((await store.listOpenPeerings()).map((r) => r.id)).toContain(record.id);
      await expect(store.findOpenBySpecKey(specKey(record.spec))).resolves.toBeUndefined();
      const { record: next } = await store.insertPeering(makeRecord({ spec: record.spec }));
      await expect(store.findOpenBySpecKey(specKey(record.spec))).resolves.toMatchObject({ id: next.id });

      await store.updatePeering(record.id, ended.version, { pendingChanges: [] });
      expect((await store.listOpenPeerings()).map((r) => r.id)).not.toContain(record.id);
    });

    test('finds a peering by its VPC and pcx ids in any case, after it ended, and keeps the pcx id', async () => {
      const pcx = `pcx-${randomUUID().replace(/-/g, '').slice(0, 17)}`;
      const { record } = await store.insertPeering(makeRecord({ aivenPeeringId: randomUUID() }));
      const pending = await store.updatePeering(record.id, record.version, {
        state: 'PENDING_PEER',
        stateInfo: { type: 'pending-peer', message: 'waiting', awsPeeringConnectionId: pcx },
      });
      // Aiven no longer names the connection once the peering is gone.
      const deleted = await store.updatePeering(record.id, pending.version, {
        state: 'DELETED',
        stateInfo: { type: 'vpc-peer', message: 'Aiven no longer lists this peering' },
      });
      expect(deleted.stateInfo?.awsPeeringConnectionId).toBe(pcx);
      expect(deleted.endedAt).toBe(clock.now().toISOString());
      const ids = async (awsId: string) => (await store.findPeeringsByAwsId(awsId)).map((r) => r.id);
      await expect(ids(pcx)).resolves.toEqual([record.id]);
      await expect(ids(pcx.toUpperCase().replace('PCX-', 'pcx-'))).resolves.toEqual([record.id]);
      await expect(ids(record.spec.awsVpcId)).resolves.toEqual([record.id]);
      // A second peering of the same VPC is found by it too, oldest first.
      clock.advanceSeconds(60);
      const { record: again } = await store.insertPeering(
        makeRecord({ spec: record.spec, createdAt: clock.now().toISOString() }),
      );
      await expect(ids(record.spec.awsVpcId)).resolves.toEqual([record.id, again.id]);
      await expect(ids('pcx-00000000000000000')).resolves.toEqual([]);
    });

    test("an attachment's share: the intent and then the ARN, each a conditional write; found by its Transit Gateway", async () => {
      const tgw = `tgw-${randomUUID().replace(/-/g, '').slice(0, 17)}`;
      const { record } = await store.insertPeering(
        makeRecord({ spec: makeSpec({ awsVpcId: tgw, extraCidrs: ['10.1.0.0/16'] }) }),
      );
      const intent = {
        transitGatewayId: tgw,
        principal: '675999398324',
        action: 'created' as const,
        status: 'intended' as const,
      };
      const intended = await store.updatePeering(record.id, record.version, { transitGatewayShare: intent });
      await expect(store.getPeering(record.id)).resolves.toEqual(intended);
      // A second writer from the same version (a redelivery racing this one) loses.
      await expect(
        store.updatePeering(record.id, record.version, {
          transitGatewayShare: { ...intent, action: 'already-shared', status: 'done' },
        }),
      ).rejects.toBeInstanceOf(StaleRecordError);
      const arn = 'arn:aws:ram:eu-west-1:111122223333:resource-share/5ef2b8a4-0000-4000-8000-000000000001';
      const done = await store.updatePeering(record.id, intended.version, {
        transitGatewayShare: { ...intent, status: 'done', arn },
      });
      const removed = await store.updatePeering(record.id, done.version, {
        state: 'DELETING',
        transitGatewayShare: { ...intent, status: 'done', arn, removal: { outcome: 'share-deleted', arn } },
      });
      const found = await store.findPeeringsByAwsId(tgw);
      expect(found).toEqual([removed]);
      expect(found[0]?.transitGatewayShare).toEqual({
        ...intent,
        status: 'done',
        arn,
        removal: { outcome: 'share-deleted', arn },
      });
    });

    test('lists peerings that ended since a time, newest first; reopening takes one off', async () => {
      const ended = async () => {
        const { record } = await store.insertPeering(makeRecord());
        return store.updatePeering(record.id, record.version, { state: 'DELETED' });
      };
      const old = await ended();
      clock.advanceSeconds(3 * 24 * 3600);
      const since = clock.now();
      const first = await ended();
      clock.advanceSeconds(3600);
      const second = await ended();
      const { record: open } = await store.insertPeering(makeRecord());
      const listed = async () =>
        (await store.listEndedPeerings(since))
          .map((r) => r.id)
          .filter((id) => [old.id, first.id, second.id, open.id].includes(id));
      await expect(listed()).resolves.toEqual([second.id, first.id]);
      expect(first.endedAt).toBe(since.toISOString());
      // Later updates of an ended record keep when it ended.
      const touched = await store.updatePeering(first.id, first.version, { pendingChanges: [] });
      expect(touched.endedAt).toBe(first.endedAt);
      await store.updatePeering(second.id, second.version, { state: 'ACTIVE' });
      await expect(listed()).resolves.toEqual([first.id]);
      await expect(store.getPeering(second.id)).resolves.not.toHaveProperty('endedAt');
    });
  });
}
