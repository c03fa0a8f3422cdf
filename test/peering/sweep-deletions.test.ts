// The sweep finds approved deletions whose delete job never ran (or died with its process) without
// reading every open peering's history: the store lists the approved deletions still to resume. Run on
// both stores; the store calls of one poll are counted, and must not grow with the open peerings.
import type { Store } from '../../src/adapters/store/roles';
import { makeLogger } from '../../src/logger';
import type { DeletionRequest } from '../../src/peering/deletion';
import type { Job, JobQueue } from '../../src/peering/ports';
import { makeSweep, STUCK_AFTER_MS } from '../../src/peering/sweep';
import { ManualClock, makeDeletionRequest, makeRecord } from '../adapters/store-contract-support';
import { bothStores } from '../support/both-stores';

const STORES = bothStores('vpc-peer-sweep-deletions');

/** The store, with every call counted by method name. */
function counting(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store: counted, calls };
}

describe.each(STORES)('the sweep and approved deletions (%s)', (_name, makeStore) => {
  let store: Store;
  let clock: ManualClock;
  let queued: Job[];

  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-07-01T12:00:00.000Z'));
    store = await makeStore(clock);
    queued = [];
  });
  afterEach(async () => {
    await store.close?.();
  });

  function sweepWith(target: Store) {
    const queue: JobQueue = {
      async enqueue(job) {
        queued.push(job);
      },
    };
    return makeSweep({
      store: target,
      queue,
      clock,
      logger: makeLogger({ level: 'silent' }),
      createWindowMs: 60_000,
      endAcceptRun: async () => undefined,
    });
  }

  async function activePeering(n: number) {
    return (
      await store.insertPeering(
        makeRecord({ state: 'ACTIVE', aivenPeeringId: `aiven-${n}-${Math.random().toString(36).slice(2)}` }),
      )
    ).record;
  }

  /** A deletion request of `peeringId`, approved now (its delete job is queued by the approval). */
  async function approvedDeletion(peeringId: string): Promise<DeletionRequest> {
    const request = makeDeletionRequest({
      peeringId,
      requestedAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 3600_000).toISOString(),
    });
    const at = clock.now().toISOString();
    await store.openDeletionRequest(request, {
      peeringId,
      action: 'deletion-requested',
      actor: 'U0ALICE',
      at,
      requestId: request.id,
    });
    const { request: approved } = await store.decideDeletionRequest(request.id, 'approved', {
      peeringId,
      action: 'deletion-approved',
      actor: 'U0BOB',
      at,
      requestId: request.id,
    });
    return approved;
  }

  it('resumes an approved deletion whose job died, once, and leaves the others alone', async () => {
    const lost = await activePeering(1);
    const deleting = await activePeering(2);
    const failed = await activePeering(3);
    for (let n = 4; n < 8; n++) await activePeering(n);
    const lostRequest = await approvedDeletion(lost.id);
    // Its delete job went through: the record says DELETING.
    await approvedDeletion(deleting.id);
    await store.updatePeering(deleting.id, deleting.version, { state: 'DELETING' });
    // Its delete failed and was told with Retry: nothing to resume until someone retries.
    const failedRequest = await approvedDeletion(failed.id);
    await store.updateDeletionRequest(failedRequest.id, failedRequest.version, { failure: 'Aiven said no' });

    const sweep = sweepWith(store);
    // Within the job's fair chance: nothing.
    await expect(sweep.run()).resolves.toEqual({ resumed: 0 });
    clock.advanceSeconds(STUCK_AFTER_MS / 1000 + 1);
    const [a, b] = await Promise.all([sweep.run(), sweep.run()]);
    expect(a.resumed + b.resumed).toBe(1);
    expect(queued).toEqual([
      expect.objectContaining({ kind: 'delete-peering', requestId: lostRequest.id, attempt: 1 }),
    ]);
    await expect(sweep.run()).resolves.toEqual({ resumed: 0 });
    // The deletion that went through is settled: later polls no longer list it.
    expect((await store.listApprovedDeletionRequests()).map((r) => r.id)).toEqual([lostRequest.id]);
  });

  it('resumes the attempt a Retry started when its job dies too', async () => {
    const record = await activePeering(1);
    const request = await approvedDeletion(record.id);
    const failed = await store.updateDeletionRequest(request.id, request.version, {
      failure: 'Aiven said no',
    });
    clock.advanceSeconds(3600);
    // What retryDeletion writes: the next attempt, the failure cleared, when it started.
    await store.updateDeletionRequest(failed.id, failed.version, {
      attempt: 2,
      failure: undefined,
      retriedAt: clock.now().toISOString(),
    });
    const sweep = sweepWith(store);
    // The Retry's job has its fair chance (the approval is an hour old, the Retry is not).
    await expect(sweep.run()).resolves.toEqual({ resumed: 0 });
    clock.advanceSeconds(STUCK_AFTER_MS / 1000 + 1);
    await expect(sweep.run()).resolves.toEqual({ resumed: 1 });
    expect(queued).toEqual([expect.objectContaining({ requestId: request.id, attempt: 2 })]);
  });

  it('reads no audit trail, and its store calls do not grow with the open peerings', async () => {
    const callsFor = async (peerings: number) => {
      for (let n = 0; n < peerings; n++) await activePeering(n);
      const { store: counted, calls } = counting(store);
      await sweepWith(counted).run();
      return calls;
    };
    const few = await callsFor(2);
    const total = (calls: Map<string, number>) => [...calls.values()].reduce((sum, n) => sum + n, 0);
    const fewTotal = total(few);
    const many = await callsFor(40); // 42 open peerings now
    // Before: one listAuditEvents per open peering (4 calls for 2 open peerings, 44 for 42). Now three
    // listings, whatever the number of open peerings.
    expect(Object.fromEntries(many)).toEqual({
      listOpenPeerings: 1,
      listDueDeletionRequests: 1,
      listApprovedDeletionRequests: 1,
    });
    expect(many.get('listAuditEvents') ?? 0).toBe(0);
    expect(total(many)).toBe(fewTotal);
  });
});
