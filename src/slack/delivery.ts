// "Post at most once": every Slack message vpc-peer sends for a purpose (a peering's root message, a
// thread reply) goes through here, so job retries, SQS redeliveries and overlapping runs never post
// it twice. A missing message is preferred over a doubled one; a definite refusal frees the key.
import { type ChatPostMessageArguments, ErrorCode, type WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import type { Clock } from '../peering/ports';
import { SlackRestingError } from './errors';
import type { MessageIntent, MessageIntentStore } from './message-intents';
import type { SlackMessage } from './views/peering-message';

export interface MessageTarget {
  channelId: string;
  /** Reply in this thread; absent: a new message in the channel. */
  threadTs?: string;
  /** With threadTs: also show the reply in the channel (reply_broadcast). */
  broadcast?: boolean;
}

export interface MessageDelivery {
  /**
   * Posts `message` to `target` at most once per `key` (unique per purpose, e.g. `root:<peeringId>`),
   * also across job retries, queue redeliveries and concurrent runs. `ts` is the message's ts when
   * known: posted now, or recorded by the run that posted it.
   */
  postOnce(
    key: string,
    target: MessageTarget,
    message: SlackMessage,
  ): Promise<{ posted: boolean; ts?: string }>;
}

/** Slack message metadata event type: lets a later run find a post whose answer it never got. */
export const MESSAGE_EVENT_TYPE = 'vpc_peer_message';

/**
 * How long an intent without a ts may belong to a run that is still posting. Longer than one post
 * can take (the worker's Slack client times out after 10 s and never retries a post).
 */
export const POST_GRACE_MS = 30_000;

/** Pages of 200 messages a lookup reads at most. */
const LOOKUP_PAGES = 5;

/** How far before the intent's start a lookup searches: clocks of Lambda and Slack differ a little. */
const LOOKUP_SLACK_MS = 60_000;

/** Errors after which Slack certainly did not post: an answer with ok:false, or a 429. */
function isDefiniteRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError;
}

/**
 * Seconds Slack asked to wait (a 429's Retry-After), or undefined. The worker's client rejects
 * rate-limited calls instead of sleeping through them (src/container/clients.ts).
 */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  const { code, retryAfter } = (error ?? {}) as { code?: unknown; retryAfter?: unknown };
  return code === ErrorCode.RateLimitedError && typeof retryAfter === 'number' ? retryAfter : undefined;
}

interface FoundMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

export function makeMessageDelivery(deps: {
  client: WebClient;
  store: MessageIntentStore;
  clock: Clock;
  logger: Logger;
}): MessageDelivery {
  const { client, store, clock, logger } = deps;
  const nowIso = () => clock.now().toISOString();
  /**
   * Until when Slack asked the bot to wait before posting in a channel (chat.postMessage is limited per
   * channel). In memory: a back-off, not work; the announcer also records the wait on the change.
   */
  const restingUntil = new Map<string, number>();

  /** The message an earlier attempt posted for `intent`, if Slack has it. */
  async function lookUp(intent: MessageIntent): Promise<string | undefined> {
    const oldest = ((Date.parse(intent.startedAt) - LOOKUP_SLACK_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    // A busy channel can hold more than a page of messages since the attempt began.
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const common = { channel: intent.channelId, oldest, include_all_metadata: true, limit: 200, cursor };
      const answer = intent.threadTs
        ? await client.conversations.replies({ ...common, ts: intent.threadTs })
        : await client.conversations.history(common);
      const found = ((answer.messages ?? []) as FoundMessage[]).find(
        (m) => m.metadata?.event_type === MESSAGE_EVENT_TYPE && m.metadata.event_payload?.key === intent.key,
      );
      if (found?.ts) return found.ts;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return undefined;
    }
    // Not sure it is absent: prefer a missing message to a doubled one.
    throw new Error(`could not look through every message since ${intent.startedAt} for ${intent.key}`);
  }

  async function post(
    intent: MessageIntent,
    target: MessageTarget,
    message: SlackMessage,
  ): Promise<{ posted: boolean; ts?: string }> {
    const log = logger.child({ messageKey: intent.key, attempt: intent.attempt });
    let ts: string | undefined;
    try {
      // The cast: Slack's argument type is a union that spreads of optional thread fields cannot satisfy.
      const result = await client.chat.postMessage({
        channel: target.channelId,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...(target.threadTs && target.broadcast ? { reply_broadcast: true } : {}),
        ...message,
        metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key: intent.key } },
      } as ChatPostMessageArguments);
      ts = result.ts;
    } catch (error) {
      if (isDefiniteRefusal(error)) {
        // Slack said no: nothing was posted, so a later attempt may post (not before Retry-After).
        const retryAfter = retryAfterSecondsOf(error);
        if (retryAfter !== undefined) {
          const until = clock.now().getTime() + retryAfter * 1000;
          restingUntil.set(target.channelId, Math.max(restingUntil.get(target.channelId) ?? 0, until));
        }
        await store.releaseMessageIntent(intent.key, intent.attempt);
      } else {
        // Timeout or network: it may have landed. The next attempt looks before posting again.
        log.warn({ err: error }, 'Slack post outcome unknown; a retry will look for it first');
        await store
          .saveMessageIntent({ ...intent, inDoubtSince: nowIso() }, intent.attempt)
          .catch((saveError: unknown) => log.error({ err: saveError }, 'could not mark the post in doubt'));
      }
      throw error;
    }
    try {
      await store.saveMessageIntent({ ...intent, ...(ts ? { ts } : {}) }, intent.attempt);
    } catch (error) {
      // Posted, but not recorded: a later run finds the message by its metadata instead.
      log.error({ err: error }, 'posted to Slack but could not record it');
    }
    return ts ? { posted: true, ts } : { posted: true };
  }

  return {
    async postOnce(key, target, message) {
      const fresh: MessageIntent = {
        key,
        attempt: 1,
        startedAt: nowIso(),
        channelId: target.channelId,
        ...(target.threadTs ? { threadTs: target.threadTs } : {}),
      };
      const current = await store.getMessageIntent(key);
      if (current?.ts) return { posted: false, ts: current.ts };
      const resting = restingUntil.get(target.channelId) ?? 0;
      if (clock.now().getTime() < resting) throw new SlackRestingError(new Date(resting));
      if (!current) {
        if (await store.saveMessageIntent(fresh, 0)) return post(fresh, target, message);
        return recorded(await store.getMessageIntent(key));
      }

      // An intent without a ts: another run is posting now, or an earlier one ended in doubt.
      const since = current.inDoubtSince ?? current.startedAt;
      const inDoubt = current.inDoubtSince !== undefined;
      const age = clock.now().getTime() - Date.parse(since);
      if (!inDoubt && age < POST_GRACE_MS) return { posted: false };
      const found = await lookUp(current);
      if (found) {
        await store.saveMessageIntent({ ...current, ts: found }, current.attempt);
        logger.info({ messageKey: key, ts: found }, 'found the message an earlier attempt posted');
        return { posted: false, ts: found };
      }
      // Slack may still be processing a post that timed out moments ago: wait out the grace first.
      if (age < POST_GRACE_MS) return { posted: false };
      const next: MessageIntent = { ...fresh, attempt: current.attempt + 1 };
      if (await store.saveMessageIntent(next, current.attempt)) return post(next, target, message);
      return recorded(await store.getMessageIntent(key));
    },
  };
}

function recorded(intent: MessageIntent | undefined): { posted: boolean; ts?: string } {
  return intent?.ts ? { posted: false, ts: intent.ts } : { posted: false };
}
