// The Terraform hand-off as a file in the peering's thread: the comment that introduces it, and the
// private answer to whoever asked (a preview when the file fits one message, else a pointer).
import type { TerraformFile } from '../../peering/terraform';
import { context, escapeText, section } from './blocks';
import type { SlackMessage } from './peering-message';
import { handOverButton } from './terraform';

/** The message the file is shared with (files.completeUploadExternal's initial_comment: mrkdwn text). */
export function renderTerraformFileComment(
  file: TerraformFile,
  userId: string,
  /** An id `/vpc-peer terraform` takes for this peering (its Aiven peering id). */
  peeringRef: string,
): string {
  const imports = `${file.imported.length} import${file.imported.length === 1 ? '' : 's'}`;
  const lines = [
    `:page_facing_up: Terraform for this peering, asked for by <@${userId}>: \`${file.fileName}\` (Terraform >= 1.5).`,
    `Put it in your Terraform configuration and run \`terraform plan\`: expect ${imports} and nothing to ` +
      'add, change or destroy. `terraform apply` then imports them (the `import` blocks do what ' +
      '`terraform import` would, one resource at a time).',
  ];
  if (file.notImported.length > 0) lines.push(`Not imported: ${escapeText(file.notImported.join(' '))}`);
  lines.push(
    `Once imported, *Managed by Terraform now* (under \`/vpc-peer terraform ${escapeText(peeringRef)}\`) ` +
      'stops vpc-peer changing it.',
  );
  return lines.join('\n');
}

const THREAD_NOTE = (file: TerraformFile) =>
  `:outbox_tray: \`${file.fileName}\` is shared as a file in the peering's thread too (once per version of ` +
  'the file: asking again for the same file does not post it twice).';

/** The private answer when the file also goes to the thread: the one-message preview, with a note. */
export function withThreadNote(preview: SlackMessage, file: TerraformFile): SlackMessage {
  const [intro, ...rest] = preview.blocks;
  return { ...preview, blocks: [...(intro ? [intro] : []), context(THREAD_NOTE(file)), ...rest] };
}

/** The private answer when the file is too long to preview: where it goes, and the hand-over button. */
export function renderTerraformFilePointer(file: TerraformFile, handOverIds: string[]): SlackMessage {
  return {
    text: `Terraform for this peering: ${file.fileName}, in the peering's thread`,
    blocks: [
      section(
        `:page_facing_up: Terraform for this peering: \`${file.fileName}\` goes to the peering's thread as a ` +
          'file. Save it and run `terraform plan` (Terraform >= 1.5).',
      ),
      context(THREAD_NOTE(file)),
      ...(handOverIds.length > 0 ? [handOverButton(handOverIds)] : []),
    ],
  };
}
