// PeeringNotifier on the Slack Web API: the root message is the peering's home, the thread its log.
import { ErrorCode, type WebClient } from '@slack/web-api';
import { ChannelUnavailableError, RootInDoubtError } from '../../peering/errors';
import type { PeeringRecord } from '../../peering/model';
import { peeringFacts } from '../../peering/outcome';
import type { PeeringNotifier, SlackThreadRef } from '../../peering/ports';
import { type MessageDelivery, POST_GRACE_MS } from '../delivery';
import { MessageInDoubtError } from '../errors';
import {
  renderCannotPost,
  renderCreated,
  renderCreateFailed,
  renderPeeringRoot,
  type SlackMessage,
} from '../views/peering-message';

/** Slack errors that mean "the bot may not post here", as opposed to Slack being unwell. */
const CHANNEL_UNAVAILABLE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'cannot_reply_to_message',
]);

function isRateLimited(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === ErrorCode.RateLimitedError;
}

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export interface SlackNotifierDeps {
  client: WebClient;
  delivery: MessageDelivery;
  /** Posts a message to a slash command's response_url (ephemeral to the user). */
  postToResponseUrl(url: string, message: SlackMessage): Promise<void>;
  /** Whether "Accept in AWS" has a role in an account: the root then says vpc-peer accepts it. */
  botAccepts?: (awsAccountId: string) => boolean;
}

export function makeSlackNotifier({
  client,
  delivery,
  postToResponseUrl,
  botAccepts,
}: SlackNotifierDeps): PeeringNotifier {
  const root = (record: PeeringRecord) => renderPeeringRoot(record, peeringFacts(record, botAccepts));

  async function reply(record: PeeringRecord, purpose: string, message: SlackMessage): Promise<void> {
    if (!record.thread) throw new Error(`peering ${record.id} has no thread to reply in`);
    const key = `${purpose}:${record.id}`;
    const { posted, ts } = await delivery.postOnce(
      key,
      { channelId: record.thread.channelId, threadTs: record.thread.ts },
      message,
    );
    if (!posted && !ts) throw new MessageInDoubtError(key);
  }

  /** Privately to the requester: the response_url, or a direct message when that fails or is gone. */
  async function tellRequester(record: PeeringRecord, message: SlackMessage, responseUrl?: string) {
    if (responseUrl) {
      try {
        await postToResponseUrl(responseUrl, message);
        return;
      } catch {
        // response_url expires (30 minutes, 5 uses): a direct message from the bot still reaches them.
      }
    }
    await client.chat.postMessage({ channel: record.requestedBy, ...message });
  }

  return {
    async postRoot(record): Promise<SlackThreadRef> {
      try {
        const key = `root:${record.id}`;
        const { ts } = await delivery.postOnce(key, { channelId: record.channelId }, root(record));
        if (!ts) throw new MessageInDoubtError(key);
        return { channelId: record.channelId, ts };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && CHANNEL_UNAVAILABLE.has(code)) throw new ChannelUnavailableError(record.channelId, code);
        // No answer from Slack (timeout, network, HTTP 5xx) or a post not found yet: it may be there.
        if (error instanceof MessageInDoubtError || (!code && !isRateLimited(error)))
          throw new RootInDoubtError(record.id, error, POST_GRACE_MS);
        throw error;
      }
    },
    async updateRoot(record) {
      if (!record.thread) return;
      await client.chat.update({
        channel: record.thread.channelId,
        ts: record.thread.ts,
        ...root(record),
      });
    },
    peeringCreated: (record) =>
      reply(record, 'created', renderCreated(record, peeringFacts(record, botAccepts))),
    createFailed: (record, reason, nextStep) =>
      reply(record, 'create-failed', renderCreateFailed(record, reason, nextStep)),
    cannotPost: (record, responseUrl) =>
      tellRequester(record, renderCannotPost(record.channelId), responseUrl),
    createFailedPrivately: (record, reason, nextStep, responseUrl) =>
      tellRequester(record, renderCreateFailed(record, reason, nextStep), responseUrl),
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
