// Requests nobody decided in APPROVAL_TTL_MINUTES expire: nothing is deleted and the buttons give way
// to "expired". Run each minute by the poller; a click on an expired request expires it too. At 80% of
// its time the poller reminds the approvers who have not decided (once: see ExpireDeps.warn).
import type { Logger } from '../logger';
import { logAudit } from './audit';
import { BOT_ACTOR, type DeletionRequest, decisionEvent, isExpired } from './deletion';
import { showDeletionRequestJob } from './job-ids';
import { type Clock, type DeletionRequestStore, JobsNotQueuedError } from './ports';
import { warnAt } from './quorum';

export interface ExpireDeps {
  store: DeletionRequestStore;
  clock: Clock;
  logger: Logger;
  /** Rewrites the request message to show its decision (and tells the requester it expired). */
  showDecision(request: DeletionRequest): Promise<void>;
  /**
   * Reminds the approvers who have not decided, at most once per request (a claimed post, so a crash
   * or an overlapping poll never posts it twice; the next poll tries again until it is posted).
   */
  warn?(request: DeletionRequest): Promise<void>;
}

/** listDueDeletionRequests up to this date lists every open request. */
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** Expires one request if it is still open; true when this call expired it. */
export async function expireDeletionRequest(deps: ExpireDeps, request: DeletionRequest): Promise<boolean> {
  const event = decisionEvent(request, 'expired', BOT_ACTOR, deps.clock.now());
  // The message update (and the requester's notice) goes with the decision: a crash right after the
  // write leaves the job queued (outbox). It is safe to repeat, so the direct call below may race it.
  const show = showDeletionRequestJob(request.id, 'decided');
  let decided: DeletionRequest;
  try {
    const result = await deps.store.decideDeletionRequest(request.id, 'expired', event, [show]);
    if (!result.won) return false;
    decided = result.request;
  } catch (error) {
    if (!(error instanceof JobsNotQueuedError)) throw error;
    deps.logger.error(
      { err: error.cause, requestId: request.id },
      'could not queue the expiry message update',
    );
    decided = (await deps.store.getDeletionRequest(request.id)) ?? request;
  }
  logAudit(deps.logger, event);
  await deps.showDecision(decided);
  return true;
}

export function makeExpireDeletionRequests(deps: ExpireDeps): () => Promise<number> {
  return async () => {
    const now = deps.clock.now();
    const open = await deps.store.listDueDeletionRequests(END_OF_TIME);
    let expired = 0;
    for (const request of open) {
      try {
        if (isExpired(request, now)) {
          if (await expireDeletionRequest(deps, request)) expired++;
        } else if (deps.warn && now.getTime() >= warnAt(request)) {
          await deps.warn(request);
        }
      } catch (error) {
        // One bad message must not keep the others open: the next run tries again.
        deps.logger.error({ err: error, requestId: request.id }, 'could not expire or warn deletion request');
      }
    }
    return expired;
  };
}
