// The sandbox's Aiven, when an AWS (moto) is at hand, behaves like Aiven towards AWS: it makes the
// peering request from its own account and VPC, and follows what the team does with it there.
import type { WirePeeringState } from '../../adapters/aiven/wire';
import { followAttachment, isAttachment, requestAttachment } from './aws-follow-tgw';
import type { AwsFollowState, FollowDeps, FollowedPeering, SandboxAwsSide } from './aws-side';

export type { AwsFollowState, FollowDeps, FollowedPeering, SandboxAwsSide } from './aws-side';

const AWS_TO_AIVEN: Record<
  string,
  { state: WirePeeringState; message: (pcx: string) => string } | undefined
> = {
  active: { state: 'ACTIVE', message: (pcx) => `VPC peering connection ${pcx} is active` },
  rejected: {
    state: 'REJECTED_BY_PEER',
    message: (pcx) => `VPC peering connection ${pcx} was rejected by the peer`,
  },
  deleted: {
    state: 'DELETED_BY_PEER',
    message: (pcx) => `VPC peering connection ${pcx} was deleted by the peer`,
  },
  failed: { state: 'INVALID_SPECIFICATION', message: (pcx) => `VPC peering connection ${pcx} failed in AWS` },
};

async function request(deps: FollowDeps, entry: FollowedPeering, follow: AwsFollowState): Promise<void> {
  const vpc = deps.orgVpc(entry.orgVpcId);
  if (!vpc) return;
  const region = entry.wire.peer_region ?? vpc.region;
  follow.step = 'requesting';
  try {
    const pcx = await deps.aws.requestPeering({
      orgVpcId: entry.orgVpcId,
      orgVpcCidr: vpc.cidr,
      orgVpcRegion: vpc.region,
      peerAccountId: entry.wire.peer_cloud_account,
      peerVpcId: entry.wire.peer_vpc,
      peerRegion: region,
    });
    follow.step = 'requested';
    follow.pcxId = pcx;
    deps.setState(entry, 'PENDING_PEER', {
      type: 'pending-peer',
      message: `Accept VPC peering connection request ${pcx} in AWS account ${entry.wire.peer_cloud_account} (${region}) and add routes to ${vpc.cidr} through it`,
      aws_vpc_peering_connection_id: pcx,
    });
  } catch (error) {
    follow.step = 'requested';
    const why = error instanceof Error ? error.message : String(error);
    deps.setState(entry, 'INVALID_SPECIFICATION', {
      type: 'invalid-specification',
      message: `VPC peering connection request to AWS account ${entry.wire.peer_cloud_account} VPC ${entry.wire.peer_vpc} in ${region} failed: ${why}`,
    });
  }
}

/** One pass: requests that are due, then every followed connection's status. */
export async function followAws(deps: FollowDeps, entries: FollowedPeering[]): Promise<void> {
  for (const entry of entries) {
    const follow = entry.aws;
    if (!follow) continue;
    if (isAttachment(entry)) {
      if (follow.step === 'due') await requestAttachment(deps, entry, follow);
      else if (follow.step === 'requested') await followAttachment(deps, entry, follow);
      continue;
    }
    if (follow.step === 'due') {
      await request(deps, entry, follow);
      continue;
    }
    const pcx = follow.pcxId;
    const region = deps.orgVpc(entry.orgVpcId)?.region;
    if (!pcx || !region || follow.step !== 'requested') continue;
    const state = entry.wire.state;
    if (state === 'DELETING' || state === 'DELETED') {
      // Aiven removes its side of a peering it deletes.
      if (!follow.deletedInAws) {
        follow.deletedInAws = true;
        await deps.aws.deletePeering(pcx, region);
      }
      continue;
    }
    if (state !== 'PENDING_PEER' && state !== 'ACTIVE') continue;
    const status = (await deps.aws.peeringStatus(pcx, region)) ?? 'deleted';
    const next = AWS_TO_AIVEN[status];
    if (next && next.state !== state) {
      deps.setState(entry, next.state, {
        type: next.state.toLowerCase().replace(/_/g, '-'),
        message: next.message(pcx),
        aws_vpc_peering_connection_id: pcx,
      });
    }
  }
}

/** A sync function whose concurrent callers share one pass; without an AWS side it does nothing. */
export function makeAwsSync(
  deps: Omit<FollowDeps, 'aws'> & {
    aws?: SandboxAwsSide;
    /** Applies due clock steps first (a request becomes due on the clock). */
    before(): void;
    entries(): FollowedPeering[];
  },
): () => Promise<void> {
  let syncing: Promise<void> | undefined;
  return () => {
    const aws = deps.aws;
    if (!aws) return Promise.resolve();
    deps.before();
    syncing ??= followAws({ ...deps, aws }, deps.entries()).finally(() => {
      syncing = undefined;
    });
    return syncing;
  };
}
