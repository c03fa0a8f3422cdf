// The Terraform hand-off as a private message: the HCL in code blocks that each fit Slack's section
// limit, split between top-level blocks so the parts pasted in order make the one file.
import type { KnownBlock } from '@slack/types';
import type { TerraformFile } from '../../peering/terraform';
import { TERRAFORM_ACTIONS } from '../ids';
import { context, escapeText, LIMITS, section } from './blocks';
import type { SlackMessage } from './peering-message';

/** Slack has refused messages over about 13k characters: the parts together stay under this. */
export const MAX_TERRAFORM_MESSAGE_CHARS = 11_000;
const FENCE = '```';

/** Splits at blank lines (between top-level blocks) into parts that fit a section once fenced. */
export function splitForSections(
  text: string,
  max: number = LIMITS.sectionText - 2 * FENCE.length - 2,
): string[] {
  const parts: string[] = [];
  let current = '';
  for (const piece of text.split(/\n\n/)) {
    const next = current === '' ? piece : `${current}\n\n${piece}`;
    if (next.length <= max) {
      current = next;
      continue;
    }
    if (current !== '') parts.push(current);
    // A single block longer than a section (none is, in practice) is cut at line ends.
    current = '';
    for (const line of piece.split('\n')) {
      const withLine = current === '' ? line : `${current}\n${line}`;
      if (withLine.length > max && current !== '') {
        parts.push(current);
        current = line;
      } else current = withLine;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

export interface TerraformMessageInput {
  file: TerraformFile;
  orgVpcName: string;
  count: number;
  /** Records vpc-peer may hand over (live, not handed over yet): the button carries their ids. */
  handOverIds: string[];
}

export function renderTerraformMessage(input: TerraformMessageInput): SlackMessage | { tooLong: number } {
  const { file } = input;
  const escaped = escapeText(file.hcl);
  if (escaped.length > MAX_TERRAFORM_MESSAGE_CHARS) return { tooLong: escaped.length };
  const parts = splitForSections(escaped);
  const what =
    input.count === 1
      ? 'this peering'
      : `the ${input.count} peerings of org VPC *${escapeText(input.orgVpcName)}*`;
  const intro =
    `:page_facing_up: Terraform for ${what}: save ${parts.length > 1 ? `the ${parts.length} parts below, in order, ` : 'it '}` +
    `as \`${file.fileName}\` and run \`terraform plan\` (Terraform >= 1.5). ` +
    `It imports ${file.imported.length} resource${file.imported.length === 1 ? '' : 's'} and creates nothing.`;
  const blocks: KnownBlock[] = [section(intro), ...parts.map((part) => section(`${FENCE}${part}${FENCE}`))];
  if (file.notImported.length > 0) {
    blocks.push(context(`Not imported: ${escapeText(file.notImported.join(' '))}`));
  }
  if (input.handOverIds.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'terraform_hand_over',
      elements: [
        {
          type: 'button',
          action_id: TERRAFORM_ACTIONS.handOver,
          text: { type: 'plain_text', text: 'Managed by Terraform now' },
          value: input.handOverIds.join(','),
          confirm: {
            title: { type: 'plain_text', text: 'Hand over to Terraform?' },
            text: {
              type: 'mrkdwn',
              text:
                'vpc-peer keeps reporting the state, but will never delete, accept, replace or remove routes ' +
                'of these peerings again. Do it after `terraform apply` has imported them.',
            },
            confirm: { type: 'plain_text', text: 'Hand over' },
            deny: { type: 'plain_text', text: 'Not yet' },
          },
        },
      ],
    });
  }
  return {
    text: `Terraform for ${input.count === 1 ? 'one peering' : `${input.count} peerings`}: ${file.fileName}`,
    blocks,
  };
}

export function renderTerraformTooLong(orgVpcName: string, chars: number, ids: string[]): string {
  const each = ids.slice(0, 20).map((id) => `\`/vpc-peer terraform ${id}\``);
  return (
    `:warning: The Terraform file for org VPC *${escapeText(orgVpcName)}* is ${chars} characters: more than one Slack ` +
    `message holds (${MAX_TERRAFORM_MESSAGE_CHARS}). Ask for the peerings one at a time:\n${each.join('\n')}`
  );
}
