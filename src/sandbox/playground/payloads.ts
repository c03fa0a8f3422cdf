// The bodies Slack sends to an app, built from the local workspace: slash commands (form fields),
// interactivity payloads (form field `payload` holding JSON) and Events API envelopes (JSON).
// Shapes follow https://api.slack.com/interactivity/handling#payloads and the Events API docs.
import { randomBytes } from 'node:crypto';
import type { SlackView, StoredMessage, WorkspaceChannel, WorkspaceUser } from './protocol';
import { BOT, TEAM_ID } from './workspace';

const TEAM = { id: TEAM_ID, domain: 'sandbox' };
const VERIFICATION_TOKEN = 'deprecated-verification-token';

const payloadUser = (user: WorkspaceUser) => ({
  id: user.id,
  username: user.name,
  name: user.name,
  team_id: TEAM_ID,
});
const actionTs = () => (Date.now() / 1000).toFixed(6);

/** Interactivity payloads travel as one form field named `payload`. */
export const asInteraction = (payload: object) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function slashCommandPayload(options: {
  command: string;
  text: string;
  user: WorkspaceUser;
  channel: WorkspaceChannel;
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    team_domain: TEAM.domain,
    channel_id: options.channel.id,
    channel_name: options.channel.dmWith ? 'directmessage' : options.channel.name,
    user_id: options.user.id,
    user_name: options.user.name,
    command: options.command,
    text: options.text,
    api_app_id: BOT.appId,
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId,
  }).toString();
}

export function viewSubmissionPayload(user: WorkspaceUser, view: SlackView, triggerId: string) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: payloadUser(user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(user: WorkspaceUser, view: SlackView, isCleared: boolean) {
  return {
    type: 'view_closed',
    team: TEAM,
    user: payloadUser(user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    view,
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export type ActionSource =
  | {
      type: 'message';
      channel: WorkspaceChannel;
      message: StoredMessage;
      responseUrl: string;
      /** Clicked outside its thread (the channel copy of a broadcast reply): no container.thread_ts. */
      inChannel?: boolean;
    }
  | { type: 'view'; view: SlackView };

/** A click on a button, a select or an overflow, in a message or in a modal / App Home. */
export function blockActionsPayload(options: {
  user: WorkspaceUser;
  source: ActionSource;
  blockId: string;
  action: Record<string, unknown>;
  triggerId: string;
}) {
  const { source } = options;
  const action = { ...options.action, block_id: options.blockId, action_ts: actionTs() };
  const common = {
    type: 'block_actions',
    user: payloadUser(options.user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: options.triggerId,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (source.type === 'view') {
    return {
      ...common,
      container: { type: 'view', view_id: source.view.id },
      view: source.view,
      state: source.view.state,
    };
  }
  const { ephemeralFor, channel: _channel, ...message } = source.message;
  return {
    ...common,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: source.channel.id,
      is_ephemeral: ephemeralFor !== undefined,
      ...(message.thread_ts && message.thread_ts !== message.ts && !source.inChannel
        ? { thread_ts: message.thread_ts }
        : {}),
    },
    channel: { id: source.channel.id, name: source.channel.dmWith ? 'directmessage' : source.channel.name },
    message,
    state: { values: {} },
    response_url: source.responseUrl,
  };
}

/** An options request for an external_select as the user types. */
export function blockSuggestionPayload(options: {
  user: WorkspaceUser;
  view: SlackView;
  blockId: string;
  actionId: string;
  value: string;
}) {
  return {
    type: 'block_suggestion',
    user: payloadUser(options.user),
    container: { type: 'view', view_id: options.view.id },
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    action_id: options.actionId,
    block_id: options.blockId,
    value: options.value,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    view: options.view,
  };
}

/** An Events API delivery (`event_callback`), e.g. app_home_opened. */
export function eventCallbackPayload(event: Record<string, unknown> & { type: string }) {
  const now = Date.now();
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    api_app_id: BOT.appId,
    event: { ...event, event_ts: (now / 1000).toFixed(6) },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: TEAM_ID,
        user_id: BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString('hex')}`,
  };
}
