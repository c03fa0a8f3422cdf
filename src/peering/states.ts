// What each state means to the person who asked, and what they should do next. The README's state
// table says the same in prose; keep them in step.
import type { PeeringRecord, PeeringState } from './model';

export interface StateDescription {
  /** Short label for the root message. */
  label: string;
  emoji: string;
  /** Plain words: what is happening and what to do next. */
  explain(record: PeeringRecord): string;
}

const aws = (r: PeeringRecord) => `AWS account ${r.spec.awsAccountId} (${r.spec.awsRegion})`;
const recreate = 'Fix the cause, then request it again with `/vpc-peer`: this VPC is free for a new request.';

export const STATE_DESCRIPTIONS: Record<PeeringState, StateDescription> = {
  REQUESTED: {
    label: 'Requested',
    emoji: ':hourglass_flowing_sand:',
    explain: () => 'vpc-peer is creating the peering in Aiven. Nothing to do yet.',
  },
  CREATE_FAILED: {
    label: 'Not created',
    emoji: ':x:',
    explain: () => 'Aiven did not create the peering. Nothing needs cleaning up; you can request it again.',
  },
  APPROVED: {
    label: 'Approved',
    emoji: ':hourglass_flowing_sand:',
    explain: (r) =>
      `Aiven accepted the request and is creating the peering request in ${aws(r)}. Nothing to do yet: ` +
      'this thread says when AWS needs you.',
  },
  APPROVED_PEER_REQUESTED: {
    label: 'Requesting in AWS',
    emoji: ':hourglass_flowing_sand:',
    explain: (r) => `Aiven is sending the peering request to ${aws(r)}. Nothing to do yet.`,
  },
  PENDING_PEER: {
    label: 'Waiting for AWS',
    emoji: ':raised_hand:',
    explain: (r) => {
      const pcx = r.stateInfo?.awsPeeringConnectionId;
      return (
        `The peering request${pcx ? ` ${pcx}` : ''} waits in ${aws(r)}. Accept it in the AWS console ` +
        `(VPC > Peering connections), then add a route to ${r.orgVpc.cidr} via ${pcx ?? 'the pcx-… connection'} ` +
        `in the route tables of ${r.spec.awsVpcId}. AWS drops it if nobody accepts it within 7 days.`
      );
    },
  },
  ACTIVE: {
    label: 'Active',
    emoji: ':white_check_mark:',
    explain: (r) =>
      `The peering is up: ${r.spec.awsVpcId} can reach ${r.orgVpc.cidr} once its route tables send that ` +
      'range through the peering connection. Nothing else to do.',
  },
  DELETING: {
    label: 'Deleting',
    emoji: ':wastebasket:',
    explain: () => 'Aiven is deleting the peering. Nothing to do; remove its routes in AWS afterwards.',
  },
  DELETED: {
    label: 'Deleted',
    emoji: ':wastebasket:',
    explain: () =>
      'The peering is gone. Remove the routes that pointed to it in AWS; request a new one with `/vpc-peer` if you still need it.',
  },
  DELETED_BY_PEER: {
    label: 'Deleted in AWS',
    emoji: ':warning:',
    explain: (r) => `The peering was deleted on the AWS side (${aws(r)}). ${recreate}`,
  },
  REJECTED_BY_PEER: {
    label: 'Rejected in AWS',
    emoji: ':warning:',
    explain: (r) => `The peering request was rejected in ${aws(r)}. ${recreate}`,
  },
  INVALID_SPECIFICATION: {
    label: 'Invalid specification',
    emoji: ':x:',
    explain: () =>
      'Aiven could not set up the peering: check the account ID, VPC ID and region, and that no CIDRs overlap ' +
      `(Aiven's message below says which). ${recreate}`,
  },
  EXPIRED: {
    label: 'Expired',
    emoji: ':alarm_clock:',
    explain: (r) =>
      `Nobody accepted the peering request in ${aws(r)} within 7 days, so AWS dropped it. ` +
      'Request it again with `/vpc-peer` and accept it within a week.',
  },
  ERROR: {
    label: 'Error',
    emoji: ':x:',
    explain: () =>
      'Aiven reported an error for this peering. Contact Aiven support with the Aiven peering id below.',
  },
};
