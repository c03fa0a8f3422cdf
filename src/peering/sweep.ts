// The sweeper, run in every poll: work that should be moving and is not (its job was lost with a
// process, an SQS send that never happened, a final failure that could not be told) is queued again
// (every job is idempotent) or closed with a failure and Retry. Each stuck item is claimed with a
// conditional write first, so overlapping polls act on it once, and every resumption is logged.
import type { Logger } from '../logger';
import type { ApplyAcceptJob } from './accept/accept-peering';
import type { DeletionRequest } from './deletion';
import { StaleDeletionRequestError } from './errors';
import { createPeeringJob, deletePeeringJob, showDeletionRequestJob } from './job-ids';
import { isOpen, type PeeringRecord } from './model';
import type { ClaimStore, Clock, DeletionRequestStore, Job, JobQueue, PeeringRecordStore } from './ports';

/** Work idle this long counts as stuck (and the local queue must hold no job for it). */
export const STUCK_AFTER_MS = 2 * 60_000;
/** An accept run holds its round this long before the sweeper ends it with Retry. */
export const ACCEPT_LEASE_MS = 15 * 60_000;
/** After acting on an item, the sweeper leaves it alone this long (its job gets a fair chance). */
const CLAIM_TTL_SECONDS = 10 * 60;
/** listDueDeletionRequests up to this date lists every open request. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

export interface SweepDeps {
  store: PeeringRecordStore & DeletionRequestStore & ClaimStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Whether a job with this id is waiting or running; absent where the queue cannot tell (SQS). */
  isQueued?: (jobId: string) => Promise<boolean>;
  /** How long a create POST may be in flight: a REQUESTED record is never stuck before that. */
  createWindowMs: number;
  /** Ends an accept run whose job is gone: marked partial, the thread gets Retry. */
  endAcceptRun(job: ApplyAcceptJob, error: Error): Promise<void>;
}

export interface SweepResult {
  resumed: number;
}

export function makeSweep(deps: SweepDeps) {
  const { store, queue, clock } = deps;
  const log = deps.logger.child({ task: 'sweep' });

  const idleFor = (since: string | undefined) =>
    since === undefined ? 0 : clock.now().getTime() - Date.parse(since);
  const queued = async (jobId: string) => (await deps.isQueued?.(jobId)) ?? false;

  /** Claims `key` and queues `job`; true when this sweep did it. */
  async function resume(key: string, job: Job, what: string, context: object): Promise<boolean> {
    if (await queued(job.id)) return false;
    if (!(await store.claimOnce(`sweep:${key}`, CLAIM_TTL_SECONDS))) return false;
    await queue.enqueue(job);
    log.warn({ ...context, jobKind: job.kind, jobId: job.id }, `sweep resumed ${what}`);
    return true;
  }

  async function sweepRecord(record: PeeringRecord): Promise<boolean> {
    const context = { peeringId: record.id, state: record.state };
    const createJob: Job = createPeeringJob(record.id);
    if (record.untoldCreateOutcome && idleFor(record.updatedAt) >= STUCK_AFTER_MS) {
      // The create job tells an untold outcome first (looked up in Slack, so never posted twice).
      return resume(`told:${record.id}:${record.version}`, createJob, 'an untold create outcome', context);
    }
    if (record.state === 'REQUESTED') {
      const since = [record.updatedAt, record.createStartedAt].filter(Boolean).sort().at(-1);
      if (idleFor(since) < Math.max(STUCK_AFTER_MS, deps.createWindowMs)) return false;
      // The job looks in Aiven first: a peering an earlier run created is linked, not made again.
      return resume(
        `create:${record.id}:${record.version}`,
        createJob,
        'a request stuck in REQUESTED',
        context,
      );
    }
    const accept = record.accept;
    if (accept?.status === 'applying' && accept.runJobId && idleFor(accept.decidedAt) >= ACCEPT_LEASE_MS) {
      if (await queued(accept.runJobId)) return false;
      await deps.endAcceptRun(
        {
          id: accept.runJobId,
          peeringId: record.id,
          round: accept.round,
          mode: accept.lastMode ?? 'apply',
          userId: accept.decidedBy ?? 'unknown',
        },
        new Error('the accept run stopped before it finished (its process ended)'),
      );
      log.warn({ ...context, jobId: accept.runJobId }, 'sweep ended a dead accept run with Retry');
      return true;
    }
    return false;
  }

  /**
   * An approved deletion whose job never ran (or died with its process): its delete job again. The
   * store lists the approved deletions not yet settled (no history is read); one whose peering is
   * deleting or has ended went through, and is settled so that later polls no longer list it.
   */
  async function sweepApprovedDeletion(
    request: DeletionRequest,
    listed: PeeringRecord | undefined,
  ): Promise<boolean> {
    if (request.status !== 'approved' || request.failure) return false;
    // Not among the open records: ended, or not in the (eventually consistent) index yet; a read decides.
    const record = listed ?? (await store.getPeering(request.peeringId));
    if (!record) return false;
    // Open and not yet deleting: an ended record's delete job has nothing left to change.
    if (!isOpen(record.state) || record.state === 'DELETING') {
      await settle(request);
      return false;
    }
    if (!record.aivenPeeringId) return false;
    if (idleFor(request.retriedAt ?? request.decidedAt) < STUCK_AFTER_MS) return false;
    const job: Job = deletePeeringJob(request.id, request.attempt);
    return resume(`delete:${request.id}:${request.attempt}`, job, 'an approved deletion', {
      peeringId: record.id,
      requestId: request.id,
    });
  }

  /** Takes a deletion that went through off the list (a conditional write: a Retry meanwhile wins). */
  async function settle(request: DeletionRequest): Promise<void> {
    try {
      await store.updateDeletionRequest(request.id, request.version, {
        settledAt: clock.now().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof StaleDeletionRequestError)) throw error;
    }
  }

  /** A deletion request whose message was never posted: nobody could approve it. */
  async function sweepUnpostedRequest(request: DeletionRequest): Promise<boolean> {
    if (request.message || idleFor(request.requestedAt) < STUCK_AFTER_MS) return false;
    const job: Job = showDeletionRequestJob(request.id, 'open');
    return resume(`show:${request.id}`, job, 'a deletion request never posted', { requestId: request.id });
  }

  return {
    async run(): Promise<SweepResult> {
      const [records, openRequests, approved] = await Promise.all([
        store.listOpenPeerings(),
        store.listDueDeletionRequests(END_OF_TIME),
        store.listApprovedDeletionRequests(),
      ]);
      const byId = new Map(records.map((record) => [record.id, record]));
      let resumed = 0;
      // One stuck item failing must not keep the others stuck.
      const attempt = async (what: () => Promise<boolean>, context: object) => {
        try {
          if (await what()) resumed += 1;
        } catch (error) {
          log.error({ ...context, err: error }, 'sweep could not resume this; the next poll tries again');
        }
      };
      for (const record of records) await attempt(() => sweepRecord(record), { peeringId: record.id });
      for (const request of approved)
        await attempt(() => sweepApprovedDeletion(request, byId.get(request.peeringId)), {
          requestId: request.id,
        });
      for (const request of openRequests)
        await attempt(() => sweepUnpostedRequest(request), { requestId: request.id });
      return { resumed };
    },
  };
}
