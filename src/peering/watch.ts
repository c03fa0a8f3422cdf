// The fast watch: after someone acts on a peering (submitted, accepted, asked to delete) the thread
// should move while they look at it, not a minute later. A `watch-peering` job checks that one
// peering (one Aiven get) and re-enqueues itself with a delay until its time is up.
import type { Logger } from '../logger';
import { watchPeeringId } from './job-ids';
import { isOpen, isTracked, type PeeringRecord } from './model';
import type { AivenApi, ClaimStore, Clock, JobQueue, PeeringRecordStore } from './ports';
import type { Reconcile } from './reconcile';

/** Seconds between checks: under 15 s so a change shows up within 15 s. */
export const WATCH_INTERVAL_SECONDS = 12;
/** How long a watch lasts after the action that started it. */
export const WATCH_DURATION_MS = 10 * 60_000;

type WatchJob = { kind: 'watch-peering'; id: string; peeringId: string; until: string };

/** Starts (or extends) the fast watch of a peering; the create and delete jobs call this after acting. */
export async function startWatching(
  deps: { queue: JobQueue; clock: Clock },
  peeringId: string,
  options: { delaySeconds?: number } = {},
): Promise<void> {
  const now = deps.clock.now();
  const job: WatchJob = {
    kind: 'watch-peering',
    id: watchPeeringId(peeringId, now),
    peeringId,
    until: new Date(now.getTime() + WATCH_DURATION_MS).toISOString(),
  };
  await deps.queue.enqueue(job, { delaySeconds: options.delaySeconds ?? WATCH_INTERVAL_SECONDS });
}

export interface WatchDeps {
  aiven: AivenApi;
  store: ClaimStore & PeeringRecordStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  reconcile: Pick<Reconcile, 'step'>;
  intervalSeconds?: number;
}

export function makeWatchPeering(deps: WatchDeps) {
  const interval = deps.intervalSeconds ?? WATCH_INTERVAL_SECONDS;

  async function check(job: WatchJob): Promise<boolean> {
    const record = await deps.store.getPeering(job.peeringId);
    if (!record || !isTracked(record)) return false;
    // Ended, but its announcement failed: one more try now rather than at the next minute poll.
    if (!isOpen(record.state)) return retryAnnouncement(record);
    if (!record.aivenPeeringId) return true; // the create job has not heard back from Aiven yet
    try {
      const details = await deps.aiven.getOrgVpc(record.spec.orgVpcId);
      const observed = details.peerings.find((p) => p.id === record.aivenPeeringId) ?? 'gone';
      await deps.reconcile.step(record, observed);
      // Also while an announcement is still pending (Slack refused it): the next check tries again.
      const after = await deps.store.getPeering(record.id);
      return after !== undefined && isTracked(after);
    } catch (error) {
      // A failed check is not a change: the next tick (or the minute poll) looks again.
      deps.logger.warn({ err: error, peeringId: record.id, jobId: job.id }, 'fast watch check failed');
      return true;
    }
  }

  async function retryAnnouncement(record: PeeringRecord): Promise<boolean> {
    try {
      await deps.reconcile.step(record, undefined);
      const after = await deps.store.getPeering(record.id);
      return after !== undefined && isTracked(after);
    } catch (error) {
      deps.logger.warn(
        { err: error, peeringId: record.id },
        'fast watch: announcement failed; the poll retries',
      );
      return false;
    }
  }

  return {
    async run(job: WatchJob): Promise<void> {
      // Queues deliver at least once: a duplicate delivery must not fork a second chain of checks.
      if (!(await deps.store.claimOnce(`job:${job.id}`, 3600))) return;
      const keepWatching = await check(job);
      const now = deps.clock.now();
      if (!keepWatching || now.getTime() + interval * 1000 > Date.parse(job.until)) return;
      const next: WatchJob = { ...job, id: watchPeeringId(job.peeringId, now) };
      await deps.queue.enqueue(next, { delaySeconds: interval });
    },
    async giveUp(job: WatchJob, error: unknown): Promise<void> {
      // Nobody needs telling: the minute poll reports the same changes a little later.
      deps.logger.warn({ err: error, peeringId: job.peeringId }, 'fast watch stopped; the poll carries on');
    },
  };
}
