// PeeringNotifier on the Slack Web API: the root message is the peering's home, the thread its log.
import type { WebClient } from '@slack/web-api';
import type { PeeringRecord } from '../peering/model';
import { ChannelUnavailableError, type PeeringNotifier, type SlackThreadRef } from '../peering/ports';
import {
  renderCannotPost,
  renderCreated,
  renderCreateFailed,
  renderPeeringRoot,
  type SlackMessage,
} from './views/peering-message';

/** Slack errors that mean "the bot may not post here", as opposed to Slack being unwell. */
const CHANNEL_UNAVAILABLE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'cannot_reply_to_message',
]);

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export interface SlackNotifierDeps {
  client: WebClient;
  /** Posts a message to a slash command's response_url (ephemeral to the user). */
  postToResponseUrl(url: string, message: SlackMessage): Promise<void>;
}

export function makeSlackNotifier({ client, postToResponseUrl }: SlackNotifierDeps): PeeringNotifier {
  async function reply(record: PeeringRecord, message: SlackMessage): Promise<void> {
    if (!record.thread) throw new Error(`peering ${record.id} has no thread to reply in`);
    await client.chat.postMessage({
      channel: record.thread.channelId,
      thread_ts: record.thread.ts,
      ...message,
    });
  }

  return {
    async postRoot(record): Promise<SlackThreadRef> {
      try {
        const result = await client.chat.postMessage({
          channel: record.channelId,
          ...renderPeeringRoot(record),
        });
        if (!result.ts) throw new Error('chat.postMessage returned no ts');
        return { channelId: result.channel ?? record.channelId, ts: result.ts };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && CHANNEL_UNAVAILABLE.has(code)) throw new ChannelUnavailableError(record.channelId, code);
        throw error;
      }
    },
    async updateRoot(record) {
      if (!record.thread) return;
      await client.chat.update({
        channel: record.thread.channelId,
        ts: record.thread.ts,
        ...renderPeeringRoot(record),
      });
    },
    peeringCreated: (record) => reply(record, renderCreated(record)),
    createFailed: (record, reason, nextStep) => reply(record, renderCreateFailed(record, reason, nextStep)),
    async cannotPost(record, responseUrl) {
      const message = renderCannotPost(record.channelId);
      if (responseUrl) {
        await postToResponseUrl(responseUrl, message);
        return;
      }
      // No response_url: a direct message from the bot still reaches the user.
      await client.chat.postMessage({ channel: record.requestedBy, ...message });
    },
  };
}

/** response_url answers are plain HTTPS posts, not Web API calls. */
export function makeResponseUrlPoster(options: { timeoutMs: number; fetch?: typeof fetch }) {
  const doFetch = options.fetch ?? fetch;
  return async (url: string, message: SlackMessage): Promise<void> => {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
  };
}
