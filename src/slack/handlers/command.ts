// `/vpc-peer [create|help]`: answers within Slack's 3 seconds by opening the modal at once and
// leaving every Aiven call to the worker.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger';
import { isFresh } from '../../peering/snapshot';
import { type CreateFormContext, renderCreateForm, renderLoadingForm } from '../views/create-form';
import { renderNotAllowed, renderUsage } from '../views/usage';
import type { HandlerDeps } from './deps';
import { tellFormNotOpened } from './form-not-opened';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function makeCommandHandler(deps: HandlerDeps) {
  return async ({ command, ack, client, context, respond }: CommandArgs): Promise<void> => {
    const [subcommand = 'create', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const log = deps.logger.child({ userId: command.user_id, channelId: command.channel_id, subcommand });

    if (subcommand === 'help' || subcommand !== 'create' || rest.length > 0) {
      const unknown = subcommand === 'help' ? undefined : command.text.trim();
      await ack({ response_type: 'ephemeral', text: renderUsage(unknown) });
      return;
    }
    if (!deps.policy.mayRequest(command.user_id)) {
      log.warn('refused: not a requester');
      await ack({ response_type: 'ephemeral', text: renderNotAllowed() });
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
      await openFormFor({ command, client }, log);
    } catch (error) {
      await tellFormNotOpened({ respond, log, newId: deps.newId }, error);
    }
  };

  async function openFormFor({ command, client }: Pick<CommandArgs, 'command' | 'client'>, log: Logger) {
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
