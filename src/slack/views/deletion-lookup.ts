// Private answers to `/vpc-peer delete <id>` for an id vpc-peer had no record of: "looking", then what
// Aiven has, with a button that opens the deletion form (the command's trigger_id is long expired).
import type { KnownBlock } from '@slack/types';
import type { PeeringRecord, PeeringState } from '../../peering/model';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { DELETION_ACTIONS } from '../ids';
import { context, escapeText, section } from './blocks';
import type { SlackMessage } from './peering-message';
import { describePeers } from './peering-message';

/** What a peering id looks like, for answers about one that was not found. */
export const PEERING_ID_FORMATS =
  'its Aiven peering id (a UUID such as 4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b) or its AWS peering id ' +
  '(pcx- and 8 or 17 hex characters)';

const AIVEN_PEERING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PCX_ID = /^pcx-(?:[0-9a-f]{8}|[0-9a-f]{17})$/i;

/** An id worth asking Aiven about: an Aiven peering id or an AWS pcx id. */
export function looksLikePeeringId(name: string): boolean {
  return AIVEN_PEERING_ID.test(name) || PCX_ID.test(name);
}

export function renderLookingInAiven(name: string): string {
  return (
    `:mag: vpc-peer has no record of \`${escapeText(name)}\` yet; looking for it in Aiven. ` +
    'I will answer here in a moment.'
  );
}

/** Found and adopted: a button opens the deletion form with it chosen (handlers/deletion-form.ts). */
export function renderFoundInAiven(record: PeeringRecord): SlackMessage {
  const state = STATE_DESCRIPTIONS[record.state];
  const text = `:white_check_mark: Found \`${record.aivenPeeringId ?? record.id}\` in Aiven (${state.label}), made outside vpc-peer.`;
  const blocks: KnownBlock[] = [
    section(`${text}\n${describePeers(record)}`),
    context(
      [
        `Aiven peering ${record.aivenPeeringId ?? '?'}`,
        ...(record.stateInfo?.awsPeeringConnectionId
          ? [`AWS ${record.stateInfo.awsPeeringConnectionId}`]
          : []),
      ].join(' · '),
    ),
    {
      type: 'actions',
      block_id: 'found_peering',
      elements: [
        {
          type: 'button',
          action_id: DELETION_ACTIONS.open,
          text: { type: 'plain_text', text: 'Delete…' },
          value: record.id,
        },
      ],
    },
  ];
  return { text: `Found ${record.aivenPeeringId} in Aiven: open the deletion form with Delete…`, blocks };
}

/** Aiven has it, but it cannot be deleted now (being deleted, ended, or a request is open). */
export function renderFoundNotDeletable(name: string, peeringState: PeeringState): SlackMessage {
  const state = STATE_DESCRIPTIONS[peeringState];
  const text =
    `:information_source: \`${escapeText(name)}\` is ${state.label} in Aiven, so there is nothing to ask ` +
    'a deletion for now. `/vpc-peer status` shows it.';
  return { text, blocks: [section(text)] };
}

export function renderNotInAiven(name: string, deletable: readonly PeeringRecord[]): SlackMessage {
  const ids = deletable
    .slice(0, 10)
    .map(
      (r) =>
        `\`${r.aivenPeeringId ?? r.id}\`${r.stateInfo?.awsPeeringConnectionId ? ` (${r.stateInfo.awsPeeringConnectionId})` : ''}`,
    );
  const which =
    ids.length === 0
      ? 'There is no peering vpc-peer can delete right now.'
      : `Ids that work: ${ids.join(', ')}${deletable.length > ids.length ? ` and ${deletable.length - ids.length} more` : ''}; or run \`/vpc-peer delete\` to pick from a list.`;
  const text =
    `:question: No peering vpc-peer can delete is called \`${escapeText(name)}\`: Aiven has none with that id ` +
    `either. Give ${PEERING_ID_FORMATS}. ${which}`;
  return { text, blocks: [section(text)] };
}

export function renderLookupFailed(name: string, reference: string): SlackMessage {
  const text =
    `:warning: vpc-peer could not look up \`${escapeText(name)}\` in Aiven just now, so it does not know ` +
    `whether Aiven has it. Try \`/vpc-peer delete ${escapeText(name)}\` again in a minute (reference: ${reference}).`;
  return { text, blocks: [section(text)] };
}
