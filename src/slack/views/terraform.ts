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

/** A response_url takes 5 posts: a file needing more messages is asked for one peering at a time. */
export const MAX_TERRAFORM_MESSAGES = 5;

/** Code-block parts grouped into messages that each stay under Slack's size limit. */
function groupParts(parts: string[]): string[][] {
  const messages: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const part of parts) {
    if (current.length > 0 && size + part.length > MAX_TERRAFORM_MESSAGE_CHARS) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(part);
    size += part.length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

export function handOverButton(ids: string[]): KnownBlock {
  return {
    type: 'actions',
    block_id: 'terraform_hand_over',
    elements: [
      {
        type: 'button',
        action_id: TERRAFORM_ACTIONS.handOver,
        text: { type: 'plain_text', text: 'Managed by Terraform now' },
        value: ids.join(','),
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
  };
}

/**
 * The file as private messages: code blocks of at most one section each, split between top-level
 * blocks; several messages when one would pass Slack's size limit (paste the parts in order).
 */
export function renderTerraformMessages(input: TerraformMessageInput): SlackMessage[] | { tooLong: number } {
  const { file } = input;
  const escaped = escapeText(file.hcl);
  const parts = splitForSections(escaped);
  const messages = groupParts(parts);
  if (messages.length > MAX_TERRAFORM_MESSAGES) return { tooLong: escaped.length };
  const what =
    input.count === 1
      ? 'this peering'
      : `the ${input.count} peerings of org VPC *${escapeText(input.orgVpcName)}*`;
  const where =
    parts.length === 1
      ? 'it '
      : messages.length === 1
        ? `the ${parts.length} parts below, in order, `
        : `the ${parts.length} parts of these ${messages.length} messages, in order, `;
  const intro =
    `:page_facing_up: Terraform for ${what}: save ${where}as \`${file.fileName}\` and run \`terraform plan\` ` +
    `(Terraform >= 1.5). It imports ${file.imported.length} resource${file.imported.length === 1 ? '' : 's'} and creates nothing.`;
  let partNumber = 0;
  return messages.map((group, index) => {
    const last = index === messages.length - 1;
    const heading =
      index === 0
        ? intro
        : `:page_facing_up: \`${file.fileName}\`, continued (message ${index + 1} of ${messages.length})`;
    const blocks: KnownBlock[] = [
      section(heading),
      ...group.map((part) => {
        partNumber += 1;
        return section(`${FENCE}${part}${FENCE}`);
      }),
    ];
    if (last && file.notImported.length > 0) {
      blocks.push(context(`Not imported: ${escapeText(file.notImported.join(' '))}`));
    }
    if (last && input.handOverIds.length > 0) blocks.push(handOverButton(input.handOverIds));
    const text =
      messages.length === 1
        ? `Terraform for ${input.count === 1 ? 'one peering' : `${input.count} peerings`}: ${file.fileName}`
        : `Terraform ${file.fileName}, message ${index + 1} of ${messages.length} (parts up to ${partNumber})`;
    return { text, blocks };
  });
}

export function renderTerraformTooLong(orgVpcName: string, chars: number, ids: string[]): string {
  const each = ids.slice(0, 20).map((id) => `\`/vpc-peer terraform ${id}\``);
  return (
    `:warning: The Terraform file for org VPC *${escapeText(orgVpcName)}* is ${chars} characters: more than ` +
    `${MAX_TERRAFORM_MESSAGES} Slack messages hold. Ask for the peerings one at a time:\n${each.join('\n')}`
  );
}
