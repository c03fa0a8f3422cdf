// `/vpc-peer` or `/vpc-peer create`: opens the create modal at once (the trigger_id lives 3 seconds)
// and leaves every Aiven call to the worker.
import { isFresh } from '../../peering/snapshot';
import type { CommandArgs, SubcommandHandler, SubcommandInput } from '../handlers/command';
import type { HandlerDeps } from '../handlers/deps';
import { tellFormNotOpened } from '../handlers/form-not-opened';
import { refuseChange } from '../handlers/refusals';
import { type CreateFormContext, renderCreateForm, renderLoadingForm } from '../views/create-form';
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
      await openForm({ command, client }, log);
    } catch (error) {
      await tellFormNotOpened({ respond, log, newId: deps.newId }, error);
    }
  };

  async function openForm(
    { command, client }: Pick<CommandArgs, 'command' | 'client'>,
    log: SubcommandInput['log'],
  ): Promise<void> {
    const formContext: CreateFormContext = {
      channelId: command.channel_id,
      responseUrl: command.response_url,
    };
    const snapshot = await deps.store.loadSnapshot(deps.organizationId);
    if (isFresh(snapshot, deps.clock.now())) {
      await client.views.open({
        trigger_id: command.trigger_id,
        view: renderCreateForm(
          formContext,
          snapshot.vpcs.map((d) => d.vpc),
        ),
      });
      return;
    }
    const opened = await client.views.open({
      trigger_id: command.trigger_id,
      view: renderLoadingForm(formContext),
    });
    const viewId = opened.view?.id;
    if (!viewId) throw new Error('views.open returned no view id');
    await deps.queue.enqueue({
      kind: 'load-create-form',
      id: deps.newId(),
      viewId,
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
    });
    log.info({ viewId }, 'create form opened; loading org VPCs');
  }
}
