// The sweeper in npm start's poll, for what no job will finish: an accept run whose job is gone ends
// with Retry in the thread (and the plan's button points there), and a create outcome Slack refused to
// take on every attempt is told once Slack is back. In process, with the real wiring.
import { updateAccept } from '../../src/peering/accept/accept-record';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import {
  buttonsOf,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  textOf,
  threadPosts,
} from '../accept/helpers';
import { ManualClock } from '../adapters/store-contract';
import { startTestBot } from '../support/bot';

it('a dead accept run is marked partial once, Retry is offered, and Retry finishes it', async () => {
  const world = await startAcceptWorld();
  try {
    const { t } = world;
    await reachPendingPeer(world);
    const plan = postContaining(t, 'Plan for AWS account');
    expect(buttonsOf(plan)).toContain('accept_apply');
    // A run claimed the round 20 minutes ago and its process died with its job (no queue has it).
    await updateAccept(t.bot.store, world.record.id, (_r, accept) =>
      accept
        ? {
            ...accept,
            status: 'applying',
            round: 1,
            runJobId: 'apply-accept:lost-with-its-process',
            decidedBy: 'U0ALICE',
            decidedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
            lastMode: 'apply',
          }
        : undefined,
    );
    // The poll's sweep (reconcile is left out: this record's Aiven side is made up).
    await expect(t.bot.sweep()).resolves.toEqual({ resumed: 1 });
    await t.idle();
    const failed = threadPosts(t).filter((c) => buttonsOf(c).includes('accept_retry'));
    expect(failed).toHaveLength(1);
    expect(textOf(failed[0])).toContain('apply-accept:lost-with-its-process');
    expect((await t.bot.store.getPeering(world.record.id))?.accept?.status).toBe('partial');

    // The next poll finds nothing stuck: no second message.
    await expect(t.bot.sweep()).resolves.toEqual({ resumed: 0 });
    await t.idle();
    expect(threadPosts(t).filter((c) => buttonsOf(c).includes('accept_retry'))).toHaveLength(1);

    // The plan's button no longer answers "Nothing to do": it points at Retry.
    await t.click(plan as NonNullable<typeof plan>, 'accept_apply');
    const answer = t.slack.responsePosts.at(-1)?.body.text as string;
    expect(answer).toContain('Retry');
    expect(answer).not.toContain('Nothing to do');

    await t.click(failed[0] as NonNullable<(typeof failed)[0]>, 'accept_retry');
    await t.idle();
    expect(textOf(postContaining(t, 'Accept in AWS: done'))).toContain('Added');
  } finally {
    await world.stop();
  }
});

it('a create outcome Slack refused on every attempt is told once Slack is back', async () => {
  const clock = new ManualClock(new Date());
  const t = await startTestBot({}, { clock });
  try {
    await t.command('');
    await t.idle();
    // Slack refuses the "Aiven created" reply on every attempt and on the final report.
    for (let n = 0; n < 4; n++)
      t.slack.failNext('chat.postMessage', 'internal_error', (args) => args.thread_ts !== undefined);
    await t.submit({
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_region: 'eu-west-1',
      aws_vpc_id: 'vpc-0123456789abcdef0',
    });
    await t.idle();
    const told = () =>
      t.slack
        .callsTo('chat.postMessage')
        .filter(
          (c) => c.args.thread_ts !== undefined && String(c.args.text).includes('Aiven created peering'),
        );
    const untold = (await t.bot.store.listOpenPeerings()).find((r) => r.untoldCreateOutcome);
    expect(untold?.state).toBe('APPROVED');
    expect(told().filter((c) => c.response?.ok !== false)).toHaveLength(0);

    // Too early: a job may still be telling it.
    await expect(t.bot.reconcile()).resolves.toMatchObject({ resumed: 0 });
    clock.advanceSeconds(180);
    await expect(t.bot.reconcile()).resolves.toMatchObject({ resumed: 1 });
    await t.idle();
    const replies = t.slack
      .messages('C0PLATFORM')
      .filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts);
    expect(replies.filter((m) => String(m.text).includes('Aiven created peering'))).toHaveLength(1);
    expect((await t.bot.store.getPeering(untold?.id as string))?.untoldCreateOutcome).toBeUndefined();
    await expect(t.bot.reconcile()).resolves.toMatchObject({ resumed: 0 });
  } finally {
    await t.stop();
  }
});
