// Asking to delete a peering: one open request per peering, stored with its audit event, then the
// request message is posted by a job (the ack path only reads and writes the store).
import type { Logger } from '../logger';
import { logAudit } from './audit';
import { type DeletionRequest, isDeletable } from './deletion';
import { OpenDeletionRequestError } from './errors';
import { showDeletionRequestJob } from './job-ids';
import { isManagedByTerraform, type PeeringRecord } from './model';
import { type Clock, type DeletionRequestStore, type JobQueue, JobsNotQueuedError } from './ports';
import type { ApprovalRules } from './quorum';

export type DeletionRequestOutcome =
  | { kind: 'requested'; request: DeletionRequest }
  | { kind: 'already-open'; request: DeletionRequest }
  | { kind: 'not-deletable'; record: PeeringRecord }
  /** Handed over to Terraform: it is deleted there, never by vpc-peer. */
  | { kind: 'managed-by-terraform'; record: PeeringRecord };

export async function requestDeletion(
  deps: {
    store: DeletionRequestStore;
    queue: JobQueue;
    clock: Clock;
    logger: Logger;
    approvalTtlMinutes: number;
    approvalRules: ApprovalRules;
  },
  input: { id: string; record: PeeringRecord; userId: string; channelId: string; reason?: string },
): Promise<DeletionRequestOutcome> {
  const { record } = input;
  if (isManagedByTerraform(record)) return { kind: 'managed-by-terraform', record };
  if (!isDeletable(record)) return { kind: 'not-deletable', record };
  const now = deps.clock.now();
  // The rule is fixed when asked: a policy change never moves the goalposts of a pending request.
  const rule = deps.approvalRules.approvalRuleFor(record.orgVpc.name);
  const request: DeletionRequest = {
    id: input.id,
    peeringId: record.id,
    requestedBy: input.userId,
    channelId: input.channelId,
    ...(input.reason ? { reason: input.reason } : {}),
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.approvalTtlMinutes * 60_000).toISOString(),
    status: 'open',
    required: rule.required,
    approvers: [...rule.approvers],
    attempt: 0,
    version: 1,
  };
  const event = {
    peeringId: record.id,
    action: 'deletion-requested' as const,
    actor: input.userId,
    at: request.requestedAt,
    channelId: input.channelId,
    requestId: request.id,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  try {
    // The job that posts the request message is stored with the request (outbox).
    const show = showDeletionRequestJob(request.id, 'open');
    let stored: DeletionRequest;
    let created = true;
    try {
      ({ request: stored, created } = await deps.store.openDeletionRequest(request, event, [show]));
    } catch (error) {
      if (!(error instanceof JobsNotQueuedError)) throw error;
      // The request is stored: the sweeper of a later poll posts its message (src/peering/sweep.ts).
      deps.logger.error({ err: error.cause, requestId: request.id }, 'could not queue the request message');
      stored = request;
    }
    if (created) logAudit(deps.logger, event);
    // A retry of the same request: its job went with the first write (or the sweeper sends it).
    return { kind: 'requested', request: stored };
  } catch (error) {
    if (error instanceof OpenDeletionRequestError) return { kind: 'already-open', request: error.existing };
    throw error;
  }
}
