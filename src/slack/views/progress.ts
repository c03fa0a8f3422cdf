// Thread replies about a peering's progress: state changes, reminders while AWS waits, and the
// announcement of peerings made outside vpc-peer.

import type { KnownBlock } from '@slack/types';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../../config';
import { acceptRequestOf, namedAttachmentId, plannedFor } from '../../peering/accept/attachment-request';
import { noRoleReason } from '../../peering/accept/on-pending-peer';
import {
  type AivenWarning,
  isExternal,
  type PeeringRecord,
  type PendingChange,
  peerKindOf,
} from '../../peering/model';
import { type PeeringFacts, peeringFacts } from '../../peering/outcome';
import { peerWords } from '../../peering/peer-words';
import { aivenTransition, STATE_DESCRIPTIONS } from '../../peering/states';
import { renderManualAttachmentSteps } from './aws-attachment-steps';
import { renderManualAcceptSteps } from './aws-steps';
import { context, escapeText, section } from './blocks';
import { renderCidrsChangedOutside } from './cidr-form';
import { aivenSays, ids, renderPeeringRoot, type SlackMessage } from './peering-message';

const DAY_MS = 24 * 3600 * 1000;

/** A warning in plain words: Aiven's message plus the AWS side of a conflict, when it names one. */
export function describeWarning(warning: AivenWarning): string {
  const conflict = [
    warning.conflictingAwsAccountId ? `AWS account ${warning.conflictingAwsAccountId}` : undefined,
    warning.conflictingAwsVpcId ? `VPC ${warning.conflictingAwsVpcId}` : undefined,
    warning.conflictingAwsPeeringConnectionId
      ? `peering connection ${warning.conflictingAwsPeeringConnectionId}`
      : undefined,
  ].filter(Boolean);
  const message = escapeText(warning.message || warning.type);
  return conflict.length > 0 ? `${message} (conflicts with ${conflict.join(', ')})` : message;
}

/** What a person does in AWS for a PENDING_PEER peering, when Aiven has named the pcx. */
export function pendingPeerSteps(
  record: PeeringRecord,
  reason?: string,
  routeTableIds?: readonly string[],
): KnownBlock[] {
  const pcxId = record.stateInfo?.awsPeeringConnectionId;
  if (!pcxId) return [];
  return renderManualAcceptSteps({
    pcxId,
    awsAccountId: record.spec.awsAccountId,
    awsRegion: record.spec.awsRegion,
    awsVpcId: record.spec.awsVpcId,
    // Routes in AWS point at the Aiven side; the extra CIDRs are AWS-side ranges Aiven routes to.
    destinations: [record.orgVpc.cidr],
    ...(reason ? { reason } : {}),
    ...(routeTableIds ? { routeTableIds } : {}),
  });
}

const EXTERNAL_REASON =
  'This peering was made outside vpc-peer, so vpc-peer does not accept it in AWS: someone with access there needs to do this.';

/** Aiven names the attachment only in its message ("Accept Transit Gateway attachment tgw-attach-..."). */
export const attachmentIdOf = namedAttachmentId;

/**
 * The manual steps for a Transit Gateway attachment vpc-peer does not accept itself: no role in the
 * account, or made outside vpc-peer. With a role the plan follows in the thread instead.
 */
function pendingAttachmentSteps(
  record: PeeringRecord,
  facts: PeeringFacts,
  options: StateChangeOptions,
): KnownBlock[] {
  if (facts.botAccepts) return [];
  const attachmentId = attachmentIdOf(record);
  const reason = isExternal(record)
    ? EXTERNAL_REASON.replace('peering', 'attachment')
    : noRoleReason(record.spec.awsAccountId);
  return renderManualAttachmentSteps({
    awsAccountId: record.spec.awsAccountId,
    awsRegion: record.spec.awsRegion,
    transitGatewayId: record.spec.awsVpcId,
    aivenAccountId: options.aivenAccountId ?? AIVEN_DOCUMENTED_AWS_ACCOUNT_ID,
    orgVpcCidr: record.orgVpc.cidr,
    reason: `:wrench: ${reason}`,
    ...(attachmentId ? { attachmentId } : {}),
    ...(options.routeTableIds ? { routeTableIds: options.routeTableIds } : {}),
  });
}

/**
 * What happens next in AWS: with a role in the account vpc-peer checks the request and posts its plan
 * ("Accept in AWS"); without one, the manual steps, saying why.
 */
function pendingPeerNext(
  record: PeeringRecord,
  facts: PeeringFacts,
  options: StateChangeOptions,
): KnownBlock[] {
  if (peerKindOf(record.spec) === 'transit-gateway-attachment')
    return pendingAttachmentSteps(record, facts, options);
  const pcxId = record.stateInfo?.awsPeeringConnectionId;
  if (!pcxId) return [];
  // Nobody asked vpc-peer for it: it never accepts such a peering in a team's account on its own.
  if (isExternal(record)) return pendingPeerSteps(record, EXTERNAL_REASON, options.routeTableIds);
  // The explanation above says vpc-peer takes it from here; no steps for people.
  if (facts.botAccepts) return [];
  return pendingPeerSteps(record, noRoleReason(record.spec.awsAccountId), options.routeTableIds);
}

export interface StateChangeOptions {
  /** "Accept in AWS" has a role in the peering's account: it posts a plan instead of manual steps. */
  botAccepts?: boolean;
  /** ROUTE_TABLES for the peering's VPC (or Transit Gateway): the manual steps name them. */
  routeTableIds?: readonly string[] | undefined;
  /** AIVEN_AWS_ACCOUNT_ID: an attachment's manual steps share the Transit Gateway with it. */
  aivenAccountId?: string | undefined;
}

/** One reply per state change: old -> new, what it means, Aiven's words, and what to do now. */
export function renderStateChange(
  record: PeeringRecord,
  change: PendingChange,
  options: StateChangeOptions = {},
): SlackMessage {
  if (change.cidrs) {
    const told = renderCidrsChangedOutside(change.cidrs);
    return { ...told, blocks: [...told.blocks, context(ids(record))] };
  }
  const before = STATE_DESCRIPTIONS[change.previous];
  const now = STATE_DESCRIPTIONS[change.state];
  const aiven = aivenTransition(change.previous, change.state);
  const known = peeringFacts(record);
  const facts: PeeringFacts = {
    ...known,
    botAccepts: !isExternal(record) && (options.botAccepts ?? known.botAccepts),
  };
  const warnings = record.stateInfo?.warnings ?? [];
  const lines = [
    `${now.emoji} *${before.label}* → *${now.label}*${aiven}`,
    now.explain(record, facts),
    aivenSays(record.stateInfo),
    ...warnings.map((w) => `:warning: ${describeWarning(w)}`),
    // Drift of a peering Terraform owns: reported as ever, and who must act on it.
    record.terraform
      ? `:building_construction: Aiven says ${change.state}; Terraform manages this peering: vpc-peer changes nothing. Run \`terraform plan\` to see the drift and fix it there.`
      : undefined,
  ].filter(Boolean);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (change.state === 'PENDING_PEER' && !record.terraform)
    blocks.push(...pendingPeerNext(record, facts, options));
  blocks.push(context(ids(record)));
  return {
    text: `${peerWords(record.spec).title} ${record.spec.awsVpcId}: ${before.label} → ${now.label}${aiven}`,
    blocks,
  };
}

/**
 * The channel message for a peering that predates vpc-peer (adopted silently at its first run) when it
 * first changes: the root of its thread from then on, naming the change that brought it up.
 */
export function renderAdoptedPeeringChanged(
  record: PeeringRecord,
  change: PendingChange,
  facts?: PeeringFacts,
): SlackMessage {
  const root = renderPeeringRoot(record, facts);
  if (change.cidrs) {
    const told = renderCidrsChangedOutside(change.cidrs);
    return {
      text: `${peerWords(record.spec).title} ${record.spec.awsVpcId} (made outside vpc-peer): ${told.text}`,
      blocks: [
        section(
          'A peering that existed before vpc-peer started changed. vpc-peer follows it in this thread from now on.',
        ),
        ...told.blocks,
        ...root.blocks,
      ],
    };
  }
  const before = STATE_DESCRIPTIONS[change.previous];
  const now = STATE_DESCRIPTIONS[change.state];
  const aiven = aivenTransition(change.previous, change.state);
  const headline =
    `${now.emoji} A peering that existed before vpc-peer started changed: *${before.label}* → *${now.label}*` +
    `${aiven}. vpc-peer follows it in this thread from now on.`;
  return {
    text: `${peerWords(record.spec).title} ${record.spec.awsVpcId} (made outside vpc-peer): ${before.label} → ${now.label}${aiven}`,
    blocks: [section(headline), ...root.blocks],
  };
}

/**
 * Reminder while AWS waits for someone to accept; mentions the requester. When vpc-peer's plan for
 * this connection waits for a decision (or its run for a Retry), the reminder points there instead of
 * giving manual steps for what vpc-peer will do.
 */
export function renderPendingReminder(record: PeeringRecord, days: number): SlackMessage {
  const since = Date.parse(record.pendingPeerSince ?? record.updatedAt);
  const expires = new Date(since + 7 * DAY_MS).toISOString().slice(0, 16).replace('T', ' ');
  const who = isExternal(record) ? '' : `<@${record.requestedBy}> `;
  const pcx = record.stateInfo?.awsPeeringConnectionId ?? 'The peering request';
  const text =
    `:alarm_clock: ${who}${pcx} has waited ${days} day${days === 1 ? '' : 's'} for someone to accept it in ` +
    `AWS account ${record.spec.awsAccountId} (${record.spec.awsRegion}). AWS drops it on ${expires} UTC.`;
  const accept = record.accept;
  const request = acceptRequestOf(record);
  const forThis = accept !== undefined && request !== undefined && plannedFor(accept, request);
  const waitsInThread =
    forThis && accept.status === 'planned'
      ? "Choose *Accept and add routes* in vpc-peer's plan above, and vpc-peer does it."
      : forThis && accept.status === 'partial'
        ? 'vpc-peer stopped part way: choose *Retry* above, and vpc-peer does the rest.'
        : undefined;
  if (waitsInThread)
    return { text: `${text} ${waitsInThread}`, blocks: [section(`${text} ${waitsInThread}`)] };
  return { text, blocks: [section(text), ...pendingPeerSteps(record)] };
}
