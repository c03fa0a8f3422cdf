// Posting a Slack message at most once per purpose. Jobs run again after failures and queues
// redeliver, so every message the bot sends is claimed with a conditional write before it is sent:
// a retry then finds the claim and posts nothing twice.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import type { Clock, PeeringStore } from '../peering/ports';
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

/** Claims live as long as a message could still matter to anyone reading the thread. */
const CLAIM_TTL_SECONDS = 90 * 24 * 3600;

export function makeMessageDelivery(deps: {
  client: WebClient;
  store: PeeringStore;
  clock: Clock;
  logger: Logger;
}): MessageDelivery {
  return {
    async postOnce(key, target, message) {
      if (!(await deps.store.claimOnce(`message:${key}`, CLAIM_TTL_SECONDS))) {
        deps.logger.debug({ messageKey: key }, 'message already posted; not posting again');
        return { posted: false };
      }
      const where = target.threadTs
        ? {
            channel: target.channelId,
            thread_ts: target.threadTs,
            reply_broadcast: target.broadcast === true,
          }
        : { channel: target.channelId };
      const result = await deps.client.chat.postMessage({ ...where, ...message });
      return { posted: true, ...(result.ts ? { ts: result.ts } : {}) };
    },
  };
}
