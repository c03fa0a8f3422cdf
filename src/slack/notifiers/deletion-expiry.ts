// The expiry reminder and notice on Slack, each posted at most once per request through the claimed
// post of src/slack/delivery.ts (a conditional write of its key before the post): overlapping polls,
// job retries and a crash in between never post twice, and a later run finishes a post left undone.
import type { DeletionRequest } from '../../peering/deletion';
import type { PeeringRecordStore } from '../../peering/ports';
import { ruleOf } from '../../peering/quorum';
import type { ApproverDirectory } from '../approvers';
import type { MessageDelivery } from '../delivery';
import type { MessageIntentStore } from '../message-intents';
import { renderExpiredNotice, renderExpiryWarning } from '../views/deletion-expiry';
import { deletionTarget } from './deletion';

export function makeExpiryNotices(deps: {
  store: PeeringRecordStore & MessageIntentStore;
  delivery: MessageDelivery;
  approvers: ApproverDirectory;
}) {
  return {
    /** At 80% of the request's time: mentions the approvers who have not decided, in its thread. */
    async warn(request: DeletionRequest): Promise<void> {
      // Not yet posted: nobody could decide it yet (the sweeper posts it first).
      if (request.status !== 'open' || !request.message) return;
      const key = `deletion-expiry-warning:${request.id}`;
      // Every poll until expiry comes here: one read, not a group read and a render, once it is posted.
      if ((await deps.store.getMessageIntent(key))?.ts) return;
      const record = await deps.store.getPeering(request.peeringId);
      if (!record) return;
      const undecided = await deps.approvers.undecided(
        request,
        ruleOf(request, { approvers: [], required: 1 }),
      );
      if (undecided.length === 0) return;
      await deps.delivery.postOnce(
        key,
        deletionTarget(record, request),
        renderExpiryWarning(request, record, undecided),
      );
    },
    /** Tells the requester, once, that their request expired. */
    async expired(request: DeletionRequest): Promise<void> {
      if (request.status !== 'expired') return;
      const record = await deps.store.getPeering(request.peeringId);
      if (!record) return;
      await deps.delivery.postOnce(
        `deletion-expired:${request.id}`,
        deletionTarget(record, request),
        renderExpiredNotice(request, record),
      );
    },
  };
}
