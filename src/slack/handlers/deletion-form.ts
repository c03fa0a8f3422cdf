// The deletion form: opened from a peering's "Delete..." button, and submitted to ask for approval.
// Both only read and write the store; the request message is posted by a job.
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { recordAuditOnce } from '../../peering/audit';
import { recordForDeletion } from '../../peering/deletable';
import { MANAGED_BY_TERRAFORM } from '../../peering/model';
import { requestDeletion } from '../../peering/request-deletion';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { checkFreeze, freezeInForce } from '../../policy/freeze';
import { describeRefusal, describeRefusalPlain } from '../../policy/guardrails';
import { deletablePeerings } from '../commands/delete';
import { DELETION_FORM_BLOCKS, parseDeletionFormContext, renderDeletionForm } from '../views/deletion-form';
import { renderNoApprovers, renderOpenRequestExists } from '../views/deletion-replies';
import { readFreezeOverride } from '../views/freeze-override';
import type { HandlerDeps } from './deps';
import { refuseChange } from './refusals';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function makeOpenDeletionFormHandler(deps: HandlerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const channelId = body.channel?.id;
    const refusal =
      refuseChange(deps.policy, body.user.id, channelId) ??
      (deps.policy.hasApprovers ? undefined : renderNoApprovers());
    if (refusal || !channelId) {
      await tell(refusal ?? renderNoApprovers());
      return;
    }
    const peerings = await deletablePeerings(deps);
    if (action.value && (await deps.store.getPeering(action.value))?.terraform) {
      await tell(`:building_construction: ${MANAGED_BY_TERRAFORM}`);
      return;
    }
    const picked = peerings.find((record) => record.id === action.value);
    if (!picked) {
      await tell(
        ':information_source: This peering cannot be deleted now: it is being deleted or was never created.',
      );
      return;
    }
    const owned = await deps.guardrails?.refuseAccount({
      userId: body.user.id,
      accountId: picked.spec.awsAccountId,
      channelId,
    });
    if (owned) {
      await tell(describeRefusal(owned, 'ask to delete its peerings'));
      return;
    }
    const freeze = await checkFreeze(deps.guardrails, {
      now: deps.clock.now(),
      userId: body.user.id,
      what: 'deleting a peering',
    });
    // Override members get the form, with its "Freeze override reason" field; others are told now.
    if (freeze.kind === 'refused') {
      await tell(`:snowflake: ${freeze.message}`);
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: renderDeletionForm(
        { channelId },
        peerings,
        action.value,
        0,
        freezeInForce(deps.guardrails, deps.clock.now()),
      ),
    });
  };
}

export function makeSubmitDeletionFormHandler(deps: HandlerDeps) {
  const { blockId: peeringBlock, actionId: peeringAction } = DELETION_FORM_BLOCKS.peering;
  const { blockId: reasonBlock, actionId: reasonAction } = DELETION_FORM_BLOCKS.reason;
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const log = deps.logger.child({ userId, viewId: view.id });
    const refuse = (message: string) =>
      ack({ response_action: 'errors', errors: { [peeringBlock]: message } });

    const formContext = parseDeletionFormContext(view.private_metadata);
    if (!formContext) {
      await refuse('This form is out of date. Close it and run /vpc-peer delete again.');
      return;
    }
    const refusal =
      refuseChange(deps.policy, userId, formContext.channelId) ??
      (deps.policy.hasApprovers ? undefined : renderNoApprovers());
    if (refusal) {
      log.warn('deletion refused by policy');
      await refuse(refusal);
      return;
    }
    const peeringId = view.state.values[peeringBlock]?.[peeringAction]?.selected_option?.value;
    const record = peeringId
      ? await recordForDeletion(deps.store, deps.organizationId, {
          id: peeringId,
          userId,
          channelId: formContext.channelId,
        })
      : undefined;
    if (!record) {
      await refuse('Choose one of the peerings in the list.');
      return;
    }
    const owned = await deps.guardrails?.refuseAccount({
      userId,
      accountId: record.spec.awsAccountId,
      channelId: formContext.channelId,
    });
    if (owned) {
      log.warn({ peeringId: record.id, refusal: owned.kind }, 'deletion refused by the policy file');
      await refuse(describeRefusalPlain(owned, 'ask to delete its peerings'));
      return;
    }
    const freeze = await checkFreeze(deps.guardrails, {
      now: deps.clock.now(),
      userId,
      what: 'deleting a peering',
      overrideReason: readFreezeOverride(view.state.values),
    });
    if (freeze.kind === 'refused' || freeze.kind === 'needs-reason') {
      log.warn({ peeringId: record.id }, 'deletion refused by a change freeze');
      await refuse(freeze.message);
      return;
    }
    const asked = view.state.values[reasonBlock]?.[reasonAction]?.value?.trim() || undefined;
    // The override and its reason go with the request: its message in the thread shows them.
    const reason =
      freeze.kind === 'override'
        ? `${asked ? `${asked} ` : ''}(freeze override during ${freeze.freeze}: ${freeze.reason})`
        : asked;
    const outcome = await requestDeletion(
      { ...deps, logger: log },
      {
        // From the view id, as Slack writes it (like `req-V…`): a Slack retry of this submission finds
        // the request it already made. Requests stored as `del-v…` before keep their ids.
        id: `del-${view.id}`,
        record,
        userId,
        channelId: formContext.channelId,
        ...(reason ? { reason } : {}),
      },
    );
    if (freeze.kind === 'override' && outcome.kind === 'requested') {
      await recordAuditOnce(deps.store, log, `freeze-override:${view.id}`, {
        peeringId: record.id,
        action: 'freeze-overridden',
        actor: userId,
        at: deps.clock.now().toISOString(),
        channelId: formContext.channelId,
        reason: freeze.reason,
        detail: `Deletion asked during ${freeze.freeze}`,
      });
    }
    if (outcome.kind === 'already-open') {
      await refuse(renderOpenRequestExists(outcome.request));
      return;
    }
    if (outcome.kind === 'managed-by-terraform') {
      await refuse(MANAGED_BY_TERRAFORM);
      return;
    }
    if (outcome.kind === 'not-deletable') {
      await refuse(`This peering is ${STATE_DESCRIPTIONS[record.state].label}: there is nothing to delete.`);
      return;
    }
    await ack();
  };
}
