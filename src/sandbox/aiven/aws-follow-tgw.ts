// The sandbox's Aiven towards AWS for a Transit Gateway attachment (`aws-tgw-vpc-attachment`): it
// attaches its VPC for the org VPC to the team's Transit Gateway and follows the attachment's state.
import { randomBytes } from 'node:crypto';
import type { WirePeeringState, WireStateInfo } from '../../adapters/aiven/wire';
import type { AwsFollowState, FollowDeps, FollowedPeering } from './aws-side';

export function isAttachment(entry: FollowedPeering): boolean {
  return entry.wire.vpc_peering_connection_type === 'aws-tgw-vpc-attachment';
}

/** Transit Gateway attachment states (EC2's TransitGatewayAttachmentState) that end or settle it. */
const ATTACHMENT_TO_AIVEN: Record<
  string,
  { state: WirePeeringState; message: (attachment: string, tgw: string) => string } | undefined
> = {
  available: {
    state: 'ACTIVE',
    message: (a, tgw) => `Transit Gateway attachment ${a} to ${tgw} is active`,
  },
  rejected: {
    state: 'REJECTED_BY_PEER',
    message: (a, tgw) => `Transit Gateway attachment ${a} was rejected in the account of ${tgw}`,
  },
  deleted: {
    state: 'DELETED_BY_PEER',
    message: (a, tgw) => `Transit Gateway attachment ${a} to ${tgw} was deleted by the peer`,
  },
  failed: {
    state: 'INVALID_SPECIFICATION',
    message: (a, tgw) => `Transit Gateway attachment ${a} to ${tgw} failed in AWS`,
  },
};

export async function requestAttachment(
  deps: FollowDeps,
  entry: FollowedPeering,
  follow: AwsFollowState,
): Promise<void> {
  const vpc = deps.orgVpc(entry.orgVpcId);
  if (!vpc) return;
  const account = entry.wire.peer_cloud_account;
  const tgw = entry.wire.peer_vpc;
  follow.step = 'requesting';
  try {
    const attachment = await deps.aws.requestTransitGatewayAttachment({
      orgVpcId: entry.orgVpcId,
      orgVpcCidr: vpc.cidr,
      orgVpcRegion: vpc.region,
      peerAccountId: account,
      transitGatewayId: tgw,
    });
    follow.step = 'requested';
    follow.attachmentId = attachment;
    deps.setState(entry, 'PENDING_PEER', {
      type: 'pending-peer',
      message: `Accept Transit Gateway attachment ${attachment} to ${tgw} in AWS account ${account} (${vpc.region}) and route ${vpc.cidr} through the Transit Gateway`,
    });
  } catch (error) {
    follow.step = 'requested';
    const why = error instanceof Error ? error.message : String(error);
    deps.setState(entry, 'INVALID_SPECIFICATION', {
      type: 'invalid-specification',
      message: `Transit Gateway attachment to ${tgw} in AWS account ${account} (${vpc.region}) failed: ${why}`,
    });
  }
}

/** One look at a requested attachment: removes it when Aiven deletes, else follows AWS's state. */
export async function followAttachment(
  deps: FollowDeps,
  entry: FollowedPeering,
  follow: AwsFollowState,
): Promise<void> {
  const attachment = follow.attachmentId;
  const region = deps.orgVpc(entry.orgVpcId)?.region;
  if (!attachment || !region) return;
  const state = entry.wire.state;
  if (state === 'DELETING' || state === 'DELETED') {
    // Aiven removes its side of an attachment it deletes.
    if (!follow.deletedInAws) {
      follow.deletedInAws = true;
      await deps.aws.deleteAttachment(attachment, region);
    }
    return;
  }
  if (state !== 'PENDING_PEER' && state !== 'ACTIVE') return;
  const status = (await deps.aws.attachmentStatus(attachment, region)) ?? 'deleted';
  const next = ATTACHMENT_TO_AIVEN[status];
  if (next && next.state !== state) {
    deps.setState(entry, next.state, {
      type: next.state.toLowerCase().replace(/_/g, '-'),
      message: next.message(attachment, entry.wire.peer_vpc),
    });
  }
}

/** The connection type Aiven stores for a create request: a `tgw-` peer_vpc is an attachment. */
export function connectionTypeOf(peerVpc: string): 'aws-tgw-vpc-attachment' | 'aws-vpc-peering-connection' {
  return peerVpc.startsWith('tgw-') ? 'aws-tgw-vpc-attachment' : 'aws-vpc-peering-connection';
}

/** Without an AWS side the sandbox plays the attachment on its clock: these are the two states' infos. */
export function clockAttachmentInfos(input: {
  transitGatewayId: string;
  accountId: string;
  region: string;
  orgVpcCidr: string;
}): { pending: WireStateInfo; active: WireStateInfo } {
  const attachment = `tgw-attach-${randomBytes(9).toString('hex').slice(0, 17)}`;
  const tgw = input.transitGatewayId;
  return {
    pending: {
      type: 'pending-peer',
      message: `Accept Transit Gateway attachment ${attachment} to ${tgw} in AWS account ${input.accountId} (${input.region}) and route ${input.orgVpcCidr} through the Transit Gateway`,
    },
    active: { type: 'active', message: ATTACHMENT_TO_AIVEN.available?.message(attachment, tgw) ?? '' },
  };
}
