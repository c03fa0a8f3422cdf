// The buttons of "Accept in AWS" (plan: accept; result: replace conflicts, retry). Within Slack's
// 3 seconds: check the clicker, read the store, queue the work. The job decides, with a conditional
// write, which of several clicks of the same round wins, so AWS changes once.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { acceptRefusal } from '../../peering/accept/deletion-guard';
import type { AcceptMode } from '../../peering/accept/model';
import { applyAcceptJob } from '../../peering/job-ids';
import type { PeeringRecord } from '../../peering/model';
import { checkFreeze, freezeClickRefusal } from '../../policy/freeze';
import { describeRefusal } from '../../policy/guardrails';
import { decisionLine, parseAcceptButtonValue } from '../views/accept';
import type { HandlerDeps } from './deps';
import { askReplaceApproval } from './replace-decision';

const WHAT: Record<AcceptMode, string> = {
  apply: 'accept its peerings and add routes',
  replace: 'replace routes there',
  retry: 'retry the work there',
};

const FROZEN: Record<AcceptMode, string> = {
  apply: 'accepting a peering and adding routes',
  replace: 'replacing routes',
  retry: 'retrying the work in AWS',
};

/**
 * With a policy file: only members of the team owning the peering's AWS account, in its channels.
 * ("Replace conflicting routes" then waits for approvers too: replace-decision.ts.)
 */
async function refuseByPolicy(
  deps: HandlerDeps,
  input: { userId: string; record: PeeringRecord; mode: AcceptMode; channelId: string | undefined },
): Promise<string | undefined> {
  if (!deps.guardrails) return undefined;
  const refusal = await deps.guardrails.refuseAccount({
    userId: input.userId,
    accountId: input.record.spec.awsAccountId,
    channelId: input.channelId ?? input.record.channelId,
  });
  return refusal && describeRefusal(refusal, WHAT[input.mode]);
}

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function makeAcceptActionHandler(deps: HandlerDeps, mode: AcceptMode) {
  return async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const value = parseAcceptButtonValue(action.value);
    if (!value) {
      await tell('This button is out of date; use the latest message in the thread.');
      return;
    }
    if (!deps.policy.mayRequest(userId)) {
      await tell(
        'Only people allowed to request peerings (REQUESTERS) can accept one in AWS. Ask one of them.',
      );
      return;
    }
    const record = await deps.store.getPeering(value.peeringId);
    const guarded =
      record && (await refuseByPolicy(deps, { userId, record, mode, channelId: body.channel?.id }));
    if (guarded) {
      deps.logger.warn(
        { userId, peeringId: value.peeringId, mode },
        'accept click refused by the policy file',
      );
      await tell(guarded);
      return;
    }
    const frozen = freezeClickRefusal(
      await checkFreeze(deps.guardrails, { now: deps.clock.now(), userId, what: FROZEN[mode] }),
    );
    if (frozen) {
      deps.logger.warn(
        { userId, peeringId: value.peeringId, mode },
        'accept click refused by a change freeze',
      );
      await tell(frozen);
      return;
    }
    const refusal = record && (await acceptRefusal(deps.store, record));
    if (refusal) {
      await tell(refusal);
      return;
    }
    const accept = record?.accept;
    if (accept && accept.round !== value.round && accept.status === 'partial') {
      // A run that failed or died (the sweeper ends dead runs): its Retry is the way on, not this.
      await tell(
        'The run this started stopped before it finished. Press *Retry* on the latest message in the thread: it carries on from where it stopped.',
      );
      return;
    }
    if (!accept || accept.round !== value.round) {
      const decided =
        accept?.decidedBy && accept.decidedAt && accept.lastMode
          ? decisionLine({ by: accept.decidedBy, at: accept.decidedAt, mode: accept.lastMode })
          : 'Someone already decided this.';
      await tell(`Nothing to do: ${decided}`);
      return;
    }
    // Replace changes a route someone else made: with a policy file it waits for approvers.
    if (mode === 'replace' && deps.guardrails && record) {
      await askReplaceApproval(
        deps,
        { record, round: value.round, userId, channelId: body.channel?.id },
        tell,
      );
      return;
    }
    // Per click (Slack's retries of the same click share action_ts): the job's compare-and-set picks one.
    const job = applyAcceptJob(
      { peeringId: value.peeringId, round: value.round, mode, userId },
      action.action_ts,
    );
    deps.logger.info(
      { userId, peeringId: value.peeringId, round: value.round, mode, jobId: job.id },
      'accept decision queued',
    );
    await deps.queue.enqueue(job);
  };
}
