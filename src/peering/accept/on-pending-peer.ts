// Reacts to a peering reaching PENDING_PEER: the accept work is queued when the bot has a role in the
// account. Without one there is nothing to queue: the PENDING_PEER reply itself carries the manual
// steps and says why (src/slack/views/progress.ts), so they are not posted twice.
import type { Logger } from '../../logger';
import { planAcceptJob } from '../job-ids';
import { isExternal } from '../model';
import type { Job } from '../ports';
import { acceptRequestOf } from './attachment-request';
import type { AwsAccess, PeeringChangeHook } from './ports';

export function noRoleReason(accountId: string): string {
  return `vpc-peer has no role in AWS account ${accountId} (ACCEPTER_ROLE_NAME or ACCEPTER_ROLES), so someone with access there needs to do this.`;
}

export function makeAcceptOnPendingPeer(deps: {
  access: Pick<AwsAccess, 'hasRole'>;
  enqueue(job: Job): Promise<void>;
  logger: Logger;
}): PeeringChangeHook {
  return async ({ record, previous }) => {
    // The pcx- of a peering, or (for a Transit Gateway attachment) the request the plan looks for.
    const pcxId = acceptRequestOf(record);
    if (record.state !== 'PENDING_PEER' || previous === 'PENDING_PEER' || !pcxId) return;
    // Made in the Aiven Console or elsewhere: nobody asked vpc-peer for it, so it never accepts it in a
    // team's account (anyone with Aiven access could otherwise get a peering accepted and routed).
    if (isExternal(record)) {
      deps.logger.info({ peeringId: record.id, pcxId }, 'made outside vpc-peer: not accepting it in AWS');
      return;
    }
    // Terraform owns the accepter and the routes: vpc-peer only reports (the reply says so).
    if (record.terraform) {
      deps.logger.info({ peeringId: record.id, pcxId }, 'managed by Terraform: not accepting it in AWS');
      return;
    }
    // The plan, its buttons and every outcome live in the thread: without one nobody could decide.
    if (!record.thread) {
      deps.logger.warn(
        { peeringId: record.id, pcxId },
        'no thread to post the accept plan in: not accepting',
      );
      return;
    }
    if (!deps.access.hasRole(record.spec.awsAccountId)) {
      deps.logger.info(
        { peeringId: record.id, pcxId },
        'no role in the account: the thread has the manual steps',
      );
      return;
    }
    deps.logger.info({ peeringId: record.id, pcxId }, 'queueing the accept plan');
    // One plan per connection: the id makes a second report of the same change harmless.
    await deps.enqueue(planAcceptJob(record.id, pcxId));
  };
}
