// The thread of a peering vpc-peer deletes: the delete job moves the record to DELETING itself, so the
// poll that then sees Aiven's own DELETING message has nothing new to tell ("Deleting → Deleting").

import { APPROVERS, createPeering, deletes, requestDeletion, textOf } from '../slack/deletion/helpers';
import { startTestBot, type TestBot } from '../support/bot';

describe('the thread of a peering deleted through vpc-peer', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ APPROVERS });
  });
  afterEach(async () => {
    await t.stop();
  });

  it("says Deleting once: the next polls record Aiven's DELETING message silently", async () => {
    const record = await createPeering(t);
    await t.bot.reconcile();
    const message = await requestDeletion(t, record);
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const before = await t.bot.store.getPeering(record.id);
    expect(before?.state).toBe('DELETING');

    await t.bot.reconcile();
    await t.bot.reconcile();
    const thread = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined && c.args.thread_ts === before?.thread?.ts)
      .map((c) => textOf(c.args));
    // The delete job's own reply is the one that says it: nothing after it about the same state.
    expect(thread.at(-1)).toContain('Aiven is deleting the peering');
    expect(thread.join('\n')).not.toMatch(/Deleting\*? → \*?Deleting/);
    const after = await t.bot.store.getPeering(record.id);
    expect(after?.state).toBe('DELETING');
    expect(after?.pendingChanges ?? []).toEqual([]);
    // Aiven's own message is kept for status and the next change's reply.
    expect(after?.stateInfo).not.toEqual(before?.stateInfo);
  });
});
