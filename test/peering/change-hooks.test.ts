import { ACCEPT_HOOK_NAME } from '../../src/container/progress';
import { HOOK_LEASE_SECONDS } from '../../src/peering/announce';
import type { PeeringRecord } from '../../src/peering/model';
import type { PeeringChange, PeeringChangeHook } from '../../src/peering/reconcile';
import { SANDBOX_TIMINGS } from '../../src/sandbox/aiven-sandbox';
import { bothStores } from '../support/both-stores';
import { type ProgressHarness, startProgressHarness } from '../support/progress';

const STORES = bothStores('vpc-peer-hooks');

/** A hook that records each call as `<name>:<previous>-><state>` and fails while `failures` lasts. */
function recorder(name: string, calls: string[], failures = 0): PeeringChangeHook {
  let left = failures;
  return async ({ record, previous }: PeeringChange) => {
    calls.push(`${name}:${previous}->${record.state}`);
    if (left-- > 0) throw new Error(`${name}: queue unavailable`);
  };
}

describe.each(STORES)('peering change hooks (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  afterEach(async () => {
    await h.stop();
  });

  /** A peering that moved APPROVED -> PENDING_PEER, recorded and announced by one run. */
  async function changed(): Promise<PeeringRecord> {
    const record = await h.track();
    h.advance(SANDBOX_TIMINGS.approvedMs);
    await run();
    return record;
  }

  it('a hook registered after another keeps its retries: the retry reaches the hook it is for', async () => {
    const calls: string[] = [];
    h = await startProgressHarness(makeStore, {
      hooks: { [ACCEPT_HOOK_NAME]: recorder('accept', calls, 1) },
    });
    await run();
    const record = await changed();
    expect(calls).toEqual(['accept:APPROVED->PENDING_PEER']);

    // The upgrade registers a new hook ahead of it: by position the retry would have gone to "audit".
    h.rewire({ audit: recorder('audit', calls), [ACCEPT_HOOK_NAME]: recorder('accept', calls) });
    await run();
    await run();
    expect(calls.filter((c) => c.startsWith('accept:'))).toEqual([
      'accept:APPROVED->PENDING_PEER',
      'accept:APPROVED->PENDING_PEER',
    ]);
    expect(calls.filter((c) => c.startsWith('audit:'))).toHaveLength(1);
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
  });

  it('a change stored with the old `hooksLeft` indexes runs the hook those indexes named, once', async () => {
    const calls: string[] = [];
    h = await startProgressHarness(makeStore, {
      hooks: { [ACCEPT_HOOK_NAME]: recorder('accept', calls, 1) },
    });
    await run();
    const record = await changed();
    // What the version before hook names left behind: "hook 0 (Accept in AWS) failed once".
    const stored = (await h.store.getPeering(record.id)) as PeeringRecord;
    const [change] = stored.pendingChanges ?? [];
    if (!change) throw new Error('the failed hook should have kept the change');
    const { hooks: _named, ...old } = change;
    await h.store.updatePeering(stored.id, stored.version, {
      pendingChanges: [{ ...old, hooksLeft: [0], hookAttempt: 1 }],
    });

    h.rewire({ audit: recorder('audit', calls), [ACCEPT_HOOK_NAME]: recorder('accept', calls) });
    await run();
    await run();
    expect(calls).toEqual(['accept:APPROVED->PENDING_PEER', 'accept:APPROVED->PENDING_PEER']);
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
  });

  it('a hook that throws runs again on the next run, and never again once it succeeded', async () => {
    const calls: string[] = [];
    h = await startProgressHarness(makeStore, {
      hooks: { first: recorder('first', calls), flaky: recorder('flaky', calls, 2) },
    });
    await run();
    await changed();
    await run();
    await run();
    await run();
    expect(calls.filter((c) => c.startsWith('flaky:'))).toHaveLength(3);
    expect(calls.filter((c) => c.startsWith('first:'))).toHaveLength(1);
  });

  it('a hook lost half way (its run died) runs again after its lease, and only once when it succeeds', async () => {
    const calls: string[] = [];
    let loseIt: ((error: Error) => void) | undefined;
    h = await startProgressHarness(makeStore, {
      hooks: {
        [ACCEPT_HOOK_NAME]: async (change) => {
          calls.push(`accept:${change.previous}->${change.record.state}`);
          // The first call never returns: the run that made it is as good as dead.
          if (calls.length === 1) await new Promise<void>((_resolve, reject) => (loseIt = reject));
        },
      },
    });
    await run();
    const record = await h.track();
    h.advance(SANDBOX_TIMINGS.approvedMs);
    const dead = run();
    while (!loseIt) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.replies()).toHaveLength(1);

    await run(); // the lease is held: not run twice at once
    expect(calls).toHaveLength(1);
    h.clock.advanceSeconds(HOOK_LEASE_SECONDS + 1);
    await run(); // the lease ran out: the hook runs again, and finishes
    expect(calls).toEqual(['accept:APPROVED->PENDING_PEER', 'accept:APPROVED->PENDING_PEER']);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });

    loseIt?.(new Error('the process was killed'));
    await dead;
    h.clock.advanceSeconds(HOOK_LEASE_SECONDS + 1);
    await run();
    await run();
    expect(calls).toHaveLength(2);
    expect(h.replies()).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
  });
});
