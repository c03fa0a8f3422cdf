// The "Edit CIDRs..." modal and the thread replies of a CIDR edit. Aiven marks the endpoint behind it
// EXPERIMENTAL, and the modal says so before anyone submits.
import type { KnownBlock, View } from '@slack/types';
import { currentExtraCidrs, type PeerCidrChange, type PeeringRecord } from '../../peering/model';
import { describeChange, diffPeerCidrs, MAX_EXTRA_CIDRS } from '../../peering/peer-cidrs';
import { CIDR_FORM_CALLBACK_ID } from '../ids';
import { context, escapeText, LIMITS, plain, section } from './blocks';
import type { SlackMessage } from './peering-message';

export const CIDR_FORM_BLOCK = { blockId: 'peer_cidrs', actionId: 'peer_cidrs' } as const;

export interface CidrFormContext {
  peeringId: string;
  channelId?: string;
}

export function renderCidrForm(record: PeeringRecord, formContext: CidrFormContext): View {
  const current = currentExtraCidrs(record);
  return {
    type: 'modal',
    callback_id: CIDR_FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(formContext),
    title: plain('Edit extra CIDRs', LIMITS.modalTitle),
    submit: plain('Send to Aiven', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      section(
        `*${escapeText(record.orgVpc.name)}* (${record.orgVpc.cidr}) ⟷ AWS ${record.spec.awsVpcId} ` +
          `(account ${record.spec.awsAccountId}, ${record.spec.awsRegion})\n` +
          `Extra CIDRs now: ${current.length > 0 ? current.join(', ') : 'none'}`,
      ),
      context(
        ':warning: *EXPERIMENTAL:* Aiven marks the API that changes these CIDRs experimental: it may change ' +
          'or disappear. The thread shows exactly what Aiven answered.',
      ),
      {
        type: 'input',
        block_id: CIDR_FORM_BLOCK.blockId,
        label: plain('Extra CIDRs behind your VPC'),
        optional: true,
        hint: plain(
          `Private IPv4 ranges Aiven routes towards your VPC, one per line (at most ${MAX_EXTRA_CIDRS}). ` +
            'Remove a line to delete it; leave empty to remove all.',
        ),
        element: {
          type: 'plain_text_input',
          action_id: CIDR_FORM_BLOCK.actionId,
          multiline: true,
          ...(current.length > 0 ? { initial_value: current.join('\n') } : {}),
          placeholder: plain('10.50.0.0/16'),
        },
      },
    ],
  };
}

export function parseCidrFormContext(privateMetadata: string | undefined): CidrFormContext | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as Partial<CidrFormContext>;
    if (typeof parsed.peeringId !== 'string') return undefined;
    return {
      peeringId: parsed.peeringId,
      ...(typeof parsed.channelId === 'string' ? { channelId: parsed.channelId } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Thread reply when the worker sends the change to Aiven. */
export function renderCidrChangeSending(change: PeerCidrChange): SlackMessage {
  const text =
    `:pencil2: <@${change.requestedBy}> asked to change the extra CIDRs: ${describeChange(change)}. ` +
    'Sending it to Aiven (experimental API).';
  return { text: `Changing the extra CIDRs: ${describeChange(change)}`, blocks: [section(text)] };
}

/** Thread reply with Aiven's answer. */
export function renderCidrChangeAnswered(record: PeeringRecord, change: PeerCidrChange): SlackMessage {
  if (change.status === 'done') {
    const now = currentExtraCidrs(record);
    const text =
      `:white_check_mark: Aiven changed the extra CIDRs (${describeChange(change)}). ` +
      `Now: ${now.length > 0 ? now.join(', ') : 'none'}.`;
    return { text: `Aiven changed the extra CIDRs: ${describeChange(change)}`, blocks: [section(text)] };
  }
  const failure = change.failure ?? { reason: 'the change failed', reference: change.id };
  const blocks: KnownBlock[] = [
    section(
      `:x: The extra CIDRs were not changed (${describeChange(change)}): ${escapeText(failure.reason)}.\n` +
        'Nothing changed in Aiven; fix the list and use *Edit CIDRs…* again.',
    ),
    context(`Reference for the logs: \`${escapeText(failure.reference)}\``),
  ];
  return { text: `The extra CIDRs were not changed: ${failure.reason}`, blocks };
}

/** Ranges shown per list: 128 of each side would pass a section's 3000 characters. */
const RANGES_SHOWN = 20;

const rangesOrNone = (cidrs: readonly string[]) => {
  if (cidrs.length === 0) return 'none';
  const more = cidrs.length - RANGES_SHOWN;
  return cidrs.slice(0, RANGES_SHOWN).join(', ') + (more > 0 ? ` and ${more} more` : '');
};

/**
 * Thread reply when reconcile finds the extra CIDRs changed outside vpc-peer (Aiven Console, API,
 * Terraform): who (not anyone in Slack), the ranges before and after, and what was added and removed.
 */
export function renderCidrsChangedOutside(cidrs: { before: string[]; after: string[] }): SlackMessage {
  const { add, delete: removed } = diffPeerCidrs(cidrs.before, cidrs.after);
  const diff = describeChange({ add: add.slice(0, RANGES_SHOWN), delete: removed.slice(0, RANGES_SHOWN) });
  const text =
    `:pencil2: The extra CIDRs were changed outside vpc-peer (Aiven Console, API or Terraform): ` +
    `${rangesOrNone(cidrs.before)} → ${rangesOrNone(cidrs.after)} (${diff}).`;
  return {
    text: `The extra CIDRs were changed outside vpc-peer: ${rangesOrNone(cidrs.before)} → ${rangesOrNone(cidrs.after)}`,
    blocks: [section(text)],
  };
}

/** Thread reply when someone hands the peering over to Terraform. */
export function renderHandedOver(record: PeeringRecord): SlackMessage {
  const by = record.terraform?.handedOverBy;
  const text =
    `:building_construction: <@${by}> handed this peering over to Terraform. vpc-peer keeps reporting its ` +
    'state here, but no longer deletes it, accepts it, replaces or removes its routes: change it in Terraform. ' +
    '(Its extra CIDRs can still be edited here: Aiven’s Terraform resource does not manage them.)';
  return { text: 'Handed over to Terraform', blocks: [section(text)] };
}
