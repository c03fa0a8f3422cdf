// The answer to `/vpc-peer help` and to anything it does not understand. Seen only by the user.
import { COMMAND } from '../ids';
import { escapeText } from './blocks';

export { COMMAND };

export function renderUsage(unknown?: string): string {
  const lines = [
    unknown !== undefined ? `:question: I don't know \`${escapeText(unknown)}\`.` : undefined,
    '*vpc-peer* peers your AWS VPCs with Aiven organization VPCs.',
    `• \`${COMMAND}\` or \`${COMMAND} create\`: open the form to request a new peering`,
    `• \`${COMMAND} list [org VPC name]\`: the org VPCs and their peerings, with links to their threads`,
    `• \`${COMMAND} status <id>\`: one peering in detail, by Aiven peering id, \`pcx-…\`, \`vpc-…\` or request id`,
    `• \`${COMMAND} delete\` or \`${COMMAND} delete <Aiven peering id | pcx-…>\`: ask to delete a peering; an approver other than you must approve it`,
    `• \`${COMMAND} terraform <id | org VPC name>\`: the Terraform file (import blocks and resources) for a peering, or for every peering of an org VPC, seen only by you`,
    `• \`${COMMAND} cidrs <id>\`: edit the extra CIDRs of a live peering (Aiven's API for it is experimental)`,
    `• \`${COMMAND} help\`: show this help`,
    'Each peering gets one message in the channel; its progress is posted in that thread. ' +
      "The bot's Home tab shows the same overview as `list`.",
  ];
  return lines.filter(Boolean).join('\n');
}

export function renderNotAllowed(): string {
  return (
    ':no_entry: You are not on the list of people who may request VPC peerings. ' +
    'Ask your vpc-peer administrators to add your Slack user id to REQUESTERS.'
  );
}

export function renderChannelNotAllowed(allowedChannels: readonly string[]): string {
  const where = allowedChannels.map((id) => `<#${id}>`).join(', ');
  return `:no_entry: Peerings are requested and deleted only in ${where} (ALLOWED_CHANNELS). Run the command there.`;
}
