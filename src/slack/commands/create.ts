// `/vpc-peer` or `/vpc-peer create`: opens the create modal at once (the trigger_id lives 3 seconds)
// and leaves every Aiven call to the worker.
import type { SubcommandHandler } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { tellFormNotOpened } from '../handlers/form-not-opened';
import { openCreateForm } from '../handlers/open-create-form';
import { refuseChange } from '../handlers/refusals';
import { renderUsage } from '../views/usage';

export function makeCreateCommand(deps: HandlerDeps): SubcommandHandler {
  return async ({ command, ack, client, context, respond, args, log }) => {
    if (args.length > 0) {
      await ack({ response_type: 'ephemeral', text: renderUsage(command.text.trim()) });
      return;
    }
    const refusal = refuseChange(deps.policy, command.user_id, command.channel_id);
    if (refusal) {
      log.warn('refused: not a requester or not an allowed channel');
      await ack({ response_type: 'ephemeral', text: refusal });
      return;
    }
    // Slack retries a slow command; the first delivery already opened the modal.
    if (context.retryNum !== undefined) {
      log.info({ retryNum: context.retryNum }, 'ignoring a retried slash command');
      await ack();
      return;
    }
    await ack();
    try {
      await openCreateForm(
        deps,
        {
          client,
          triggerId: command.trigger_id,
          userId: command.user_id,
          context: { channelId: command.channel_id, responseUrl: command.response_url },
        },
        log,
      );
    } catch (error) {
      await tellFormNotOpened({ respond, log, newId: deps.newId }, error);
    }
  };
}
