// The root message of a peering (its current state) and the replies in its thread.
import type { KnownBlock } from '@slack/types';
import { isDeletable } from '../../peering/deletion';
import { type AivenStateInfo, isExternal, type PeeringRecord } from '../../peering/model';
import type { PeeringFacts } from '../../peering/outcome';
import { STATE_DESCRIPTIONS, stateName } from '../../peering/states';
import { context, escapeText, section } from './blocks';
import { DELETION_ACTIONS } from './deletion-request';

export interface SlackMessage {
  /** Fallback text: notifications and screen readers use it. */
  text: string;
  blocks: KnownBlock[];
}

export function describePeers(record: PeeringRecord): string {
  const { orgVpc, spec } = record;
  return (
    `*Aiven* ${escapeText(orgVpc.name)} (${orgVpc.cloudName}, ${orgVpc.cidr})  ⟷  ` +
    `*AWS* account ${spec.awsAccountId}, ${spec.awsRegion}, ${spec.awsVpcId}` +
    (spec.extraCidrs.length > 0 ? ` (+ ${spec.extraCidrs.join(', ')})` : '')
  );
}

export function ids(record: PeeringRecord): string {
  const parts = [`request ${record.id}`];
  if (record.aivenPeeringId) parts.push(`Aiven peering ${record.aivenPeeringId}`);
  if (record.stateInfo?.awsPeeringConnectionId) parts.push(`AWS ${record.stateInfo.awsPeeringConnectionId}`);
  return parts.join(' · ');
}

export function aivenSays(info: AivenStateInfo | undefined): string | undefined {
  return info?.message ? `Aiven says: “${escapeText(info.message)}”` : undefined;
}

/** Opens the deletion form with this peering chosen (handlers/deletion-form.ts). */
function deleteButton(record: PeeringRecord): KnownBlock {
  return {
    type: 'actions',
    block_id: 'peering_actions',
    elements: [
      {
        type: 'button',
        action_id: DELETION_ACTIONS.open,
        text: { type: 'plain_text', text: 'Delete…' },
        value: record.id,
      },
    ],
  };
}

/**
 * The root message: who asked, what is peered with what, and the current state. `facts` (what
 * vpc-peer did and will do) come from the notifier, which knows the roles; without them the record
 * alone decides (src/peering/outcome.ts).
 */
export function renderPeeringRoot(record: PeeringRecord, facts?: PeeringFacts): SlackMessage {
  const state = STATE_DESCRIPTIONS[record.state];
  const origin = isExternal(record)
    ? 'made outside vpc-peer (Aiven Console, Terraform or API)'
    : `requested by <@${record.requestedBy}>`;
  const aiven = state.aivenName ? ` (${state.aivenName})` : '';
  const headline = `${state.emoji} *VPC peering* ${origin} · *${state.label}*${aiven}`;
  const blocks: KnownBlock[] = [
    section(`${headline}\n${describePeers(record)}`),
    section(state.explain(record, facts)),
    context(ids(record)),
    ...(isDeletable(record) ? [deleteButton(record)] : []),
  ];
  return {
    text: `VPC peering ${record.orgVpc.name} ⟷ ${record.spec.awsVpcId} (${record.spec.awsAccountId}): ${stateName(record.state)}`,
    blocks,
  };
}

/** Thread reply when Aiven has created the peering. */
export function renderCreated(record: PeeringRecord, facts?: PeeringFacts): SlackMessage {
  const state = STATE_DESCRIPTIONS[record.state];
  const lines = [
    // Aiven's answer in Aiven's words first, the plain words beside them.
    `${state.emoji} Aiven created peering \`${record.aivenPeeringId ?? '?'}\`, state *${record.state}* (${state.label}).`,
    state.explain(record, facts),
    aivenSays(record.stateInfo),
  ].filter(Boolean);
  return {
    text: `Aiven created peering ${record.aivenPeeringId}: ${stateName(record.state)}`,
    blocks: [section(lines.join('\n'))],
  };
}

/** Thread reply when the peering was not created; `reason` is Aiven's message or our plain words. */
export function renderCreateFailed(record: PeeringRecord, reason: string, nextStep: string): SlackMessage {
  const text = `:x: The peering of ${record.spec.awsVpcId} was not created: ${escapeText(reason)}\n${nextStep}`;
  return { text: `The peering was not created: ${reason}`, blocks: [section(text)] };
}

/** Told privately when the bot cannot post in the channel the command came from. */
export function renderCannotPost(channelId: string): SlackMessage {
  const text =
    `:lock: I can't post in <#${channelId}>, so I did not create the peering. ` +
    'Invite me with `/invite @vpc-peer` in that channel (private channels need an invitation), ' +
    'or run `/vpc-peer` in a channel I am in.';
  return { text, blocks: [section(text)] };
}
