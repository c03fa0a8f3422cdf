import type { PeeringRecord } from '../../src/peering/model';
import { SANDBOX_TIMINGS } from '../../src/sandbox/aiven-sandbox';
import type { FailureOptions } from '../../src/sandbox/playground/server';
import { bothStores } from '../support/both-stores';
import { type ProgressHarness, ROOT, startProgressHarness, textOf } from '../support/progress';

const STORES = bothStores('vpc-peer-outage');

/** How Slack refuses, as the stand-in answers. */
const OUTAGES: [string, string, Omit<FailureOptions, 'when' | 'times'>][] = [
  ['internal_error (ok:false)', 'internal_error', {}],
  ['ratelimited (HTTP 429, Retry-After 20 s)', 'ratelimited', { status: 429, retryAfterSeconds: 20 }],
  ['HTTP 500', 'internal_error', { status: 500 }],
  ['HTTP 500 after the post landed', 'internal_error', { status: 500, landed: true }],
];

/** The fast watch's pace (12 s), shorter than the grace a post in doubt is given before a lookup. */
const POLL_SECONDS = 12;

describe.each(STORES)('Slack refusing posts while a change is due (%s)', (_name, makeStore) => {
  let h: ProgressHarness;
  const run = () => h.progress.reconcile.run();
  /** The next check: only vpc-peer's clock moves, Aiven holds the peering in PENDING_PEER. */
  const nextPoll = async () => {
    h.clock.advanceSeconds(POLL_SECONDS);
    await run();
  };
  afterEach(async () => {
    await h.stop();
  });

  /** A tracked peering whose root message really is in the stand-in's channel (lookups read its thread). */
  async function trackedWithRoot(): Promise<PeeringRecord> {
    const record = await h.track();
    const answer = await fetch(`${h.slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-progress-test' },
      body: JSON.stringify({ channel: ROOT.channelId, text: `root of ${record.id}` }),
    });
    const { ts } = (await answer.json()) as { ts: string };
    return h.store.updatePeering(record.id, record.version, { thread: { channelId: ROOT.channelId, ts } });
  }

  /** Replies in the thread as the channel shows them (not calls: a landed post whose answer failed counts). */
  const threadReplies = (record: PeeringRecord) =>
    h.slack.messages(ROOT.channelId).filter((m) => m.thread_ts === record.thread?.ts && m.ts !== m.thread_ts);

  const holdPendingPeer = async (record: PeeringRecord) => {
    h.advance(SANDBOX_TIMINGS.approvedMs);
    const info = h.aiven
      .peerings()
      .find((p) => p.peering_connection_id === record.aivenPeeringId)?.state_info;
    h.aiven.setPeeringState(record.aivenPeeringId as string, 'PENDING_PEER', info);
  };

  beforeEach(async () => {
    h = await startProgressHarness(makeStore);
    await run(); // adopts the seed peering silently
  });

  describe.each(OUTAGES)('%s', (_how, error, options) => {
    it.each([5])(
      'on the state reply, %i times in a row: the reply and the root update land once after recovery',
      async (times) => {
        const record = await trackedWithRoot();
        await holdPendingPeer(record);
        h.slack.failNext('chat.postMessage', error, {
          ...options,
          times,
          when: (args) => args.thread_ts !== undefined,
        });
        await run();
        for (let poll = 0; poll < 25; poll++) await nextPoll(); // 5 minutes

        const replies = threadReplies(record);
        expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('Waiting for AWS')]);
        const updated = h.rootUpdates().filter((c) => c.response?.ok === true);
        expect(updated).toHaveLength(1);
        expect(textOf(updated[0])).toContain('*Waiting for AWS*');
        await expect(h.store.getPeering(record.id)).resolves.toMatchObject({
          state: 'PENDING_PEER',
          pendingChanges: [],
        });
      },
    );

    it('on the root update, 2 times in a row: the root shows the change once Slack is back, the reply once', async () => {
      const record = await trackedWithRoot();
      await holdPendingPeer(record);
      h.slack.failNext('chat.update', error, { ...options, times: 2 });
      await run();
      for (let poll = 0; poll < 25; poll++) await nextPoll();

      expect(threadReplies(record)).toHaveLength(1);
      const updated = h.rootUpdates().filter((c) => c.response?.ok === true);
      expect(updated).toHaveLength(1);
      expect(textOf(updated[0])).toContain('*Waiting for AWS*');
      await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ pendingChanges: [] });
    });
  });

  it('honours Retry-After: nothing is asked of Slack before it, the reply follows once after it', async () => {
    const record = await trackedWithRoot();
    await holdPendingPeer(record);
    h.slack.failNext('chat.postMessage', 'ratelimited', {
      status: 429,
      retryAfterSeconds: 120,
      when: (args) => args.thread_ts !== undefined,
    });
    await run();
    const asked = h.slack.calls.length;
    h.clock.advanceSeconds(60);
    await run();
    await run();
    expect(h.slack.calls.length).toBe(asked);
    expect(threadReplies(record)).toHaveLength(0);

    h.clock.advanceSeconds(61);
    await run();
    await run();
    expect(threadReplies(record).map((m) => m.text)).toEqual([expect.stringContaining('Waiting for AWS')]);
    expect(h.rootUpdates().filter((c) => c.response?.ok === true)).toHaveLength(1);
  });

  it('a reminder Slack fails to take (HTTP 500) is sent once after Slack recovers, not counted as sent', async () => {
    const record = await trackedWithRoot();
    await holdPendingPeer(record);
    await run();
    h.clock.advanceSeconds(24 * 3600 + 60);
    h.slack.failNext('chat.postMessage', 'internal_error', {
      status: 500,
      times: 2,
      when: (args) => args.thread_ts !== undefined,
    });
    for (let poll = 0; poll < 12; poll++) await nextPoll();
    const reminders = threadReplies(record).filter((m) => m.text.includes('waited 1 day'));
    expect(reminders).toHaveLength(1);
    await expect(h.store.getPeering(record.id)).resolves.toMatchObject({ remindedDays: [1] });
  });

  it('a reply in doubt is looked up before anything is posted again', async () => {
    const record = await trackedWithRoot();
    await holdPendingPeer(record);
    h.slack.failNext('chat.postMessage', 'internal_error', {
      status: 500,
      landed: true,
      when: (args) => args.thread_ts !== undefined,
    });
    await run();
    for (let poll = 0; poll < 6; poll++) await nextPoll();
    expect(h.slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(h.replies()).toHaveLength(1); // the one attempt: found afterwards, never posted again
    expect(threadReplies(record)).toHaveLength(1);
    expect(h.rootUpdates().filter((c) => c.response?.ok === true)).toHaveLength(1);
  });
});
