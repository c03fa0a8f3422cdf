// DeletionNotifier on Slack: outcomes of a delete go to the peering's thread, each at most once per
// attempt (src/slack/delivery.ts), so job retries never post twice.
import type { DeletePeeringDeps, DeletionNotifier } from '../../peering/delete-peering';
import type { DeletionRequest } from '../../peering/deletion';
import type { PeeringRecord } from '../../peering/model';
import type { MessageDelivery, MessageTarget } from '../delivery';
import { renderDeleteFailed, renderDeleting } from '../views/deletion-request';

/** The thread of the peering, or the channel the deletion was asked in when it has none. */
export function deletionTarget(record: PeeringRecord, request: DeletionRequest): MessageTarget {
  return record.thread
    ? { channelId: record.thread.channelId, threadTs: record.thread.ts }
    : { channelId: request.channelId };
}

export function makeSlackDeletionNotifier(
  delivery: MessageDelivery,
  /** AIVEN_AWS_ACCOUNT_ID, for the share step by hand of an attachment vpc-peer did not share. */
  aivenAccountId?: string,
): DeletionNotifier {
  return {
    async deleting(record, request) {
      await delivery.postOnce(
        `deleting:${request.id}:${request.attempt}`,
        deletionTarget(record, request),
        renderDeleting(record, request, aivenAccountId),
      );
    },
    async deleteFailed(record, request, reason, reference) {
      await delivery.postOnce(
        `delete-failed:${request.id}:${request.attempt}`,
        // Broadcast: a failure needs an approver's attention, not only the thread's readers.
        { ...deletionTarget(record, request), broadcast: record.thread !== undefined },
        renderDeleteFailed(record, request, reason, reference),
      );
    },
  };
}

export type { DeletePeeringDeps };
