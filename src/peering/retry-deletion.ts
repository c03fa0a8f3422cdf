// Retry of a failed delete (the Retry button on the failure message): approvers of the request's rule
// may retry, as they may approve; a change freeze holds it. The next attempt is its own delete job.
import { recordAudit } from './audit';
import {
  type DecideDeletionDeps,
  type DeleteNotStarted,
  deleteNotQueued,
  frozenFor,
  ruleFor,
} from './decide-deletion';
import type { DeletionRequest } from './deletion';
import { StaleDeletionRequestError } from './errors';
import { deletePeeringJob } from './job-ids';
import type { PeeringRecord } from './model';

export type DeletionRetryOutcome =
  | { kind: 'unknown' }
  /** Not approved with a failed attempt (or another Retry got there first). */
  | { kind: 'nothing-to-retry'; request: DeletionRequest }
  | { kind: 'refused'; why: 'not-approver'; request: DeletionRequest; approvers: readonly string[] }
  | { kind: 'frozen'; refusal: string }
  | { kind: 'not-started'; notStarted: DeleteNotStarted }
  /** The next attempt is queued; `failure` is why the previous one failed. */
  | { kind: 'retried'; request: DeletionRequest; record: PeeringRecord | undefined; failure: string };

/** Retry of a failed delete: the next attempt, queued; approvers of the request's rule may retry. */
export async function retryDeletion(
  deps: DecideDeletionDeps,
  input: { requestId: string; userId: string; channelId?: string | undefined },
): Promise<DeletionRetryOutcome> {
  const request = await deps.store.getDeletionRequest(input.requestId);
  if (!request) return { kind: 'unknown' };
  const failure = request.failure;
  if (request.status !== 'approved' || !failure) return { kind: 'nothing-to-retry', request };
  const rule = await ruleFor(deps, request);
  if (!(await deps.approvers.basis(input.userId, rule.approvers)))
    return { kind: 'refused', why: 'not-approver', request, approvers: rule.approvers };
  const frozen = await frozenFor(deps, input.userId, 'retrying a deletion');
  if (frozen) {
    deps.logger.warn('deletion retry refused by a change freeze');
    return { kind: 'frozen', refusal: frozen };
  }
  let retried: DeletionRequest;
  try {
    retried = await deps.store.updateDeletionRequest(request.id, request.version, {
      attempt: request.attempt + 1,
      failure: undefined,
      retriedAt: deps.clock.now().toISOString(),
      // Listed again for the sweep, should this attempt's job die too.
      settledAt: undefined,
    });
  } catch (error) {
    if (error instanceof StaleDeletionRequestError) return { kind: 'nothing-to-retry', request };
    throw error;
  }
  await recordAudit(deps.store, deps.logger, {
    peeringId: request.peeringId,
    action: 'deletion-retried',
    actor: input.userId,
    at: deps.clock.now().toISOString(),
    requestId: request.id,
    ...(input.channelId ? { channelId: input.channelId } : {}),
  });
  const job = deletePeeringJob(retried.id, retried.attempt);
  try {
    await deps.queue.enqueue(job);
  } catch (error) {
    deps.logger.error({ err: error }, 'could not queue the delete job');
    return { kind: 'not-started', notStarted: await deleteNotQueued(deps, retried, job.id) };
  }
  return {
    kind: 'retried',
    request: retried,
    record: await deps.store.getPeering(request.peeringId),
    failure,
  };
}
