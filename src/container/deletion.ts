// Wiring of delete with approval on the worker side: the two jobs and the expiry the poller runs.

import type { WebClient } from '@slack/web-api';
import type { Store } from '../adapters/store/roles';
import type { Logger } from '../logger';
import { type DeletePeeringDeps, makeDeletePeering } from '../peering/delete-peering';
import { makeExpireDeletionRequests } from '../peering/expire-deletions';
import type { AivenApi, Clock, PeeringNotifier } from '../peering/ports';
import { makeApproverDirectory } from '../slack/approvers';
import type { MessageDelivery } from '../slack/delivery';
import { makeShowDeletionRequest } from '../slack/jobs/show-deletion-request';
import { makeSlackDeletionNotifier } from '../slack/notifiers/deletion';
import { makeExpiryNotices } from '../slack/notifiers/deletion-expiry';
import { makeUserGroupMembers } from '../slack/user-groups';

export function makeDeletionWork(options: {
  aiven: AivenApi;
  store: Store;
  slack: WebClient;
  notifier: Pick<PeeringNotifier, 'updateRoot'>;
  /** The one at-most-once poster the other jobs use too. */
  delivery: MessageDelivery;
  logger: Logger;
  clock: Clock;
  /** Route cleanup and the fast watch of the thread: one line each when they exist. */
  hooks?: Pick<DeletePeeringDeps, 'removeRoutes' | 'afterDelete'>;
  /** AIVEN_AWS_ACCOUNT_ID: the delete message of an attachment names it in the share step by hand. */
  aivenAccountId?: string;
}) {
  const { store, clock, delivery } = options;
  // Who may still approve, and whom to remind: approver groups read with the worker's client.
  const approvers = makeApproverDirectory(
    makeUserGroupMembers({ client: options.slack, clock, logger: options.logger }),
  );
  const notices = makeExpiryNotices({ store, delivery, approvers });
  const showDeletionRequest = makeShowDeletionRequest({
    store,
    client: options.slack,
    delivery,
    clock,
    logger: options.logger.child({ job: 'show-deletion-request' }),
    approvers,
    expired: notices.expired,
  });
  const deletePeering = makeDeletePeering({
    aiven: options.aiven,
    store,
    notifier: makeSlackDeletionNotifier(delivery, options.aivenAccountId),
    rootNotifier: options.notifier,
    clock,
    logger: options.logger.child({ job: 'delete-peering' }),
    ...options.hooks,
  });
  const expireDeletionRequests = makeExpireDeletionRequests({
    store,
    clock,
    logger: options.logger.child({ task: 'expire-deletion-requests' }),
    showDecision: (request) => showDeletionRequest.show(request.id),
    warn: notices.warn,
  });
  return { showDeletionRequest, deletePeering, expireDeletionRequests };
}
