// What the sandbox's Aiven needs from AWS, and what it keeps per followed peering: the types both
// the peering and the Transit Gateway followers use (aws-follow.ts, aws-follow-tgw.ts).
import type { WirePeering, WirePeeringState, WireStateInfo } from '../../adapters/aiven/wire';

/** Aiven's own AWS account, as the sandbox needs it (src/sandbox/aiven-account.ts). */
export interface SandboxAwsSide {
  /** Requests a peering from Aiven's VPC for the org VPC (same CIDR) to the team's VPC; returns the pcx id. */
  requestPeering(input: {
    orgVpcId: string;
    orgVpcCidr: string;
    orgVpcRegion: string;
    peerAccountId: string;
    peerVpcId: string;
    peerRegion: string;
  }): Promise<string>;
  /** The connection's status code as Aiven's account sees it; undefined when AWS no longer has it. */
  peeringStatus(pcxId: string, orgVpcRegion: string): Promise<string | undefined>;
  deletePeering(pcxId: string, orgVpcRegion: string): Promise<void>;
  /**
   * Attaches Aiven's VPC for the org VPC (same CIDR) to the team's Transit Gateway, as Aiven does for
   * an `aws-tgw-vpc-attachment`; returns the `tgw-attach-` id. Throws when the Transit Gateway is not
   * shared with Aiven's account (RAM) or does not exist: Aiven then answers INVALID_SPECIFICATION.
   */
  requestTransitGatewayAttachment(input: {
    orgVpcId: string;
    orgVpcCidr: string;
    orgVpcRegion: string;
    peerAccountId: string;
    transitGatewayId: string;
  }): Promise<string>;
  /** The attachment's state as Aiven's account sees it (pendingAcceptance, available, ...); undefined when gone. */
  attachmentStatus(attachmentId: string, orgVpcRegion: string): Promise<string | undefined>;
  deleteAttachment(attachmentId: string, orgVpcRegion: string): Promise<void>;
}

export interface AwsFollowState {
  /** due: make the request on the next sync; requested: follow the connection. */
  step: 'due' | 'requesting' | 'requested';
  pcxId?: string;
  /** The `tgw-attach-` id, for a Transit Gateway attachment. */
  attachmentId?: string;
  deletedInAws?: boolean;
}

export interface FollowedPeering {
  orgVpcId: string;
  wire: WirePeering;
  aws?: AwsFollowState;
}

export interface FollowDeps {
  aws: SandboxAwsSide;
  orgVpc(orgVpcId: string): { cidr: string; region: string } | undefined;
  setState(entry: FollowedPeering, state: WirePeeringState, info: WireStateInfo): void;
}
