// Requests nobody decided in APPROVAL_TTL_MINUTES expire: nothing is deleted and the buttons give way
// to "expired". Run each minute by the poller; a click on an expired request expires it too.
import type { Logger } from '../logger';
import { logAudit } from './audit';
import { BOT_ACTOR, type DeletionRequest, decisionEvent } from './deletion';
import type { Clock, PeeringStore } from './ports';

export interface ExpireDeps {
  store: PeeringStore;
  clock: Clock;
  logger: Logger;
  /** Rewrites the request message to show its decision. */
  showDecision(request: DeletionRequest): Promise<void>;
}

/** Expires one request if it is still open; true when this call expired it. */
export async function expireDeletionRequest(deps: ExpireDeps, request: DeletionRequest): Promise<boolean> {
  const event = decisionEvent(request, 'expired', BOT_ACTOR, deps.clock.now());
  const { request: decided, won } = await deps.store.decideDeletionRequest(request.id, 'expired', event);
  if (!won) return false;
  logAudit(deps.logger, event);
  await deps.showDecision(decided);
  return true;
}

export function makeExpireDeletionRequests(deps: ExpireDeps): () => Promise<number> {
  return async () => {
    const due = await deps.store.listDueDeletionRequests(deps.clock.now());
    let expired = 0;
    for (const request of due) {
      try {
        if (await expireDeletionRequest(deps, request)) expired++;
      } catch (error) {
        // One bad message must not keep the others open: the next run tries again.
        deps.logger.error({ err: error, requestId: request.id }, 'could not expire deletion request');
      }
    }
    return expired;
  };
}
