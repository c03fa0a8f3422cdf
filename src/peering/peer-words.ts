// The words for what a request connects: a VPC peering or a Transit Gateway attachment (peerKindOf).
// Every message that names the connection takes its words from here, so an attachment never reads as
// a peering, and no builder carries its own `tgw-` check.
import { type PeeringSpec, type PeerKind, peerKindOf } from './model';

export interface PeerWords {
  kind: PeerKind;
  /** In a headline or a sentence's start: "VPC peering", "Transit Gateway attachment". */
  title: string;
  /** Mid-sentence: "peering", "attachment". */
  noun: string;
  /** What the AWS id names: "VPC", "Transit Gateway". */
  awsSide: string;
}

const WORDS: Record<PeerKind, PeerWords> = {
  'vpc-peering': { kind: 'vpc-peering', title: 'VPC peering', noun: 'peering', awsSide: 'VPC' },
  'transit-gateway-attachment': {
    kind: 'transit-gateway-attachment',
    title: 'Transit Gateway attachment',
    noun: 'attachment',
    awsSide: 'Transit Gateway',
  },
};

export function peerWords(spec: Pick<PeeringSpec, 'awsVpcId'>): PeerWords {
  return WORDS[peerKindOf(spec)];
}

/** What a sentence is about: "peering of vpc-…", "Transit Gateway attachment to tgw-…". */
export function peerSubject(spec: Pick<PeeringSpec, 'awsVpcId'>): string {
  return peerKindOf(spec) === 'vpc-peering'
    ? `peering of ${spec.awsVpcId}`
    : `Transit Gateway attachment to ${spec.awsVpcId}`;
}
