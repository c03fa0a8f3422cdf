// What a person does in the playground, turned into the signed requests Slack would send the bot, and
// the bot's answers applied as Slack applies them (modal errors, update/push/clear, command replies).
import {
  type ActionSource,
  asInteraction,
  blockActionsPayload,
  blockSuggestionPayload,
  eventCallbackPayload,
  slashCommandPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads';
import type { PlaygroundActionResult, SlackView, ViewStateValues, WorkspaceUser } from './protocol';
import type { ResponseUrls } from './response-urls';
import { signSlackRequest } from './signing';
import type { Triggers } from './triggers';
import type { Views } from './views';
import type { Workspace } from './workspace';

/** Slack gives up on an app after 3 seconds. */
export const SLACK_REQUEST_TIMEOUT_MS = 3000;

export interface BotConnection {
  /** The bot's request URL (`POST /slack/events`). */
  eventsUrl: string;
  signingSecret: string;
}

export interface InteractionDeps {
  workspace: Workspace;
  views: Views;
  triggers: Triggers;
  responseUrls: ResponseUrls;
  /** Base of the response_urls this server answers, e.g. `http://127.0.0.1:PORT/response/`. */
  responseUrlBase: string;
  bot(): BotConnection | undefined;
}

type BotAnswer = { ok: true; body: Record<string, unknown> | undefined } | { ok: false; error: string };

export function makeInteractions(deps: InteractionDeps) {
  const { workspace, views, triggers, responseUrls } = deps;

  async function send(body: string, contentType?: string): Promise<BotAnswer> {
    const bot = deps.bot();
    if (!bot) return { ok: false, error: 'The bot is not connected to the playground yet.' };
    try {
      const response = await fetch(bot.eventsUrl, {
        method: 'POST',
        headers: signSlackRequest(bot.signingSecret, body, undefined, contentType),
        body,
        signal: AbortSignal.timeout(SLACK_REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status !== 200) return { ok: false, error: `the app answered HTTP ${response.status}` };
      if (!text) return { ok: true, body: undefined };
      try {
        return { ok: true, body: JSON.parse(text) as Record<string, unknown> };
      } catch {
        return { ok: true, body: { text } };
      }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        ok: false,
        error: timedOut
          ? 'operation_timeout: the app did not answer within 3 seconds'
          : 'dispatch_failed: the app could not be reached',
      };
    }
  }

  /** What Slack shows when an app fails a request: a note from Slackbot only the user sees. */
  function slackbotSays(userId: string, channel: string, text: string, threadTs?: string): void {
    workspace.post({
      channel,
      user: 'USLACKBOT',
      text,
      ephemeralFor: userId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }

  const responseUrl = (id: string) => `${deps.responseUrlBase}${id}`;

  function person(userId: string): WorkspaceUser {
    const user = workspace.userOf(userId);
    if (!user) throw new Error(`unknown user ${userId}`);
    return user;
  }

  return {
    async command(
      userId: string,
      channelId: string,
      commandLine: string,
      threadTs?: string,
    ): Promise<PlaygroundActionResult> {
      const channel = workspace.resolveChannel(channelId);
      if (!channel) return { ok: false, error: `no channel ${channelId}` };
      const [command = '', ...rest] = commandLine.trim().split(/\s+/);
      const id = responseUrls.register({ channel: channel.id, userId, ...(threadTs ? { threadTs } : {}) });
      const body = slashCommandPayload({
        command,
        text: rest.join(' '),
        user: person(userId),
        channel,
        responseUrl: responseUrl(id),
        triggerId: triggers.issue(userId),
      });
      const answer = await send(body);
      if (!answer.ok) {
        slackbotSays(userId, channel.id, `${command} failed with the error "${answer.error}"`, threadTs);
        return { ok: false, error: answer.error };
      }
      // An answer in the HTTP response is shown like a response_url post.
      if (answer.body && (answer.body.text !== undefined || answer.body.blocks !== undefined))
        responseUrls.apply(id, answer.body);
      return { ok: true };
    },

    async submitView(
      userId: string,
      viewId: string,
      values: ViewStateValues,
    ): Promise<PlaygroundActionResult> {
      const view = views.setState(viewId, values);
      if (!view) return { ok: false, error: 'This view is no longer open.' };
      const answer = await send(
        asInteraction(viewSubmissionPayload(person(userId), view, triggers.issue(userId))),
      );
      if (!answer.ok)
        return { ok: false, error: `We had some trouble connecting (${answer.error}). Try again?` };
      const action = answer.body?.response_action;
      if (action === 'errors') {
        views.setErrors(userId, (answer.body?.errors ?? {}) as Record<string, string>);
      } else if (action === 'update') {
        views.update({ viewId }, answer.body?.view as Partial<SlackView>);
      } else if (action === 'push') {
        views.push(userId, answer.body?.view as Partial<SlackView>);
      } else if (action === 'clear') {
        views.close(userId, true);
      } else {
        views.close(userId);
      }
      return { ok: true };
    },

    async closeView(userId: string, viewId: string, all = false): Promise<PlaygroundActionResult> {
      const top = views.stack(userId).at(-1);
      if (!top || top.id !== viewId) return { ok: false, error: 'This view is no longer open.' };
      const closed = views.close(userId, all);
      const notify = closed.filter((v) => v.notify_on_close);
      for (const view of notify) await send(asInteraction(viewClosedPayload(person(userId), view, all)));
      return { ok: true };
    },

    async blockAction(
      userId: string,
      where:
        | { type: 'message'; channel: string; ts: string; inThread?: boolean }
        | { type: 'view'; viewId: string; values?: ViewStateValues },
      blockId: string,
      action: Record<string, unknown>,
    ): Promise<PlaygroundActionResult> {
      let source: ActionSource;
      let notice: { channel: string; threadTs?: string } | undefined;
      if (where.type === 'view') {
        const view = where.values
          ? views.setState(where.viewId, where.values)
          : views.find(where.viewId)?.view;
        if (!view) return { ok: false, error: 'This view is no longer open.' };
        source = { type: 'view', view };
      } else {
        const channel = workspace.resolveChannel(where.channel);
        const message = channel && workspace.visibleTo(userId, channel.id).find((m) => m.ts === where.ts);
        if (!channel || !message) return { ok: false, error: 'This message is gone.' };
        // A reply clicked in its thread answers there; its channel copy (broadcast) in the channel.
        const threadTs =
          message.thread_ts && message.thread_ts !== message.ts && where.inThread !== false
            ? message.thread_ts
            : undefined;
        const id = responseUrls.register({
          channel: channel.id,
          userId,
          messageTs: message.ts,
          ...(threadTs ? { threadTs } : {}),
        });
        source = {
          type: 'message',
          channel,
          message,
          responseUrl: responseUrl(id),
          ...(threadTs ? {} : { inChannel: true }),
        };
        notice = { channel: channel.id, ...(threadTs ? { threadTs } : {}) };
      }
      const payload = blockActionsPayload({
        user: person(userId),
        source,
        blockId,
        action,
        triggerId: triggers.issue(userId),
      });
      const answer = await send(asInteraction(payload));
      if (!answer.ok) {
        if (notice)
          slackbotSays(userId, notice.channel, `That didn't work: ${answer.error}`, notice.threadTs);
        return { ok: false, error: answer.error };
      }
      return { ok: true };
    },

    async suggest(
      userId: string,
      viewId: string,
      blockId: string,
      actionId: string,
      value: string,
      values?: ViewStateValues,
    ) {
      const view = values ? views.setState(viewId, values) : views.find(viewId)?.view;
      if (!view) return { ok: false, error: 'This view is no longer open.' };
      const answer = await send(
        asInteraction(blockSuggestionPayload({ user: person(userId), view, blockId, actionId, value })),
      );
      if (!answer.ok) return { ok: false, error: answer.error };
      return {
        ok: true,
        options: (answer.body?.options as unknown[] | undefined) ?? [],
        ...(answer.body?.option_groups ? { optionGroups: answer.body.option_groups as unknown[] } : {}),
      } satisfies PlaygroundActionResult;
    },

    /** The user opens the app's Home tab: Slack sends app_home_opened through the Events API. */
    async openHome(userId: string): Promise<PlaygroundActionResult> {
      const home = views.home(userId);
      const dm = workspace.resolveChannel(userId);
      const event = eventCallbackPayload({
        type: 'app_home_opened',
        user: userId,
        channel: dm?.id ?? '',
        tab: 'home',
        ...(home ? { view: home } : {}),
      });
      const answer = await send(JSON.stringify(event), 'application/json');
      return answer.ok ? { ok: true } : { ok: false, error: answer.error };
    },
  };
}

export type Interactions = ReturnType<typeof makeInteractions>;
