// The Terraform buttons: "Terraform" on an ACTIVE peering's root (the file, privately) and
// "Managed by Terraform now" under the file (records the hand-over, once).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { PeeringRecord } from '../../peering/model';
import { handOverToTerraform } from '../../peering/terraform-hand-over';
import { describeRefusal } from '../../policy/guardrails';
import { terraformAnswer } from '../commands/terraform';
import type { HandlerDeps } from './deps';
import { refuseChange } from './refusals';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function makeShowTerraformHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    if (!deps.policy.mayRequest(body.user.id)) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Only people allowed to request peerings (REQUESTERS) can see its Terraform.',
      });
      return;
    }
    const answer = await terraformAnswer(deps, action.value ?? '', body.user.id);
    for (const message of typeof answer === 'string' ? [{ text: answer }] : answer) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    }
  };
}

export function makeHandOverHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const refusal = refuseChange(deps.policy, userId, body.channel?.id);
    if (refusal) {
      await tell(refusal);
      return;
    }
    const ids = (action.value ?? '').split(',').filter(Boolean);
    const lines: string[] = [];
    // With a policy file, only members of the team owning the peering's AWS account hand it over.
    const refuseOwner = async (record: PeeringRecord) => {
      const refusal = await deps.guardrails?.refuseAccount({
        userId,
        accountId: record.spec.awsAccountId,
        channelId: body.channel?.id ?? record.channelId,
      });
      if (!refusal) return undefined;
      deps.logger.warn({ userId, peeringId: record.id }, 'hand-over refused by the policy file');
      return describeRefusal(refusal, 'hand its peerings over to Terraform').replace(/^:no_entry: /, '');
    };
    for (const peeringId of ids) {
      const outcome = await handOverToTerraform(deps, { peeringId, userId, refuseOwner });
      const what = outcome.record
        ? `${outcome.record.spec.awsVpcId} (${outcome.record.orgVpc.name})`
        : `\`${peeringId}\``;
      lines.push(
        outcome.kind === 'handed-over'
          ? `:building_construction: ${what}: managed by Terraform now. vpc-peer keeps reporting it in its thread and changes nothing.`
          : outcome.kind === 'already'
            ? `:information_source: ${what}: already managed by Terraform (handed over by <@${outcome.record.terraform?.handedOverBy}>).`
            : `:no_entry: ${what}: not handed over. ${outcome.reason}`,
      );
    }
    await tell(lines.join('\n') || 'Nothing to hand over.');
  };
}
