// The "Edit CIDRs..." button and the modal's submission. Both read and write the store only: the
// change is sent to Aiven by the change-peer-cidrs job.
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { knownExtraCidrs, usedCidrsIn } from '../../peering/peer-cidrs';
import { requestCidrChange } from '../../peering/request-cidr-change';
import { recordForCidrEdit, refuseCidrEdit } from '../commands/cidrs';
import { loadOverview } from '../overview-source';
import { CIDR_FORM_BLOCK, parseCidrFormContext, renderCidrForm } from '../views/cidr-form';
import type { HandlerDeps } from './deps';
import { refuseChange } from './refusals';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function makeOpenCidrFormHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const channelId = body.channel?.id;
    const refusal = refuseChange(deps.policy, body.user.id, channelId);
    if (refusal) {
      await tell(refusal);
      return;
    }
    const found = await recordForCidrEdit(deps, action.value ?? '');
    if ('problem' in found) {
      await tell(found.problem);
      return;
    }
    const owned = await refuseCidrEdit(deps, { userId: body.user.id, channelId }, found.record);
    if (owned) {
      await tell(owned);
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: renderCidrForm(found.record, { peeringId: found.record.id, ...(channelId ? { channelId } : {}) }),
    });
  };
}

export function makeSubmitCidrFormHandler(deps: HandlerDeps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const log = deps.logger.child({ userId, viewId: view.id });
    const refuse = (message: string) =>
      ack({ response_action: 'errors', errors: { [CIDR_FORM_BLOCK.blockId]: message } });
    const formContext = parseCidrFormContext(view.private_metadata);
    if (!formContext) {
      await refuse('This form is out of date. Close it and use Edit CIDRs… again.');
      return;
    }
    const refusal = refuseChange(deps.policy, userId, formContext.channelId);
    if (refusal) {
      await refuse(refusal);
      return;
    }
    const { overview, snapshot } = await loadOverview(deps.store, deps.organizationId);
    const record = await deps.store.getPeering(formContext.peeringId);
    const owned =
      record && (await refuseCidrEdit(deps, { userId, channelId: formContext.channelId }, record, true));
    if (owned) {
      log.warn({ peeringId: record?.id }, 'CIDR edit refused by the policy file');
      await refuse(owned);
      return;
    }
    const orgVpcId = record?.spec.orgVpcId ?? '';
    const inAiven = overview
      .find((o) => o.vpc.id === orgVpcId)
      ?.peerings.find((line) => line.record?.id === formContext.peeringId)?.aiven;
    const outcome = await requestCidrChange(
      { ...deps, logger: log },
      {
        // From the view id: a double submit or a Slack retry names the same change.
        changeId: `cidrs-${view.id.toLowerCase()}`,
        peeringId: formContext.peeringId,
        userId,
        cidrs: view.state.values[CIDR_FORM_BLOCK.blockId]?.[CIDR_FORM_BLOCK.actionId]?.value ?? '',
        orgVpc: overview.find((o) => o.vpc.id === orgVpcId)?.vpc,
        usedElsewhere: usedCidrsIn(overview, orgVpcId, formContext.peeringId),
        ...(record ? { current: knownExtraCidrs(record, inAiven, snapshot?.fetchedAt) } : {}),
      },
    );
    switch (outcome.kind) {
      case 'invalid':
        await refuse(outcome.problem);
        return;
      case 'no-change':
        await refuse('These are the CIDRs it has already: change the list, or press Cancel.');
        return;
      case 'busy':
        await refuse(
          `A change of these CIDRs by <@${outcome.change.requestedBy}> is being sent to Aiven: wait for its answer in the thread, then edit again.`,
        );
        return;
      case 'refused':
        await refuse(outcome.reason);
        return;
      case 'queued':
        await ack();
    }
  };
}
