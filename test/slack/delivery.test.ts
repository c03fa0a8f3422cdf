// Post at most once: the delivery primitive against the Slack Web API stand-in and a real store.
import { Writable } from 'node:stream';
import type { Store } from '../../src/adapters/store/roles';
import { openSqliteStore } from '../../src/adapters/store/sqlite';
import { makeWorkerSlackClient } from '../../src/container/clients';
import { makeLogger } from '../../src/logger';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import {
  MESSAGE_EVENT_TYPE,
  type MessageDelivery,
  makeMessageDelivery,
  POST_GRACE_MS,
} from '../../src/slack/delivery';
import { SlackRestingError } from '../../src/slack/errors';
import { ManualClock } from '../adapters/store-contract';

const message = (text: string) => ({ text, blocks: [] });

describe('MessageDelivery.postOnce', () => {
  let slack: SlackApiStandIn;
  let store: Store;
  let clock: ManualClock;
  let delivery: MessageDelivery;
  const posts = () => slack.callsTo('chat.postMessage');

  beforeEach(async () => {
    slack = await startSlackApiStandIn();
    store = openSqliteStore({ path: ':memory:' });
    clock = new ManualClock(new Date());
    delivery = deliveryWithTimeout(10_000);
  });

  /**
   * The delivery under test, with the worker's Slack client timing out after `timeoutMs`: generous by
   * default (a loaded machine answers slowly), short only where a test makes the stand-in hang.
   */
  function deliveryWithTimeout(timeoutMs: number): MessageDelivery {
    const logger = makeLogger({
      level: 'silent',
      destination: new Writable({ write: (_c, _e, done) => done() }),
    });
    const client = makeWorkerSlackClient({ botToken: 'xoxb-test', apiUrl: slack.apiUrl, logger, timeoutMs });
    return makeMessageDelivery({ client, store, clock, logger });
  }
  afterEach(async () => {
    await store.close?.();
    await slack.close();
  });

  it('posts once per key with metadata naming the key, and returns the same ts to every later call', async () => {
    const first = await delivery.postOnce('root:req-1', { channelId: 'C1' }, message('hello'));
    expect(first).toEqual({ posted: true, ts: expect.any(String) });
    const again = await delivery.postOnce('root:req-1', { channelId: 'C1' }, message('hello'));
    expect(again).toEqual({ posted: false, ts: first.ts });
    expect(posts()).toHaveLength(1);
    await expect(
      delivery.postOnce('root:req-other', { channelId: 'C1' }, message('hello')),
    ).resolves.toMatchObject({
      posted: true,
    });
    expect(posts()).toHaveLength(2);
    expect(slack.messages('C1')[0]?.metadata).toEqual({
      event_type: MESSAGE_EVENT_TYPE,
      event_payload: { key: 'root:req-1' },
    });
  });

  it('posts once when runs overlap', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => delivery.postOnce('created:req-2', { channelId: 'C1' }, message('x'))),
    );
    expect(posts()).toHaveLength(1);
    expect(results.filter((r) => r.posted)).toHaveLength(1);
  });

  it('replies in the thread, and broadcasts only when asked', async () => {
    const root = await delivery.postOnce('root:req-3', { channelId: 'C1' }, message('root'));
    await delivery.postOnce('a:req-3', { channelId: 'C1', threadTs: root.ts as string }, message('quiet'));
    await delivery.postOnce(
      'b:req-3',
      { channelId: 'C1', threadTs: root.ts as string, broadcast: true },
      message('loud'),
    );
    const [quiet, loud] = posts().slice(1);
    expect(quiet?.args).toMatchObject({ thread_ts: root.ts });
    expect(quiet?.args.reply_broadcast).toBeUndefined();
    expect(loud?.args).toMatchObject({ thread_ts: root.ts, reply_broadcast: 'true' });
  });

  it('frees the key when Slack refuses the post, so a retry can post', async () => {
    slack.failNext('chat.postMessage', 'channel_not_found');
    await expect(delivery.postOnce('root:req-4', { channelId: 'C1' }, message('x'))).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(delivery.postOnce('root:req-4', { channelId: 'C1' }, message('x'))).resolves.toMatchObject({
      posted: true,
    });
    expect(slack.messages('C1')).toHaveLength(1);
  });

  it('after a timed-out post that landed, finds it by its metadata instead of posting again', async () => {
    delivery = deliveryWithTimeout(1_000);
    slack.hangNext('chat.postMessage');
    await expect(delivery.postOnce('root:req-5', { channelId: 'C1' }, message('x'))).rejects.toThrow();
    expect(posts()).toHaveLength(1);
    const found = await delivery.postOnce('root:req-5', { channelId: 'C1' }, message('x'));
    expect(found).toEqual({ posted: false, ts: slack.messages('C1')[0]?.ts });
    expect(slack.callsTo('conversations.history')[0]?.args).toMatchObject({ include_all_metadata: 'true' });
    expect(posts()).toHaveLength(1);
  });

  it('after a timed-out reply that never landed, posts it once the grace period has passed', async () => {
    const root = await delivery.postOnce('root:req-6', { channelId: 'C1' }, message('root'));
    const target = { channelId: 'C1', threadTs: root.ts as string };
    slack.calls.length = 0;
    // An earlier run's reply timed out and never reached Slack.
    await store.saveMessageIntent(
      {
        key: 'created:req-6',
        attempt: 1,
        startedAt: clock.now().toISOString(),
        channelId: 'C1',
        threadTs: target.threadTs,
        inDoubtSince: clock.now().toISOString(),
      },
      0,
    );
    await expect(delivery.postOnce('created:req-6', target, message('reply'))).resolves.toEqual({
      posted: false,
    });
    expect(posts()).toHaveLength(0);
    clock.advanceSeconds(POST_GRACE_MS / 1000 + 1);
    slack.calls.length = 0;
    await expect(delivery.postOnce('created:req-6', target, message('reply'))).resolves.toMatchObject({
      posted: true,
    });
    expect(slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('after a 429 waits out Retry-After in that channel only, asking Slack nothing meanwhile', async () => {
    slack.failNext('chat.postMessage', 'ratelimited', { status: 429, retryAfterSeconds: 30 });
    await expect(delivery.postOnce('root:req-8', { channelId: 'C1' }, message('x'))).rejects.toMatchObject({
      retryAfter: 30,
    });
    await expect(delivery.postOnce('root:req-8', { channelId: 'C1' }, message('x'))).rejects.toBeInstanceOf(
      SlackRestingError,
    );
    expect(posts()).toHaveLength(1);
    await expect(delivery.postOnce('root:req-9', { channelId: 'C2' }, message('y'))).resolves.toMatchObject({
      posted: true,
    });
    clock.advanceSeconds(31);
    await expect(delivery.postOnce('root:req-8', { channelId: 'C1' }, message('x'))).resolves.toMatchObject({
      posted: true,
    });
    expect(slack.messages('C1')).toHaveLength(1);
  });

  it('leaves a post another run started moments ago alone (a missing message beats a doubled one)', async () => {
    await store.saveMessageIntent(
      { key: 'root:req-7', attempt: 1, startedAt: clock.now().toISOString(), channelId: 'C1' },
      0,
    );
    await expect(delivery.postOnce('root:req-7', { channelId: 'C1' }, message('x'))).resolves.toEqual({
      posted: false,
    });
    expect(posts()).toHaveLength(0);
  });
});
