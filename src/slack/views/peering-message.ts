// The root message of a peering (its current state) and the replies in its thread.
import type { KnownBlock } from '@slack/types';
import { isDeletable } from '../../peering/deletion';
import {
  type AivenStateInfo,
  currentExtraCidrs,
  isExternal,
  isManagedByTerraform,
  type PeeringRecord,
} from '../../peering/model';
import type { PeeringFacts } from '../../peering/outcome';
import { mayEditCidrs } from '../../peering/peer-cidrs';
import { peerWords } from '../../peering/peer-words';
import { STATE_DESCRIPTIONS, stateName } from '../../peering/states';
import { CIDR_ACTIONS, TERRAFORM_ACTIONS } from '../ids';
import { context, escapeText, section } from './blocks';
import { DELETION_ACTIONS } from './deletion-request';
import type { SlackMessage } from './message';
import { describeShareMade } from './share-made';

export type { SlackMessage } from './message';

export function describePeers(record: PeeringRecord): string {
  const { orgVpc, spec } = record;
  const extra = currentExtraCidrs(record);
  return (
    `*Aiven* ${escapeText(orgVpc.name)} (${orgVpc.cloudName}, ${orgVpc.cidr})  ⟷  ` +
    `*AWS* account ${spec.awsAccountId}, ${spec.awsRegion}, ${spec.awsVpcId}` +
    (extra.length > 0 ? ` (+ ${extra.join(', ')})` : '')
  );
}

export function ids(record: PeeringRecord): string {
  const parts = [`request ${record.id}`];
  if (record.aivenPeeringId) parts.push(`Aiven ${peerWords(record.spec).noun} ${record.aivenPeeringId}`);
  if (record.stateInfo?.awsPeeringConnectionId) parts.push(`AWS ${record.stateInfo.awsPeeringConnectionId}`);
  return parts.join(' · ');
}

export function aivenSays(info: AivenStateInfo | undefined): string | undefined {
  return info?.message ? `Aiven says: “${escapeText(info.message)}”` : undefined;
}

const button = (action_id: string, text: string, value: string) =>
  ({ type: 'button', action_id, text: { type: 'plain_text', text }, value }) as const;

/**
 * The root's buttons: the Terraform file (ACTIVE), Edit CIDRs (live), Delete (deletable and not
 * managed by Terraform: a peering Terraform manages is changed there).
 */
function rootActions(record: PeeringRecord): KnownBlock[] {
  const elements = [
    ...(record.state === 'ACTIVE' ? [button(TERRAFORM_ACTIONS.show, 'Terraform', record.id)] : []),
    ...(mayEditCidrs(record) ? [button(CIDR_ACTIONS.open, 'Edit CIDRs…', record.id)] : []),
    ...(isDeletable(record) && !isManagedByTerraform(record)
      ? [button(DELETION_ACTIONS.open, 'Delete…', record.id)]
      : []),
  ];
  return elements.length > 0 ? [{ type: 'actions', block_id: 'peering_actions', elements }] : [];
}

/** Who manages the peering, when it is Terraform. */
export function managedByLine(record: PeeringRecord): string | undefined {
  const handOver = record.terraform;
  return handOver
    ? `:building_construction: Managed by Terraform since ${handOver.handedOverAt.slice(0, 10)} (handed over by <@${handOver.handedOverBy}>): change it there; vpc-peer only reports its state.`
    : undefined;
}

/** A request made during a change freeze by an override member: their reason, for the thread. */
export function freezeOverrideLine(record: PeeringRecord): string | undefined {
  const o = record.freezeOverride;
  return o
    ? `:snowflake: Requested during ${escapeText(o.freeze)} by <@${o.by}>, a freeze override member: ${escapeText(o.reason)}`
    : undefined;
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
  const words = peerWords(record.spec);
  const headline = `${state.emoji} *${words.title}* ${origin} · *${state.label}*${aiven}`;
  const blocks: KnownBlock[] = [
    section(`${headline}\n${describePeers(record)}`),
    section(state.explain(record, facts)),
    context(ids(record)),
    ...(record.freezeOverride ? [context(freezeOverrideLine(record) ?? '')] : []),
    ...(record.terraform ? [context(managedByLine(record) ?? '')] : []),
    ...rootActions(record),
  ];
  return {
    text: `${words.title} ${record.orgVpc.name} ⟷ ${record.spec.awsVpcId} (${record.spec.awsAccountId}): ${stateName(record.state)}`,
    blocks,
  };
}

/** Thread reply when Aiven has created the peering. */
export function renderCreated(record: PeeringRecord, facts?: PeeringFacts): SlackMessage {
  const state = STATE_DESCRIPTIONS[record.state];
  const { noun } = peerWords(record.spec);
  const lines = [
    // Aiven's answer in Aiven's words first, the plain words beside them.
    `${state.emoji} Aiven created ${noun} \`${record.aivenPeeringId ?? '?'}\`, state *${record.state}* (${state.label}).`,
    state.explain(record, facts),
    aivenSays(record.stateInfo),
    // What vpc-peer did in the team's AWS account before asking Aiven (an attachment's RAM share).
    describeShareMade(record, 'created'),
    freezeOverrideLine(record),
  ].filter(Boolean);
  return {
    text: `Aiven created ${noun} ${record.aivenPeeringId}: ${stateName(record.state)}`,
    blocks: [section(lines.join('\n'))],
  };
}

/** Thread reply when the peering was not created; `reason` is Aiven's message or our plain words. */
export function renderCreateFailed(record: PeeringRecord, reason: string, nextStep: string): SlackMessage {
  const { noun, title } = peerWords(record.spec);
  const what =
    noun === 'peering' ? `The peering of ${record.spec.awsVpcId}` : `The ${title} to ${record.spec.awsVpcId}`;
  const share = describeShareMade(record, 'failed');
  const text = `:x: ${what} was not created: ${escapeText(reason)}\n${nextStep}${share ? `\n${share}` : ''}`;
  return { text: `The ${noun} was not created: ${reason}`, blocks: [section(text)] };
}

/** Told privately when the bot cannot post in the channel the command came from. */
export function renderCannotPost(channelId: string): SlackMessage {
  const text =
    `:lock: I can't post in <#${channelId}>, so I did not create the peering. ` +
    'Invite me with `/invite @vpc-peer` in that channel (private channels need an invitation), ' +
    'or run `/vpc-peer` in a channel I am in.';
  return { text, blocks: [section(text)] };
}
