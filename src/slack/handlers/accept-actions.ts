// The buttons of "Accept in AWS" (plan: accept; result: replace conflicts, retry): ack, decide in the
// domain (src/peering/decide-accept.ts), answer privately. A queued click says nothing: the run's
// messages in the thread do.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AcceptMode } from '../../peering/accept/model';
import { decideAccept } from '../../peering/decide-accept';
import { describeRefusal } from '../../policy/guardrails';
import { decisionLine, parseAcceptButtonValue } from '../views/accept';
import type { HandlerDeps } from './deps';
import { replaceAskText } from './replace-decision';

const WHAT: Record<AcceptMode, string> = {
  apply: 'accept its peerings and add routes',
  replace: 'replace routes there',
  retry: 'retry the work there',
};

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function makeAcceptActionHandler(deps: HandlerDeps, mode: AcceptMode) {
  return async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const tell = async (text: string) => {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    const value = parseAcceptButtonValue(action.value);
    if (!value) return tell('This button is out of date; use the latest message in the thread.');
    const outcome = await decideAccept(deps, {
      ...value,
      mode,
      userId,
      channelId: body.channel?.id,
      actionTs: action.action_ts,
    });
    switch (outcome.kind) {
      case 'not-requester':
        return tell(
          'Only people allowed to request peerings (REQUESTERS) can accept one in AWS. Ask one of them.',
        );
      case 'not-owner':
        return tell(describeRefusal(outcome.refusal, WHAT[mode]));
      case 'frozen':
      case 'not-acceptable':
        return tell(outcome.refusal);
      case 'run-stopped':
        return tell(
          'The run this started stopped before it finished. Press *Retry* on the latest message in the thread: it carries on from where it stopped.',
        );
      case 'already-decided': {
        const accept = outcome.accept;
        const decided =
          accept?.decidedBy && accept.decidedAt && accept.lastMode
            ? decisionLine({ by: accept.decidedBy, at: accept.decidedAt, mode: accept.lastMode })
            : 'Someone already decided this.';
        return tell(`Nothing to do: ${decided}`);
      }
      case 'replace':
        return tell(await replaceAskText(deps, outcome.asked));
      case 'queued':
        return;
    }
  };
}
