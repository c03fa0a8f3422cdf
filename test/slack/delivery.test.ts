// Posting at most once: the claim is written before the post, so a retry posts nothing twice.
import { WebClient } from '@slack/web-api';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { makeLogger } from '../../src/logger';
import type { PeeringStore } from '../../src/peering/ports';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { makeMessageDelivery } from '../../src/slack/delivery';

describe('message delivery', () => {
  let slack: SlackApiStandIn;
  let store: PeeringStore;
  beforeEach(async () => {
    slack = await startSlackApiStandIn();
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close?.();
    await slack.close();
  });

  const delivery = () =>
    makeMessageDelivery({
      client: new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
      store,
      clock: { now: () => new Date() },
      logger: makeLogger({ level: 'silent' }),
    });
  const message = { text: 'Peering is ACTIVE', blocks: [] };

  it('posts a thread reply once per key, and again for another key', async () => {
    const target = { channelId: 'C0PLATFORM', threadTs: '1700000001.000100' };
    const first = await delivery().postOnce('state:req-1:ACTIVE', target, message);
    const again = await delivery().postOnce('state:req-1:ACTIVE', target, message);
    await delivery().postOnce('state:req-2:ACTIVE', target, message);
    expect(first).toEqual({ posted: true, ts: expect.stringMatching(/^\d+\.\d+$/) });
    expect(again.posted).toBe(false);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.args).toMatchObject({
      channel: 'C0PLATFORM',
      thread_ts: '1700000001.000100',
      text: 'Peering is ACTIVE',
    });
  });

  it('broadcasts a thread reply to the channel when asked', async () => {
    await delivery().postOnce(
      'delete:req-1',
      { channelId: 'C0PLATFORM', threadTs: '1.2', broadcast: true },
      message,
    );
    expect(slack.callsTo('chat.postMessage')[0]?.args.reply_broadcast).toBe('true');
  });
});
