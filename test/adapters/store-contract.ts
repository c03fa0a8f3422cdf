import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/adapters/store/roles';
import { DuplicatePeeringError, StaleRecordError } from '../../src/peering/errors';
import type { OrgVpcSnapshot, PeeringRecord, PeeringSpec } from '../../src/peering/model';
import { specKey } from '../../src/peering/model';
import type { Clock } from '../../src/peering/ports';
import { describeApprovalStoreContract } from './store-contract-approvals';
import { describeDeletionStoreContract } from './store-contract-deletion';

/** A clock the test moves by hand, so expiry is tested without waiting. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-07-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export type StoreFactory = (clock: ManualClock) => Promise<Store>;

function makeSpec(overrides: Partial<PeeringSpec> = {}): PeeringSpec {
  return {
    orgVpcId: randomUUID(),
    awsAccountId: '123456789012',
    awsVpcId: `vpc-${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    awsRegion: 'eu-west-1',
    extraCidrs: [],
    ...overrides,
  };
}

function makeRecord(overrides: Partial<PeeringRecord> = {}): PeeringRecord {
  const spec = overrides.spec ?? makeSpec();
  return {
    id: randomUUID(),
    spec,
    orgVpc: {
      id: spec.orgVpcId,
      name: 'prod-vpc',
      cloudName: 'aws-eu-west-1',
      awsRegion: 'eu-west-1',
      cidr: '10.0.0.0/24',
      state: 'ACTIVE',
    },
    state: 'REQUESTED',
    requestedBy: 'U0123ABCD',
    channelId: 'C0123ABCD',
    createdAt: '2026-07-01T12:00:00.000Z',
    updatedAt: '2026-07-01T12:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describeDeletionStoreContract(name, makeStore);
  describeApprovalStoreContract(name, makeStore);
  describe(`PeeringStore contract: ${name}`, () => {
    let clock: ManualClock;
    let store: Store;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await makeStore(clock);
    });
    afterEach(async () => {
      await store.close?.();
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

    test('claimOnce is true the first time only', async () => {
      const key = `event-${randomUUID()}`;
      await expect(store.claimOnce(key, 60)).resolves.toBe(true);
      await expect(store.claimOnce(key, 60)).resolves.toBe(false);
      await expect(store.claimOnce(`event-${randomUUID()}`, 60)).resolves.toBe(true);
    });

    test('of concurrent claims exactly one succeeds', async () => {
      const key = `event-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 5 }, () => store.claimOnce(key, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    test('an expired claim can be claimed again', async () => {
      const key = `event-${randomUUID()}`;
      await expect(store.claimOnce(key, 10)).resolves.toBe(true);
      clock.advanceSeconds(5);
      await expect(store.claimOnce(key, 10)).resolves.toBe(false);
      clock.advanceSeconds(6);
      await expect(store.claimOnce(key, 10)).resolves.toBe(true);
      await expect(store.claimOnce(key, 10)).resolves.toBe(false);
    });

    test('message intents: the first save wins, later ones compare and set the attempt', async () => {
      const key = `root:${randomUUID()}`;
      const first = { key, attempt: 1, startedAt: '2026-07-01T12:00:00.000Z', channelId: 'C0123ABCD' };
      await expect(store.getMessageIntent(key)).resolves.toBeUndefined();
      const racers = await Promise.all([
        store.saveMessageIntent(first, 0),
        store.saveMessageIntent({ ...first, startedAt: '2026-07-01T12:00:01.000Z' }, 0),
      ]);
      expect(racers.filter(Boolean)).toHaveLength(1);
      const stored = await store.getMessageIntent(key);
      const posted = { ...(stored as typeof first), ts: '1700000001.000100' };
      await expect(store.saveMessageIntent(posted, 2)).resolves.toBe(false);
      await expect(store.saveMessageIntent(posted, 1)).resolves.toBe(true);
      await expect(store.getMessageIntent(key)).resolves.toEqual(posted);
      const takeover = { ...posted, attempt: 2 };
      const takers = await Promise.all([
        store.saveMessageIntent(takeover, 1),
        store.saveMessageIntent(takeover, 1),
      ]);
      expect(takers.filter(Boolean)).toHaveLength(1);
    });

    test('a message intent is released only by the attempt that holds it', async () => {
      const key = `reply:${randomUUID()}`;
      const intent = {
        key,
        attempt: 1,
        startedAt: '2026-07-01T12:00:00.000Z',
        channelId: 'C0123ABCD',
        threadTs: '1.2',
      };
      await store.saveMessageIntent(intent, 0);
      await expect(store.releaseMessageIntent(key, 2)).resolves.toBe(false);
      await expect(store.getMessageIntent(key)).resolves.toEqual(intent);
      await expect(store.releaseMessageIntent(key, 1)).resolves.toBe(true);
      await expect(store.getMessageIntent(key)).resolves.toBeUndefined();
      await expect(store.saveMessageIntent(intent, 0)).resolves.toBe(true);
    });

    test('saves and loads snapshots per organization', async () => {
      const snapshot: OrgVpcSnapshot = {
        organizationId: `org${randomUUID().slice(0, 8)}`,
        fetchedAt: '2026-07-01T12:00:00.000Z',
        vpcs: [{ vpc: makeRecord().orgVpc, peerings: [] }],
      };
      await expect(store.loadSnapshot(snapshot.organizationId)).resolves.toBeUndefined();
      await store.saveSnapshot(snapshot);
      await expect(store.loadSnapshot(snapshot.organizationId)).resolves.toEqual(snapshot);
      const newer = { ...snapshot, fetchedAt: '2026-07-01T12:05:00.000Z' };
      await store.saveSnapshot(newer);
      await expect(store.loadSnapshot(snapshot.organizationId)).resolves.toEqual(newer);
      await expect(store.loadSnapshot('orgsomeoneelse')).resolves.toBeUndefined();
    });

    test('keeps the snapshot of a large organization (50 org VPCs x 20 peerings)', async () => {
      const organizationId = `org${randomUUID().slice(0, 8)}`;
      const vpcs = Array.from({ length: 50 }, (_, v) => {
        const orgVpc = { ...makeRecord().orgVpc, id: randomUUID(), name: `org-vpc-${v}` };
        const peerings = Array.from({ length: 20 }, () => ({
          id: randomUUID(),
          orgVpcId: orgVpc.id,
          awsAccountId: '210987654321',
          awsVpcId: `vpc-${randomUUID().replace(/-/g, '').slice(0, 17)}`,
          awsRegion: 'eu-west-1',
          state: 'ACTIVE' as const,
          stateInfo: {
            type: 'active',
            message: `VPC peering connection pcx-${randomUUID().replace(/-/g, '').slice(0, 17)} is active`,
            awsPeeringConnectionId: `pcx-${randomUUID().replace(/-/g, '').slice(0, 17)}`,
          },
          extraCidrs: ['10.50.0.0/16'],
          createTime: '2026-07-01T12:00:00.000Z',
          updateTime: '2026-07-01T12:05:00.000Z',
        }));
        return { vpc: orgVpc, peerings };
      });
      const snapshot: OrgVpcSnapshot = { organizationId, fetchedAt: '2026-07-01T12:06:00.000Z', vpcs };
      // Uncompressed this is more than DynamoDB's 400 KB item limit.
      expect(JSON.stringify(snapshot).length).toBeGreaterThan(400 * 1024);
      await store.saveSnapshot(snapshot);
      await expect(store.loadSnapshot(organizationId)).resolves.toEqual(snapshot);
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

export { makeRecord, makeSpec };
