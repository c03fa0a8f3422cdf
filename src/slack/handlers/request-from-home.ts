// "Request a peering" on the Home tab: opens the create modal, which there asks for the channel the
// request goes to (there is no channel to take it from). A click has no response_url: a refusal is
// shown in a small modal where the click was made, a failure in a direct message.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderRefusalModal } from '../views/home';
import { renderNotAllowed } from '../views/usage';
import type { HandlerDeps } from './deps';
import { openCreateForm } from './open-create-form';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function makeRequestFromHomeHandler(deps: HandlerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const log = deps.logger.child({ userId, action: 'request-from-home' });
    if (!deps.policy.mayRequest(userId)) {
      log.warn('refused: not a requester');
      await client.views.open({ trigger_id: body.trigger_id, view: renderRefusalModal(renderNotAllowed()) });
      return;
    }
    try {
      await openCreateForm(
        deps,
        { client, triggerId: body.trigger_id, userId, context: { fromHome: true } },
        log,
      );
    } catch (error) {
      const reference = `home-${deps.newId().slice(0, 8)}`;
      log.error({ err: error, reference }, 'could not open the create form');
      await client.chat.postMessage({
        channel: userId,
        text: `:warning: vpc-peer could not open the peering form just now. Please try again, or type \`/vpc-peer\` in a channel. (reference: ${reference})`,
      });
    }
  };
}
