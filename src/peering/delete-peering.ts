// The delete-peering job: once an approver approved, delete the peering in Aiven, remove the routes
// vpc-peer added, move the record to DELETING and say so in the thread. A failure of Aiven or AWS is
// reported with a Retry for approvers; nothing retries on its own.
//
// Safe to run again at any point: only an approved request's current attempt acts; Aiven's DELETE and
// the route cleanup are idempotent (404 = gone; a route already removed is left alone); once the record
// says DELETING a rerun only finishes telling people, and the telling is claimed (postOnce, claimOnce).
// A record that had ended already (EXPIRED, DELETED...) keeps its state; a rerun for it repeats the
// harmless DELETE and cleanup, and the thread still hears the outcome once.
// So a crash half way, or a store or Slack failure after Aiven deleted it, ends with the queue's
// redelivery finishing the job, or with its last delivery telling the thread, never in silence.
import type { Logger } from '../logger';
import type { CleanupReport } from './accept/model';
import { recordAudit, recordAuditOnce } from './audit';
import { BOT_ACTOR, type DeletionRequest, writeWithRereads } from './deletion';
import { StaleDeletionRequestError, StaleRecordError } from './errors';
import { isManagedByTerraform, isOpen, MANAGED_BY_TERRAFORM, type PeeringRecord } from './model';
import { describeRoutes } from './outcome';
import {
  type AivenApi,
  type AuditTrail,
  type ClaimStore,
  type Clock,
  type DeletionRequestStore,
  isAivenFailure,
  type PeeringNotifier,
  type PeeringRecordStore,
} from './ports';

/** How the delete job tells people what happened. The Slack adapter renders these in the thread. */
export interface DeletionNotifier {
  /** The record carries what happened to vpc-peer's routes (accept.cleanup) for the message to tell. */
  deleting(record: PeeringRecord, request: DeletionRequest): Promise<void>;
  deleteFailed(
    record: PeeringRecord,
    request: DeletionRequest,
    reason: string,
    reference: string,
  ): Promise<void>;
}

export interface DeletePeeringDeps {
  aiven: AivenApi;
  store: PeeringRecordStore & DeletionRequestStore & AuditTrail & ClaimStore;
  notifier: DeletionNotifier;
  /** Rewrites the root message (DELETING). */
  rootNotifier: Pick<PeeringNotifier, 'updateRoot'>;
  clock: Clock;
  logger: Logger;
  /** Removes the routes vpc-peer added in AWS for this peering; reports what it did route by route. */
  removeRoutes?: (record: PeeringRecord) => Promise<CleanupReport>;
  /** Called once the delete went through, e.g. to watch the thread until Aiven reports DELETED. */
  afterDelete?: (record: PeeringRecord) => Promise<void>;
}

type DeleteJob = { id: string; requestId: string; attempt: number };

/** Claims outlive any redelivery of the job. */
const CLAIM_TTL_SECONDS = 30 * 24 * 3600;

export function makeDeletePeering(deps: DeletePeeringDeps) {
  const { store, clock } = deps;

  // A closed record stays closed (EXPIRED, DELETED, DELETED_BY_PEER...): reopening it would clash with
  // a newer request for the same VPCs, and it has ended already; the thread still hears the outcome.
  // The cleanup's report goes on the record with DELETING: the Deleting and Deleted messages say what
  // vpc-peer removed and what it left, instead of telling people to remove what is gone.
  const markDeleting = (record: PeeringRecord, cleanup: CleanupReport | undefined) =>
    writeWithRereads(
      record,
      async (current) => {
        const deleting = current.state !== 'DELETING' && isOpen(current.state);
        const { share, ...routes } = cleanup ?? { removed: [], skipped: [] };
        const report = cleanup && current.accept ? { accept: { ...current.accept, cleanup: routes } } : {};
        // What happened to an attachment's share association goes with the share on the record.
        const shared =
          share && current.transitGatewayShare
            ? { transitGatewayShare: { ...current.transitGatewayShare, removal: share } }
            : {};
        if (!deleting && !('accept' in report) && !('transitGatewayShare' in shared)) return current;
        return store.updatePeering(current.id, current.version, {
          ...(deleting ? { state: 'DELETING' as const } : {}),
          ...report,
          ...shared,
        });
      },
      () => store.getPeering(record.id),
      (error) => error instanceof StaleRecordError,
    );

  const recordFailure = (request: DeletionRequest, reason: string) =>
    writeWithRereads(
      request,
      (current) => store.updateDeletionRequest(current.id, current.version, { failure: reason }),
      () => store.getDeletionRequest(request.id),
      (error) => error instanceof StaleDeletionRequestError,
    );

  async function fail(
    job: DeleteJob,
    record: PeeringRecord,
    request: DeletionRequest,
    error: unknown,
    plainReason?: string,
  ) {
    const reason =
      plainReason ??
      (isAivenFailure(error)
        ? `Aiven answered: ${error.aivenMessage}`
        : 'an internal error stopped it (details are in the log)');
    const reference = `${request.id}/${job.id}`;
    deps.logger.warn({ err: error, reference, peeringId: record.id }, 'peering deletion failed');
    const failed = await recordFailure(request, reason);
    await recordAudit(store, deps.logger, {
      peeringId: record.id,
      action: 'deletion-failed',
      actor: BOT_ACTOR,
      at: clock.now().toISOString(),
      requestId: request.id,
      detail: `${reason} (reference: ${reference})`,
    });
    await deps.notifier.deleteFailed(record, failed, reason, reference);
  }

  async function run(job: DeleteJob): Promise<void> {
    const log = deps.logger.child({ requestId: job.requestId, attempt: job.attempt, jobId: job.id });
    const request = await store.getDeletionRequest(job.requestId);
    // A failed attempt was told with a Retry; only the attempt Retry starts acts again.
    if (request?.status !== 'approved' || request.attempt !== job.attempt || request.failure) {
      log.info({ status: request?.status, currentAttempt: request?.attempt }, 'delete job has nothing to do');
      return;
    }
    const record = await store.getPeering(request.peeringId);
    if (!record)
      throw new Error(`peering record ${request.peeringId} of deletion request ${request.id} is gone`);
    // Handed over to Terraform after the approval: deleting it (or its routes) is Terraform's now.
    if (isManagedByTerraform(record) && record.state !== 'DELETING') {
      await fail(job, record, request, new Error(MANAGED_BY_TERRAFORM), MANAGED_BY_TERRAFORM);
      return;
    }
    let deleting = record;
    let cleanup: CleanupReport | undefined;
    // DELETING: an earlier run did the work. DELETED (in the Console meanwhile) still has the bot's
    // routes to remove; Aiven has nothing left to delete.
    if (record.state !== 'DELETING') {
      const attempt = `${request.id}:${job.attempt}`;
      try {
        if (await store.claimOnce(`audit:deletion-started:${attempt}`, CLAIM_TTL_SECONDS)) {
          await recordAudit(store, log, {
            peeringId: record.id,
            action: 'deletion-started',
            actor: BOT_ACTOR,
            at: clock.now().toISOString(),
            requestId: request.id,
          });
        }
        if (record.aivenPeeringId && record.state !== 'DELETED')
          await deps.aiven.deletePeering(record.spec.orgVpcId, record.aivenPeeringId);
        // Read again: an accept run may have noted routes since the record was read above.
        const latest = (await store.getPeering(record.id)) ?? record;
        cleanup = await deps.removeRoutes?.(latest);
        if (cleanup && (cleanup.removed.length > 0 || cleanup.skipped.length > 0 || cleanup.share))
          await recordAuditOnce(store, log, `routes-removed:${attempt}`, {
            peeringId: record.id,
            action: 'routes-removed',
            actor: BOT_ACTOR,
            at: clock.now().toISOString(),
            requestId: request.id,
            detail: [
              cleanup.removed.length > 0 ? `removed ${describeRoutes(cleanup.removed)}` : undefined,
              cleanup.skipped.length > 0
                ? `left ${describeRoutes(cleanup.skipped.map((s) => s.route))} alone`
                : undefined,
              cleanup.share
                ? `share association with Aiven: ${cleanup.share.outcome}${cleanup.share.reason ? ` (${cleanup.share.reason})` : ''}`
                : undefined,
            ]
              .filter(Boolean)
              .join('; '),
          });
      } catch (error) {
        await fail(job, record, request, error);
        return;
      }
      deleting = await markDeleting(record, cleanup);
      log.info({ peeringId: record.id, aivenPeeringId: record.aivenPeeringId }, 'peering deleted in Aiven');
    }
    // The thread hears it once (postOnce); the root rewrite and the watch are claimed per attempt.
    await deps.notifier.deleting(deleting, request);
    if (await store.claimOnce(`delete-peering:${request.id}:${job.attempt}:told`, CLAIM_TTL_SECONDS)) {
      await deps.rootNotifier.updateRoot(deleting);
      // Only a peering Aiven is still deleting has a change to watch for.
      if (deleting.state === 'DELETING') await deps.afterDelete?.(deleting);
    }
  }

  /** The queue gave up (the store or Slack failed around the delete): the thread hears about it. */
  async function giveUp(job: DeleteJob, error: unknown): Promise<void> {
    const request = await store.getDeletionRequest(job.requestId);
    if (request?.status !== 'approved' || request.attempt !== job.attempt || request.failure) return;
    const record = await store.getPeering(request.peeringId);
    if (record) await fail(job, record, request, error);
  }

  return { run, giveUp };
}
