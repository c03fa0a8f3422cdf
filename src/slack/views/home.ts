// The Home tab around the overview: a button to request a peering, as `/vpc-peer` does in a channel.
import type { KnownBlock, ModalView } from '@slack/types';
import { REQUEST_PEERING_ACTION } from '../ids';
import { LIMITS, plain, section } from './blocks';

export function renderHomeActions(): KnownBlock {
  return {
    type: 'actions',
    block_id: 'home_actions',
    elements: [
      {
        type: 'button',
        action_id: REQUEST_PEERING_ACTION,
        style: 'primary',
        text: plain('Request a peering'),
      },
    ],
  };
}

/** What someone who may not request peerings sees after clicking the button (a stale Home tab). */
export function renderRefusalModal(text: string): ModalView {
  return {
    type: 'modal',
    title: plain('Peer an AWS VPC', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [section(text)],
  };
}
