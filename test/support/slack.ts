// Builds requests exactly as Slack sends them: form-encoded bodies, v0 HMAC signatures.
// One implementation of Slack's signature, shared with the playground that signs as Slack does.
export { signSlackRequest } from '../../src/sandbox/playground/signing';

export interface CommandOptions {
  text?: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
}

export function slashCommandBody(options: CommandOptions): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0SANDBOX',
    team_domain: 'sandbox',
    channel_id: options.channelId ?? 'C0PLATFORM',
    channel_name: 'platform',
    user_id: options.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: '/vpc-peer',
    text: options.text ?? '',
    api_app_id: 'A0VPCPEER',
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? `${Date.now()}.trigger`,
  }).toString();
}

/** Values as the user filled them in, keyed by block id. Select values are option values. */
export type FormValues = Record<string, string | undefined>;

export interface OpenView {
  id: string;
  hash?: string;
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
}

/** The view_submission payload Slack sends when the user presses the submit button. */
export function viewSubmissionBody(view: OpenView, values: FormValues, userId = 'U0ALICE'): string {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const value = values[block.block_id];
    const { type, action_id } = block.element;
    state[block.block_id] = {
      [action_id]:
        type === 'static_select'
          ? {
              type,
              selected_option:
                value === undefined ? null : { value, text: { type: 'plain_text', text: value } },
            }
          : type === 'conversations_select'
            ? { type, selected_conversation: value ?? null }
            : { type, value: value ?? null },
    };
  }
  const payload = {
    type: 'view_submission',
    team: { id: 'T0SANDBOX', domain: 'sandbox' },
    user: { id: userId, username: 'alice', name: 'alice', team_id: 'T0SANDBOX' },
    api_app_id: 'A0VPCPEER',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger2`,
    view: {
      id: view.id,
      team_id: 'T0SANDBOX',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      hash: view.hash ?? `${view.id}-hash`,
      blocks: view.blocks,
      state: { values: state },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An API Gateway HTTP API (payload 2.0) event carrying a Slack request, as the Lambda receives it. */
export function apiGatewayEvent(body: string, headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
  };
}

/** A Block Kit button as the bot rendered it. */
export interface RenderedButton {
  type: string;
  action_id: string;
  block_id?: string;
  value?: string;
  text?: { type: string; text: string };
  style?: string;
}

/** Where a clicked button lives: a channel message (or thread reply), or a modal. */
export type ButtonContainer =
  | {
      type: 'message';
      channelId: string;
      messageTs: string;
      threadTs?: string;
      /** Clicked on the channel copy of a broadcast reply: the container names no thread. */
      inChannel?: boolean;
      blocks: unknown[];
      text?: string;
    }
  | { type: 'view'; view: OpenView };

/** The block_actions payload Slack sends when someone clicks a button. */
export function blockActionBody(options: {
  button: RenderedButton;
  blockId: string;
  container: ButtonContainer;
  userId?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  const userId = options.userId ?? 'U0ALICE';
  const { button, container } = options;
  const action = {
    type: button.type,
    action_id: button.action_id,
    block_id: options.blockId,
    text: button.text,
    ...(button.value !== undefined ? { value: button.value } : {}),
    ...(button.style ? { style: button.style } : {}),
    action_ts: `${Date.now() / 1000}`,
  };
  const base = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0SANDBOX' },
    api_app_id: 'A0VPCPEER',
    token: 'deprecated-verification-token',
    trigger_id: options.triggerId ?? `${Date.now()}.trigger3`,
    team: { id: 'T0SANDBOX', domain: 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  const payload =
    container.type === 'message'
      ? {
          ...base,
          container: {
            type: 'message',
            message_ts: container.messageTs,
            channel_id: container.channelId,
            is_ephemeral: false,
            ...(container.threadTs && !container.inChannel ? { thread_ts: container.threadTs } : {}),
          },
          channel: { id: container.channelId, name: 'platform' },
          message: {
            type: 'message',
            user: 'UBOT',
            ts: container.messageTs,
            text: container.text ?? '',
            blocks: container.blocks,
            ...(container.threadTs ? { thread_ts: container.threadTs } : {}),
          },
          state: { values: {} },
          response_url: options.responseUrl,
        }
      : {
          ...base,
          container: { type: 'view', view_id: container.view.id },
          view: {
            id: container.view.id,
            team_id: 'T0SANDBOX',
            type: 'modal',
            callback_id: container.view.callback_id,
            private_metadata: container.view.private_metadata,
            hash: container.view.hash ?? `${container.view.id}-hash`,
            blocks: container.view.blocks,
            state: { values: {} },
          },
        };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API request (`event_callback`), e.g. `{type: 'app_home_opened', user, tab: 'home'}`. */
export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0SANDBOX',
    api_app_id: 'A0VPCPEER',
    type: 'event_callback',
    event_id: `Ev${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: `${Date.now() / 1000}`, ...event },
  });
}

/** Finds a button by action_id in rendered blocks, with the id of the block that holds it. */
export function findButton(
  blocks: unknown[],
  actionId: string,
): { button: RenderedButton; blockId: string } | undefined {
  for (const block of blocks as {
    block_id?: string;
    elements?: RenderedButton[];
    accessory?: RenderedButton;
  }[]) {
    const candidates = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])];
    const button = candidates.find((element) => element.action_id === actionId);
    if (button) return { button, blockId: block.block_id ?? 'actions' };
  }
  return undefined;
}
