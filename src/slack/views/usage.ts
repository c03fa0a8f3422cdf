// The answer to `/vpc-peer help` and to anything it does not understand. Seen only by the user.
import { COMMAND } from '../ids';
import { escapeText } from './blocks';

export { COMMAND };

export function renderUsage(unknown?: string): string {
  const lines = [
    unknown !== undefined ? `:question: I don't know \`${escapeText(unknown)}\`.` : undefined,
    '*vpc-peer* peers your AWS VPCs with Aiven organization VPCs.',
    `• \`${COMMAND}\` or \`${COMMAND} create\`: open the form to request a new peering`,
    `• \`${COMMAND} help\`: show this help`,
    'Each peering gets one message in the channel; its progress is posted in that thread.',
  ];
  return lines.filter(Boolean).join('\n');
}

export function renderNotAllowed(): string {
  return (
    ':no_entry: You are not on the list of people who may request VPC peerings. ' +
    'Ask your vpc-peer administrators to add your Slack user id to REQUESTERS.'
  );
}
