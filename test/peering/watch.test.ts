// The fast watch: one peering checked every few seconds after someone acted on it.
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { WATCH_DURATION_MS, WATCH_INTERVAL_SECONDS } from '../../src/peering/watch';
import { SANDBOX_TIMINGS } from '../../src/sandbox/aiven-sandbox';
import { type ProgressHarness, startProgressHarness, textOf } from '../support/progress';

describe('watch-peering job', () => {
  let h: ProgressHarness;
  beforeEach(async () => {
    h = await startProgressHarness(async (clock) => openSqliteStore({ path: ':memory:', clock }));
  });
  afterEach(async () => {
    await h.stop();
  });

  const lastJob = () => {
    const captured = h.queued.at(-1);
    if (captured?.job.kind !== 'watch-peering') throw new Error('no watch job was queued');
    return { job: captured.job, delaySeconds: captured.options?.delaySeconds };
  };

  it('checks again within 15 s and reports the change in the thread at the next check', async () => {
    const record = await h.track();
    await h.progress.startWatching(record.id);
    const first = lastJob();
    expect(first.job).toMatchObject({ kind: 'watch-peering', peeringId: record.id });
    expect(Date.parse(first.job.until) - h.clock.now().getTime()).toBe(WATCH_DURATION_MS);
    expect(first.delaySeconds).toBe(WATCH_INTERVAL_SECONDS);
    expect(WATCH_INTERVAL_SECONDS).toBeLessThanOrEqual(15);

    // Aiven moves to PENDING_PEER 5 s after creation; the first check, 12 s in, reports it.
    expect(SANDBOX_TIMINGS.approvedMs).toBeLessThan(WATCH_INTERVAL_SECONDS * 1000);
    h.advance(WATCH_INTERVAL_SECONDS * 1000);
    await h.progress.watchPeering.run(first.job);
    expect(h.replies()).toHaveLength(1);
    expect(textOf(h.replies()[0])).toContain('*Approved* → *Waiting for AWS*');
    expect(h.rootUpdates()).toHaveLength(1);
    const second = lastJob();
    expect(second.job.id).not.toBe(first.job.id);
    expect(second.delaySeconds).toBe(WATCH_INTERVAL_SECONDS);

    h.advance(SANDBOX_TIMINGS.pendingPeerMs);
    await h.progress.watchPeering.run(second.job);
    expect(h.replies()).toHaveLength(2);
    expect(textOf(h.replies()[1])).toContain('*Waiting for AWS* → *Active*');
    // Only the watched VPC is read: one get per check, no list.
    const reads = h.aiven.requests.filter((r) => r.method === 'GET');
    expect(reads.every((r) => r.path.endsWith(`/vpcs/${record.spec.orgVpcId}`))).toBe(true);

    // The minute poll seeing the same change announces nothing again.
    await h.progress.reconcile.run();
    expect(h.replies()).toHaveLength(2);
  });

  it('a duplicate delivery does nothing, and the watch stops at its end time or when the peering ends', async () => {
    const record = await h.track();
    await h.progress.startWatching(record.id);
    const { job } = lastJob();
    await h.progress.watchPeering.run(job);
    const queued = h.queued.length;
    await h.progress.watchPeering.run(job);
    expect(h.queued).toHaveLength(queued);

    const late = { ...job, id: `${job.id}-late`, until: h.clock.now().toISOString() };
    await h.progress.watchPeering.run(late);
    expect(h.queued).toHaveLength(queued);

    h.aiven.setPeeringState(record.aivenPeeringId as string, 'REJECTED_BY_PEER');
    await h.progress.watchPeering.run({ ...job, id: `${job.id}-ends` });
    expect(textOf(h.replies()[0])).toContain('*Approved* → *Rejected in AWS*');
    expect(h.queued).toHaveLength(queued);
  });

  it('an ended peering whose announcement failed is announced at the next check, once, and the watch stops', async () => {
    const record = await h.track();
    await h.progress.startWatching(record.id);
    h.aiven.setPeeringState(record.aivenPeeringId as string, 'REJECTED_BY_PEER');
    h.slack.failNext('chat.postMessage', 'ratelimited');
    h.advance(WATCH_INTERVAL_SECONDS * 1000);
    await h.progress.watchPeering.run(lastJob().job);
    const posted = () => h.replies().filter((c) => c.response?.ok === true);
    expect(posted()).toHaveLength(0);
    const queued = h.queued.length;

    h.advance(WATCH_INTERVAL_SECONDS * 1000);
    await h.progress.watchPeering.run(lastJob().job);
    expect(posted().map(textOf)).toEqual([expect.stringContaining('*Approved* → *Rejected in AWS*')]);
    expect(h.queued).toHaveLength(queued);
    await h.progress.reconcile.run();
    expect(posted()).toHaveLength(1);
  });

  it('the watch and the minute poll seeing the same change at the same time announce it once', async () => {
    await h.progress.reconcile.run();
    const record = await h.track();
    await h.progress.startWatching(record.id);
    h.advance(SANDBOX_TIMINGS.approvedMs);
    await Promise.all([h.progress.watchPeering.run(lastJob().job), h.progress.reconcile.run()]);
    await h.progress.reconcile.run();
    expect(h.replies()).toHaveLength(1);
    expect(h.rootUpdates()).toHaveLength(1);
  });

  it('an Aiven error is not a change: the watch carries on', async () => {
    const record = await h.track();
    await h.progress.startWatching(record.id);
    h.aiven.failNext({ method: 'GET', status: 500, times: 2 });
    await h.progress.watchPeering.run(lastJob().job);
    expect(h.replies()).toHaveLength(0);
    expect(h.queued).toHaveLength(2);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ state: 'APPROVED' });
  });
});
