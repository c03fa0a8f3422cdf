// `/vpc-peer terraform <id | org VPC name>`: the HCL that imports a peering (or every live peering of
// an org VPC) into Terraform, seen only by the user who asked. Reads the store only.
import { isManagedByTerraform } from '../../peering/model';
import type { PeeringLine } from '../../peering/overview';
import { terraformFor } from '../../peering/terraform-source';
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { loadOverview } from '../overview-source';
import { escapeText } from '../views/blocks';
import type { SlackMessage } from '../views/peering-message';
import { STATUS_ID_KINDS } from '../views/status';
import { renderTerraformMessage, renderTerraformTooLong } from '../views/terraform';
import { requestersOnly } from './requesters-only';

export const TERRAFORM_USAGE =
  'Usage: `/vpc-peer terraform <id>` for one peering, where the id is ' +
  `${STATUS_ID_KINDS}; or \`/vpc-peer terraform <org VPC name>\` for all of its peerings.`;

/** The private answer for an id or org VPC name: the file, or what to type instead. */
export async function terraformAnswer(deps: HandlerDeps, wanted: string): Promise<SlackMessage | string> {
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
  const message = renderTerraformMessage({
    file: outcome.file,
    orgVpcName: outcome.orgVpcName,
    count: outcome.lines.length,
    handOverIds: handOverIds(outcome.lines),
  });
  if ('tooLong' in message) {
    const ids = outcome.lines.map((line) => line.aivenPeeringId ?? line.record?.id ?? line.awsVpcId);
    return renderTerraformTooLong(outcome.orgVpcName, message.tooLong, ids);
  }
  return message;
}

/** The records the file covers that Aiven has and Terraform does not manage yet. */
function handOverIds(lines: readonly PeeringLine[]): string[] {
  return lines.flatMap((line) =>
    line.record && line.aivenPeeringId && !isManagedByTerraform(line.record) ? [line.record.id] : [],
  );
}

export function makeTerraformCommand(deps: HandlerDeps): SubcommandHandler {
  return requestersOnly(deps, async ({ ack, args, log }) => {
    const wanted = args.join(' ').trim();
    if (!wanted) {
      await ack({ response_type: 'ephemeral', text: TERRAFORM_USAGE });
      return;
    }
    const answer = await terraformAnswer(deps, wanted);
    log.info({ wanted, found: typeof answer !== 'string' }, 'terraform hand-off asked for');
    await ack({ response_type: 'ephemeral', ...(typeof answer === 'string' ? { text: answer } : answer) });
  });
}
