// Reacts to a peering reaching PENDING_PEER: the accept work is queued when the bot has a role in the
// account, otherwise the thread gets the manual steps, saying why.
import type { Logger } from '../../logger';
import type { Job } from '../ports';
import type { AcceptNotifier, AwsAccess, PeeringChangeHook } from './ports';

export function noRoleReason(accountId: string): string {
  return `vpc-peer has no role in AWS account ${accountId} (ACCEPTER_ROLE_NAME or ACCEPTER_ROLES), so someone with access there needs to do this.`;
}

export function makeAcceptOnPendingPeer(deps: {
  access: Pick<AwsAccess, 'hasRole'>;
  enqueue(job: Job): Promise<void>;
  notifier: Pick<AcceptNotifier, 'postManualSteps'>;
  logger: Logger;
  /** ROUTE_TABLES: named in the manual steps when set for the VPC. */
  routeTablesFor(vpcId: string): string[] | undefined;
}): PeeringChangeHook {
  return async ({ record, previous }) => {
    const pcxId = record.stateInfo?.awsPeeringConnectionId;
    if (record.state !== 'PENDING_PEER' || previous === 'PENDING_PEER' || !pcxId) return;
    if (!deps.access.hasRole(record.spec.awsAccountId)) {
      await deps.notifier.postManualSteps(
        record,
        pcxId,
        noRoleReason(record.spec.awsAccountId),
        deps.routeTablesFor(record.spec.awsVpcId),
      );
      return;
    }
    deps.logger.info({ peeringId: record.id, pcxId }, 'queueing the accept plan');
    // One plan per connection: the id makes a second report of the same change harmless.
    await deps.enqueue({
      kind: 'plan-accept',
      id: `plan-accept:${record.id}:${pcxId}`,
      peeringId: record.id,
      pcxId,
    });
  };
}
