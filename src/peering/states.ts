// The one wording table for states: the plain words people read, Aiven's own name for the state
// (what the Aiven Console, CLI, Terraform and Aiven's docs say), and what happens next, derived from
// what vpc-peer did and will do (src/peering/outcome.ts). The README's state table says the same in
// prose; keep them in step.
import type { PeeringRecord, PeeringState } from './model';
import { count, type PeeringFacts, peeringFacts, type RouteOutcome } from './outcome';
import { peerWords } from './peer-words';

export interface StateDescription {
  /** Short plain words for the root message, lists and transitions. */
  label: string;
  /**
   * Aiven's name of the state; absent for the states only vpc-peer knows (REQUESTED: not in Aiven
   * yet, CREATE_FAILED: Aiven refused it, EXPIRED: AWS dropped the request after 7 days).
   */
  aivenName?: string;
  emoji: string;
  /** Plain words: what is happening and what to do next; never a step vpc-peer did or will do. */
  explain(record: PeeringRecord, facts?: PeeringFacts): string;
}

const aws = (r: PeeringRecord) => `AWS account ${r.spec.awsAccountId} (${r.spec.awsRegion})`;
/** "peering" or "attachment" (src/peering/peer-words.ts). */
const noun = (r: PeeringRecord) => peerWords(r.spec).noun;
const isAttachment = (r: PeeringRecord) => peerWords(r.spec).kind === 'transit-gateway-attachment';

/** PENDING_PEER of a Transit Gateway attachment: Aiven's VPC asks to attach to the team's tgw-. */
function pendingAttachment(r: PeeringRecord, facts: PeeringFacts): string {
  const request = `Aiven's attachment to ${r.spec.awsVpcId} waits for acceptance in ${aws(r)}.`;
  if (facts.botAccepts) {
    return `${request} vpc-peer has a role there: it shows its plan in this thread before it accepts the attachment and routes ${r.orgVpc.cidr} through the Transit Gateway.`;
  }
  return (
    `${request} Accept it in the AWS console (VPC > Transit gateway attachments), route ${r.orgVpc.cidr} to it in ` +
    `the Transit Gateway's route table, and add a route to ${r.orgVpc.cidr} via ${r.spec.awsVpcId} in the route tables of the VPCs that need it.`
  );
}
const recreate = 'Fix the cause, then request it again with `/vpc-peer`: this VPC is free for a new request.';

/** The routes part of Deleting and Deleted: only what is left for people to do. */
export function routesAfterDeletion(
  record: PeeringRecord,
  routes: RouteOutcome,
  when: 'now' | 'afterwards',
): string {
  const tables = `the route tables of ${record.spec.awsVpcId}`;
  switch (routes.kind) {
    case 'removed':
      return `vpc-peer removed the ${count(routes.routes.length, 'route')} it had added for it. Nothing to do.`;
    case 'left':
      return (
        `vpc-peer removed ${count(routes.removed.length, 'route')} it had added and left ` +
        `${count(routes.left.length, 'route')} alone (the thread says why): check ${tables} for routes to ` +
        `${record.orgVpc.cidr} that lead nowhere${when === 'afterwards' ? ' once it is gone' : ''}.`
      );
    case 'in-place':
      return (
        `The ${count(routes.routes.length, 'route')} vpc-peer added for it (to ${record.orgVpc.cidr} in ${tables}) ` +
        `${when === 'afterwards' ? 'will lead' : 'lead'} nowhere: remove ${routes.routes.length === 1 ? 'it' : 'them'} in AWS.`
      );
    default:
      return `vpc-peer added no routes for it: remove any route to ${record.orgVpc.cidr} in ${tables} ${when === 'afterwards' ? 'once it is gone' : 'in AWS'}.`;
  }
}

export const STATE_DESCRIPTIONS: Record<PeeringState, StateDescription> = {
  REQUESTED: {
    label: 'Requested',
    emoji: ':hourglass_flowing_sand:',
    explain: (r) => `vpc-peer is creating the ${noun(r)} in Aiven. Nothing to do yet.`,
  },
  CREATE_FAILED: {
    label: 'Not created',
    emoji: ':x:',
    explain: (r) =>
      `Aiven did not create the ${noun(r)}. Nothing needs cleaning up; you can request it again.`,
  },
  APPROVED: {
    label: 'Approved',
    aivenName: 'APPROVED',
    emoji: ':hourglass_flowing_sand:',
    explain: (r) =>
      `Aiven accepted the request and is creating the ${noun(r)} request in ${aws(r)}. Nothing to do yet: ` +
      'this thread says when AWS needs you.',
  },
  APPROVED_PEER_REQUESTED: {
    label: 'Requesting in AWS',
    aivenName: 'APPROVED_PEER_REQUESTED',
    emoji: ':hourglass_flowing_sand:',
    explain: (r) => `Aiven is sending the ${noun(r)} request to ${aws(r)}. Nothing to do yet.`,
  },
  PENDING_PEER: {
    label: 'Waiting for AWS',
    aivenName: 'PENDING_PEER',
    emoji: ':raised_hand:',
    explain: (r, facts = peeringFacts(r)) => {
      if (isAttachment(r)) return pendingAttachment(r, facts);
      const pcx = r.stateInfo?.awsPeeringConnectionId;
      const request = `The peering request${pcx ? ` ${pcx}` : ''} waits in ${aws(r)}.`;
      const expiry = 'AWS drops it if nobody accepts it within 7 days.';
      if (r.accept?.status === 'applied' || r.accept?.status === 'applying') {
        return `${request.replace('waits', 'was')} vpc-peer is accepting it or has accepted it (see the thread); Aiven reports it active shortly. Nothing to do.`;
      }
      if (facts.botAccepts) {
        return (
          `${request} vpc-peer has a role there: it checks the request and shows its plan in this thread ` +
          `before it accepts the request and adds the routes to ${r.orgVpc.cidr}. ${expiry}`
        );
      }
      return (
        `${request} Accept it in the AWS console (VPC > Peering connections), then add a route to ` +
        `${r.orgVpc.cidr} via ${pcx ?? 'the pcx-… connection'} in the route tables of ${r.spec.awsVpcId}. ${expiry}`
      );
    },
  },
  ACTIVE: {
    label: 'Active',
    aivenName: 'ACTIVE',
    emoji: ':white_check_mark:',
    explain: (r, facts = peeringFacts(r)) =>
      isAttachment(r)
        ? `The attachment to ${r.spec.awsVpcId} is up: the VPCs behind it reach ${r.orgVpc.cidr} once the Transit Gateway's and their route tables send that range through it.`
        : facts.routes.kind === 'in-place'
          ? `The peering is up, and vpc-peer added the routes to ${r.orgVpc.cidr} in ${r.spec.awsVpcId}'s route tables (the thread lists them). Nothing else to do.`
          : `The peering is up: ${r.spec.awsVpcId} can reach ${r.orgVpc.cidr} once its route tables send that ` +
            'range through the peering connection. Nothing else to do.',
  },
  DELETING: {
    label: 'Deleting',
    aivenName: 'DELETING',
    emoji: ':wastebasket:',
    explain: (r, facts = peeringFacts(r)) =>
      `Aiven is deleting the ${noun(r)}. ${routesAfterDeletion(r, facts.routes, 'afterwards')}`,
  },
  DELETED: {
    label: 'Deleted',
    aivenName: 'DELETED',
    emoji: ':wastebasket:',
    explain: (r, facts = peeringFacts(r)) =>
      `The ${noun(r)} is gone. ${routesAfterDeletion(r, facts.routes, 'now')} ` +
      'Request a new one with `/vpc-peer` if you still need it.',
  },
  DELETED_BY_PEER: {
    label: 'Deleted in AWS',
    aivenName: 'DELETED_BY_PEER',
    emoji: ':warning:',
    explain: (r) => `The ${noun(r)} was deleted on the AWS side (${aws(r)}). ${recreate}`,
  },
  REJECTED_BY_PEER: {
    label: 'Rejected in AWS',
    aivenName: 'REJECTED_BY_PEER',
    emoji: ':warning:',
    explain: (r) => `The ${noun(r)} request was rejected in ${aws(r)}. ${recreate}`,
  },
  INVALID_SPECIFICATION: {
    label: 'Invalid specification',
    aivenName: 'INVALID_SPECIFICATION',
    emoji: ':x:',
    explain: (r) =>
      `Aiven could not set up the ${noun(r)}: check the account ID, ${peerWords(r.spec).awsSide} ID and region, and that no CIDRs overlap ` +
      `(Aiven's message below says which). ${recreate}`,
  },
  EXPIRED: {
    label: 'Expired',
    emoji: ':alarm_clock:',
    explain: (r) =>
      `Nobody accepted the ${noun(r)} request in ${aws(r)} within 7 days, so AWS dropped it. ` +
      'Request it again with `/vpc-peer` and accept it within a week.',
  },
  ERROR: {
    label: 'Error',
    aivenName: 'ERROR',
    emoji: ':x:',
    explain: (r) =>
      `Aiven reported an error for this ${noun(r)}. Contact Aiven support with the Aiven ${noun(r)} id below.`,
  },
};

/** The plain words with Aiven's name beside them, e.g. "Waiting for AWS (PENDING_PEER)". */
export function stateName(state: PeeringState): string {
  const { label, aivenName } = STATE_DESCRIPTIONS[state];
  return aivenName ? `${label} (${aivenName})` : label;
}

/**
 * Aiven's names for a change, to put beside the plain words: "(APPROVED → PENDING_PEER)", or one name
 * when the other state is vpc-peer's own ("(PENDING_PEER)" after REQUESTED, "(from PENDING_PEER)"
 * for EXPIRED); empty when neither is Aiven's.
 */
export function aivenTransition(previous: PeeringState, state: PeeringState): string {
  const before = STATE_DESCRIPTIONS[previous].aivenName;
  const after = STATE_DESCRIPTIONS[state].aivenName;
  if (before && after) return ` (${before} → ${after})`;
  if (after) return ` (${after})`;
  if (before) return ` (from ${before})`;
  return '';
}
