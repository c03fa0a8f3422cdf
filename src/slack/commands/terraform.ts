// `/vpc-peer terraform <id | org VPC name>`: the HCL that imports a peering (or every live peering of
// an org VPC) into Terraform. One peering with a thread gets it there as a file (a job: the upload
// runs in the worker) and privately as a preview; an org VPC gets it privately. Reads the store only.
import { shareTerraformFileJob } from '../../peering/job-ids';
import { handOverIds, type TerraformRequestOutcome, terraformFor } from '../../peering/terraform-source';
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { loadOverview } from '../overview-source';
import { escapeText } from '../views/blocks';
import type { SlackMessage } from '../views/peering-message';
import { STATUS_ID_KINDS } from '../views/status';
import { renderTerraformMessages, renderTerraformTooLong } from '../views/terraform';
import { renderTerraformFilePointer, withThreadNote } from '../views/terraform-file';
import { requestersOnly } from './requesters-only';

export const TERRAFORM_USAGE =
  'Usage: `/vpc-peer terraform <id>` for one peering, where the id is ' +
  `${STATUS_ID_KINDS}; or \`/vpc-peer terraform <org VPC name>\` for all of its peerings.`;

/** The private answer for an id or org VPC name: the file (one or more messages), or what to type instead. */
export async function terraformAnswer(
  deps: HandlerDeps,
  wanted: string,
  userId: string,
): Promise<SlackMessage[] | string> {
  const { overview } = await loadOverview(deps.store, deps.organizationId);
  const outcome = terraformFor(deps.organizationId, overview, wanted);
  if (outcome.kind === 'not-found') {
    return `:mag: I found no peering and no org VPC called \`${escapeText(wanted)}\`. ${TERRAFORM_USAGE}`;
  }
  if (outcome.kind === 'several') {
    const lines = outcome.matches
      .slice(0, 20)
      .map(
        ({ vpcName, line }) =>
          `• ${escapeText(vpcName)}: \`/vpc-peer terraform ${line.aivenPeeringId ?? line.record?.id}\``,
      );
    return `${outcome.matches.length} peerings match \`${escapeText(wanted)}\`. Ask for one:\n${lines.join('\n')}`;
  }
  const messages = renderTerraformMessages({
    file: outcome.file,
    orgVpcName: outcome.orgVpcName,
    count: outcome.lines.length,
    handOverIds: handOverIds(outcome.lines),
  });
  const threaded = await shareInThread(deps, outcome, userId);
  if (threaded) {
    return Array.isArray(messages) && messages.length === 1 && messages[0]
      ? [withThreadNote(messages[0], outcome.file)]
      : [renderTerraformFilePointer(outcome.file, handOverIds(outcome.lines))];
  }
  if ('tooLong' in messages) {
    const ids = outcome.lines.map((line) => line.aivenPeeringId ?? line.record?.id ?? line.awsVpcId);
    return renderTerraformTooLong(outcome.orgVpcName, messages.tooLong, ids);
  }
  return messages;
}

/** A file for one peering with a thread goes there as a file too: queued, as uploads are slow. */
async function shareInThread(
  deps: HandlerDeps,
  outcome: Extract<TerraformRequestOutcome, { kind: 'file' }>,
  userId: string,
): Promise<boolean> {
  const [only, ...others] = outcome.lines;
  if (!only?.record?.thread || others.length > 0) return false;
  await deps.queue.enqueue(shareTerraformFileJob(only.record.id, userId, deps.newId()));
  return true;
}

export function makeTerraformCommand(deps: HandlerDeps): SubcommandHandler {
  return requestersOnly(deps, async ({ ack, args, log, respond, context, command }) => {
    const wanted = args.join(' ').trim();
    if (!wanted) {
      await ack({ response_type: 'ephemeral', text: TERRAFORM_USAGE });
      return;
    }
    const answer = await terraformAnswer(deps, wanted, command.user_id);
    log.info(
      { wanted, messages: typeof answer === 'string' ? 0 : answer.length },
      'terraform hand-off asked for',
    );
    if (typeof answer === 'string') {
      await ack({ response_type: 'ephemeral', text: answer });
      return;
    }
    if (answer.length === 1) {
      await ack({ response_type: 'ephemeral', ...answer[0] });
      return;
    }
    // Several messages all go through the response_url, in order (on Lambda the ack's own body reaches
    // Slack only when this listener returns, after them). It takes 5 posts; the file never needs more.
    // Slack's retry of a slow delivery finds them sent already.
    await ack();
    if (context.retryNum !== undefined) return;
    for (const message of answer) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    }
  });
}
