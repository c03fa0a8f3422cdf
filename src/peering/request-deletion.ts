// Asking to delete a peering: one open request per peering, stored with its audit event, then the
// request message is posted by a job (the ack path only reads and writes the store).
import type { Logger } from '../logger';
import { logAudit } from './audit';
import { type DeletionRequest, isDeletable, OpenDeletionRequestError } from './deletion';
import { isManagedByTerraform, type PeeringRecord } from './model';
import type { Clock, JobQueue, PeeringStore } from './ports';

export type DeletionRequestOutcome =
  | { kind: 'requested'; request: DeletionRequest }
  | { kind: 'already-open'; request: DeletionRequest }
  | { kind: 'not-deletable'; record: PeeringRecord }
  /** Handed over to Terraform: it is deleted there, never by vpc-peer. */
  | { kind: 'managed-by-terraform'; record: PeeringRecord };

export async function requestDeletion(
  deps: { store: PeeringStore; queue: JobQueue; clock: Clock; logger: Logger; approvalTtlMinutes: number },
  input: { id: string; record: PeeringRecord; userId: string; channelId: string; reason?: string },
): Promise<DeletionRequestOutcome> {
  const { record } = input;
  if (isManagedByTerraform(record)) return { kind: 'managed-by-terraform', record };
  if (!isDeletable(record)) return { kind: 'not-deletable', record };
  const now = deps.clock.now();
  const request: DeletionRequest = {
    id: input.id,
    peeringId: record.id,
    requestedBy: input.userId,
    channelId: input.channelId,
    ...(input.reason ? { reason: input.reason } : {}),
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.approvalTtlMinutes * 60_000).toISOString(),
    status: 'open',
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
    const { request: stored, created } = await deps.store.openDeletionRequest(request, event);
    if (created) logAudit(deps.logger, event);
    await deps.queue.enqueue({
      kind: 'show-deletion-request',
      id: `show-deletion-request:${stored.id}:open`,
      requestId: stored.id,
    });
    return { kind: 'requested', request: stored };
  } catch (error) {
    if (error instanceof OpenDeletionRequestError) return { kind: 'already-open', request: error.existing };
    throw error;
  }
}
