// The answer to `/vpc-peer help` and to anything it does not understand. Seen only by the user.
import { COMMAND } from '../ids';
import { DEFAULT_SUBCOMMAND, SUBCOMMANDS, subcommandUsage } from '../subcommands';
import { escapeText } from './blocks';

export { COMMAND };

export function renderUsage(unknown?: string): string {
  const lines = [
    unknown !== undefined ? `:question: I don't know \`${escapeText(unknown)}\`.` : undefined,
    '*vpc-peer* peers your AWS VPCs with Aiven organization VPCs.',
    ...SUBCOMMANDS.map((s) => {
      const usage = `\`${COMMAND} ${subcommandUsage(s)}\``;
      const alias = s.name === DEFAULT_SUBCOMMAND ? `\`${COMMAND}\` or ` : '';
      return `• ${alias}${usage}: ${s.summary}`;
    }),
    'Each peering gets one message in the channel; its progress is posted in that thread. ' +
      "The bot's Home tab shows the same overview as `list`, and a button to request a peering.",
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
