// The small roles of the store contract, run on every store: the audit trail (AuditTrail), claims
// (ClaimStore), org VPC snapshots (SnapshotStore) and Slack's message intents (MessageIntentStore).
import { randomUUID } from 'node:crypto';
import { type AuditEvent, BOT_ACTOR } from '../../src/peering/deletion';
import type { OrgVpcSnapshot } from '../../src/peering/model';
import type { AuditTrail, ClaimStore, SnapshotStore } from '../../src/peering/ports';
import type { MessageIntentStore } from '../../src/slack/message-intents';
import { type ManualClock, makeRecord, type StoreFactory, useFreshStore } from './store-contract-support';

export function describeAuditTrailContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, audit trail: ${name}`, () => {
    let store: AuditTrail;
    useFreshStore(makeStore, (made) => {
      store = made;
    });

    test('appends and lists audit events per peering, oldest first', async () => {
      const peeringId = randomUUID();
      const at = (s: number) => new Date(Date.parse('2026-07-01T12:00:00.000Z') + s * 1000).toISOString();
      const events: AuditEvent[] = [
        { peeringId, action: 'deletion-started', actor: BOT_ACTOR, at: at(1), requestId: 'r1' },
        { peeringId, action: 'deletion-failed', actor: BOT_ACTOR, at: at(2), detail: 'Aiven said no' },
        { peeringId, action: 'deletion-retried', actor: 'U0BOB', at: at(3), channelId: 'C0PLATFORM' },
      ];
      for (const event of events) await store.appendAuditEvent(event);
      await store.appendAuditEvent({ ...events[0], peeringId: randomUUID() } as AuditEvent);
      await expect(store.listAuditEvents(peeringId)).resolves.toEqual(events);
      await expect(store.listAuditEvents(randomUUID())).resolves.toEqual([]);
    });
  });
}

export function describeClaimStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, claims: ${name}`, () => {
    let clock: ManualClock;
    let store: ClaimStore;
    useFreshStore(makeStore, (made, madeClock) => {
      store = made;
      clock = madeClock;
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
  });
}

export function describeSnapshotStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, snapshots: ${name}`, () => {
    let store: SnapshotStore;
    useFreshStore(makeStore, (made) => {
      store = made;
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
  });
}

export function describeMessageIntentStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract, message intents: ${name}`, () => {
    let store: MessageIntentStore;
    useFreshStore(makeStore, (made) => {
      store = made;
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

    test("a file's intent keeps its file id, whether it was shared, and a refusal", async () => {
      const key = `terraform-file:${randomUUID()}:0123456789abcdef`;
      const claimed = {
        key,
        attempt: 1,
        startedAt: '2026-07-01T12:00:00.000Z',
        channelId: 'C0123ABCD',
        threadTs: '1.2',
      };
      await store.saveMessageIntent(claimed, 0);
      const uploading = { ...claimed, fileId: 'F0000000001' };
      await expect(store.saveMessageIntent(uploading, 1)).resolves.toBe(true);
      await expect(store.getMessageIntent(key)).resolves.toEqual(uploading);
      const shared = { ...uploading, shared: true, ts: '1700000001.000200' };
      await store.saveMessageIntent(shared, 1);
      await expect(store.getMessageIntent(key)).resolves.toEqual(shared);
      const refused = { ...claimed, key: `${key}:b`, fellBack: 'missing_scope' };
      await store.saveMessageIntent(refused, 0);
      await expect(store.getMessageIntent(`${key}:b`)).resolves.toEqual(refused);
    });
  });
}
