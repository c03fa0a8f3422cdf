// The delete job's hooks and its exactly-once claim, on the real SQLite store and the Aiven sandbox.
// Route cleanup (removeRoutes) and the fast watch (afterDelete) are plugged in by the composition root.

import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { makeAiven } from '../../src/container/clients';
import { makeLogger } from '../../src/logger';
import type { CleanupReport } from '../../src/peering/accept/model';
import { makeDeletePeering } from '../../src/peering/delete-peering';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { PeeringRecord } from '../../src/peering/model';
import { type AivenSandbox, SEED_IDS, SEED_PEER, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { describeCleanup } from '../../src/slack/views/deletion-request';
import { ManualClock, makeRecord } from '../adapters/store-contract';
import { makeDeletionRequest } from '../adapters/store-contract-deletion';
import { seededRecord } from '../slack/deletion/helpers';

const botRoute = { routeTableId: 'rtb-11111111', destination: '10.20.0.0/24', target: 'pcx-0a1b2c3d' };
const acceptWith = (routes: (typeof botRoute)[]) => ({
  pcxId: 'pcx-0a1b2c3d',
  status: 'applying' as const,
  round: 1,
  plan: { pcxId: 'pcx-0a1b2c3d', routeTables: [], destinations: [], steps: [], acceptNeeded: false },
  routes,
});
/** Like the real cleanup: removes every route the record says vpc-peer added. */
const removesAll = async (r: PeeringRecord): Promise<CleanupReport> => ({
  removed: r.accept?.routes ?? [],
  skipped: [],
});
const nothing = async (): Promise<CleanupReport> => ({ removed: [], skipped: [] });

describe('delete-peering job', () => {
  let aiven: AivenSandbox;
  let store: Store;
  let record: PeeringRecord;
  let request: DeletionRequest;
  const said: string[] = [];
  const calls: string[] = [];
  const told = new Set<string>();

  beforeEach(async () => {
    said.length = 0;
    calls.length = 0;
    told.clear();
    aiven = await startAivenSandbox({ token: 'sandbox-token' });
    store = openSqliteStore({ path: ':memory:' });
    // The seeded ACTIVE peering, as if vpc-peer had created it.
    ({ record } = await store.insertPeering(seededRecord()));
    const open = makeDeletionRequest({ peeringId: record.id });
    await store.openDeletionRequest(open, {
      peeringId: record.id,
      action: 'deletion-requested',
      actor: open.requestedBy,
      at: open.requestedAt,
    });
    ({ request } = await store.decideDeletionRequest(open.id, 'approved', {
      peeringId: record.id,
      action: 'deletion-approved',
      actor: 'U0BOB',
      at: open.requestedAt,
    }));
  });
  afterEach(async () => {
    await store.close?.();
    await aiven.close();
  });

  function makeJob(
    removeRoutes: (r: PeeringRecord) => Promise<CleanupReport>,
    /** Runs while Aiven takes the DELETE: what others do to the record meanwhile. */
    meanwhile?: () => Promise<void>,
  ) {
    const logger = makeLogger({ level: 'silent' });
    const api = makeAiven(
      {
        mode: 'api',
        apiUrl: aiven.url,
        token: 'sandbox-token',
        organizationId: aiven.organizationId,
        timeoutMs: 1000,
      },
      logger,
    );
    return makeDeletePeering({
      aiven: {
        ...api,
        deletePeering: async (orgVpcId, peeringId) => {
          await api.deletePeering(orgVpcId, peeringId);
          await meanwhile?.();
        },
      },
      store,
      notifier: {
        // Like the Slack notifier (postOnce per request attempt): asked again, it tells nobody twice.
        deleting: async (r, q) => {
          if (told.has(`${q.id}:${q.attempt}`)) return;
          told.add(`${q.id}:${q.attempt}`);
          said.push(`deleting ${r.state}`, ...(r.accept?.cleanup ? describeCleanup(r.accept.cleanup) : []));
        },
        deleteFailed: async (_r, _q, reason) => void said.push(`failed: ${reason}`),
      },
      rootNotifier: { updateRoot: async (r) => void said.push(`root ${r.state}`) },
      clock: new ManualClock(),
      logger,
      removeRoutes,
      afterDelete: async (r) => void calls.push(`watch ${r.id}`),
    });
  }

  const aivenDeletes = () => aiven.requests.filter((r) => r.method === 'DELETE');
  const job = () => ({ id: `delete-peering:${request.id}:1`, requestId: request.id, attempt: 1 });

  it('deletes in Aiven, removes the routes once, then watches; a redelivery does nothing', async () => {
    record = await store.updatePeering(record.id, record.version, { accept: acceptWith([botRoute]) });
    const deletePeering = makeJob(async (r) => {
      calls.push(`routes ${r.spec.awsVpcId}`);
      return removesAll(r);
    });
    await deletePeering.run(job());
    await deletePeering.run(job());
    expect(aivenDeletes()).toHaveLength(1);
    expect(calls).toEqual([`routes ${SEED_PEER.awsVpcId}`, `watch ${record.id}`]);
    expect(said).toEqual([
      'deleting DELETING',
      'Removed the route 10.20.0.0/24 → pcx-0a1b2c3d in rtb-11111111.',
      'root DELETING',
    ]);
    expect(aiven.peerings().find((p) => p.peering_connection_id === SEED_IDS.prodEuPeering)?.state).not.toBe(
      'ACTIVE',
    );
  });

  it('a peering handed over to Terraform after the approval: nothing deleted in Aiven, no route removed, told why', async () => {
    const current = (await store.getPeering(record.id)) as PeeringRecord;
    await store.updatePeering(record.id, current.version, {
      terraform: { handedOverBy: 'U0CAROL', handedOverAt: '2026-07-01T12:00:00.000Z' },
    });
    const deletePeering = makeJob(async (r) => {
      calls.push(`routes ${r.spec.awsVpcId}`);
      return nothing();
    });
    await deletePeering.run(job());
    expect(aivenDeletes()).toHaveLength(0);
    expect(calls).toEqual([]);
    expect(said).toEqual([
      'failed: This peering is managed by Terraform: change it there. vpc-peer only reports its state.',
    ]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({ state: 'ACTIVE' });
  });

  it('a route cleanup failure is reported like an Aiven one, and the record is not marked DELETING', async () => {
    const deletePeering = makeJob(async () => {
      throw new Error('AccessDenied');
    });
    await deletePeering.run(job());
    expect(said).toEqual(['failed: an internal error stopped it (details are in the log)']);
    expect(calls).toEqual([]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({ state: 'ACTIVE' });
    await expect(store.getDeletionRequest(request.id)).resolves.toMatchObject({
      failure: 'an internal error stopped it (details are in the log)',
    });
  });

  it('a failure after Aiven deleted it (store down) is finished by the redelivery, telling once', async () => {
    const deletePeering = makeJob(async (r) => {
      calls.push(`routes ${r.spec.awsVpcId}`);
      return nothing();
    });
    // The record cannot be written once: the job fails after Aiven took the DELETE.
    const updatePeering = store.updatePeering.bind(store);
    let failOnce = true;
    store.updatePeering = async (...args) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('store unavailable');
      }
      return updatePeering(...args);
    };
    await expect(deletePeering.run(job())).rejects.toThrow('store unavailable');
    expect(said).toEqual([]);
    // The queue redelivers: Aiven's DELETE is repeated harmlessly, then the thread and root hear it once.
    await deletePeering.run(job());
    await deletePeering.run(job());
    expect(aivenDeletes()).toHaveLength(2);
    expect(said).toEqual(['deleting DELETING', 'root DELETING']);
    expect(calls.filter((c) => c.startsWith('watch'))).toEqual([`watch ${record.id}`]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETING' });
    const started = (await store.listAuditEvents(record.id)).filter((e) => e.action === 'deletion-started');
    expect(started).toHaveLength(1);
  });

  it('leaves a record that closed meanwhile closed (a newer request has the VPCs), and tells the thread', async () => {
    // Nobody accepted in AWS in time: the request expired, and someone asked again for the same VPCs.
    const expired = await store.updatePeering(record.id, record.version, { state: 'EXPIRED' });
    const { record: newer } = await store.insertPeering(
      makeRecord({ spec: record.spec, state: 'REQUESTED' }),
    );
    const deletePeering = makeJob(nothing);
    await deletePeering.run(job());
    expect(aivenDeletes().map((r) => r.path)).toEqual([
      `/organization/${aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${SEED_IDS.prodEuPeering}`,
    ]);
    await expect(store.getPeering(record.id)).resolves.toMatchObject({
      state: 'EXPIRED',
      version: expired.version,
    });
    await expect(store.getPeering(newer.id)).resolves.toMatchObject({ state: 'REQUESTED', version: 1 });
    expect(said).toEqual(['deleting EXPIRED', 'root EXPIRED']);
    expect(calls).toEqual([]);
  });

  it('still removes the bot routes of a peering deleted in the Console meanwhile, asking Aiven nothing', async () => {
    await store.updatePeering(record.id, record.version, {
      state: 'DELETED',
      accept: acceptWith([botRoute]),
    });
    const deletePeering = makeJob(async (r) => {
      calls.push(`routes ${r.spec.awsVpcId}`);
      return removesAll(r);
    });
    await deletePeering.run(job());
    expect(aivenDeletes()).toHaveLength(0);
    expect(calls).toEqual([`routes ${SEED_PEER.awsVpcId}`]);
    expect(said).toEqual([
      'deleting DELETED',
      'Removed the route 10.20.0.0/24 → pcx-0a1b2c3d in rtb-11111111.',
      'root DELETED',
    ]);
  });

  it('removes the routes an accept run noted while Aiven was deleting', async () => {
    const deletePeering = makeJob(removesAll, async () => {
      const current = (await store.getPeering(record.id)) as PeeringRecord;
      await store.updatePeering(current.id, current.version, { accept: acceptWith([botRoute]) });
    });
    await deletePeering.run(job());
    expect(said).toEqual([
      'deleting DELETING',
      'Removed the route 10.20.0.0/24 → pcx-0a1b2c3d in rtb-11111111.',
      'root DELETING',
    ]);
    // The record keeps what the cleanup did: the Deleting and Deleted messages say it, not "remove them".
    await expect(store.getPeering(record.id)).resolves.toMatchObject({
      accept: { cleanup: { removed: [botRoute], skipped: [] } },
    });
  });
});
