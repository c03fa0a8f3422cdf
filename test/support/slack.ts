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
