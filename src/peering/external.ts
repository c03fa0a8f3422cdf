// A peering made outside vpc-peer (Aiven Console, Terraform, API) becomes a record of its own, so list,
// status, progress and delete treat it like the bot's own. Both the reconcile loop and the deletion
// form adopt them; one shape keeps "who asked for it" honest: nobody in Slack did.
import { type AivenPeering, EXTERNAL_REQUESTER, type OrgVpc, type PeeringRecord } from './model';

/** Record ids of adopted peerings: deterministic, so overlapping adopters insert one record. */
export const ADOPTED_PREFIX = 'aiven-';

export function externalPeeringRecord(
  vpc: OrgVpc,
  peering: AivenPeering,
  options: {
    now: string;
    /** Where its messages go: NOTIFY_CHANNEL for announced ones, the deletion request's channel, or ''. */
    channelId: string;
  },
): PeeringRecord {
  return {
    id: `${ADOPTED_PREFIX}${peering.id}`,
    spec: {
      orgVpcId: vpc.id,
      awsAccountId: peering.awsAccountId,
      awsVpcId: peering.awsVpcId,
      awsRegion: peering.awsRegion,
      extraCidrs: peering.extraCidrs,
    },
    orgVpc: vpc,
    aivenPeeringId: peering.id,
    state: peering.state,
    stateInfo: peering.stateInfo,
    requestedBy: EXTERNAL_REQUESTER,
    channelId: options.channelId,
    origin: 'external',
    aivenUpdateTime: peering.updateTime,
    ...(peering.state === 'PENDING_PEER' ? { pendingPeerSince: peering.updateTime, remindedDays: [] } : {}),
    createdAt: peering.createTime || options.now,
    updatedAt: options.now,
    version: 1,
  };
}
