// A quorum of approvers for a deletion, through the real Bolt receiver, the Aiven sandbox and the
// Slack stand-in, on both stores: who counts, what the message says, and the reminder before expiry.
import type { PeeringRecord } from '../../../src/peering/model';
import type { SlackApiCall } from '../../../src/sandbox/slack-api';
import { ManualClock } from '../../adapters/store-contract';
import { startTestBot, type TestBot } from '../../support/bot';
import { bothStores } from '../../support/both-stores';
import { findButton } from '../../support/slack';
import { createPeering, deletes, latestUpdate, privateAnswers, requestDeletion, textOf } from './helpers';

// Alice asks (and is an approver herself); carol and dave approve as members of @approvers, bob by name.
const APPROVERS = 'S0APPROVERS,U0BOB,U0ALICE';
const GROUP = '<!subteam^S0APPROVERS>';

const STORES = bothStores('vpc-peer-quorum');

const requestIdOf = (message: SlackApiCall) => /deletion request (\S+)/.exec(textOf(message.args))?.[1] ?? '';

describe.each(STORES)('a deletion that needs two approvals (%s)', (_name, makeStore) => {
  let t: TestBot;
  let clock: ManualClock;
  let record: PeeringRecord;
  let message: SlackApiCall;
  beforeEach(async () => {
    // The bot's manual clock, shared with its store: the reminder and the expiry move with it.
    clock = new ManualClock();
    t = await startTestBot(
      { APPROVERS, APPROVALS_REQUIRED: '2', APPROVAL_TTL_MINUTES: '60' },
      { clock, store: await makeStore(clock) },
    );
    t.slack.userGroups.set('S0APPROVERS', ['U0CAROL', 'U0DAVE']);
    record = await createPeering(t);
    message = await requestDeletion(t, record);
  });
  afterEach(async () => {
    await t.stop();
  });

  const thread = () =>
    t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === message.args.thread_ts);
  const approvalEvents = async () =>
    (await t.bot.store.listAuditEvents(record.id)).filter((e) => e.action.startsWith('deletion-approv'));

  it('one approval deletes nothing and shows "1 of 2 approvals"; the second sends exactly one DELETE', async () => {
    const asked = textOf(message.args);
    expect(asked).toContain('2 approvers other than <@U0ALICE> must approve it; the first rejection ends it');
    expect(asked).toContain('*0 of 2 approvals*');
    expect(asked).toContain('*May still approve:* <@U0CAROL>, <@U0DAVE>, <@U0BOB>');

    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    const counted = textOf(latestUpdate(t, message)?.args ?? {});
    expect(counted).toContain(`*1 of 2 approvals*: <@U0CAROL>, member of ${GROUP}`);
    expect(counted).toContain('*May still approve:* <@U0DAVE>, <@U0BOB>');
    expect(findButton(latestUpdate(t, message)?.args.blocks as unknown[], 'deletion_approve')).toBeDefined();

    // Carol again: told privately that it counts once.
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(privateAnswers(t).at(-1)?.text).toContain('Your approval already counts (1 of 2 approvals)');
    expect(deletes(t)).toHaveLength(0);

    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const approved = textOf(latestUpdate(t, message)?.args ?? {});
    expect(approved).toContain(`*Approved*`);
    expect(approved).toContain(
      `(2 of 2 approvals): <@U0CAROL>, member of ${GROUP}; <@U0BOB>, a named approver.`,
    );
    expect(
      findButton(latestUpdate(t, message)?.args.blocks as unknown[], 'deletion_approve'),
    ).toBeUndefined();
    expect((await approvalEvents()).map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['deletion-approval-counted', 'U0CAROL', `1 of 2 approvals; member of ${GROUP}`],
      ['deletion-approved', 'U0BOB', '2 of 2 approvals; a named approver'],
    ]);
    expect(textOf(thread().at(-1)?.args ?? {})).toContain('Aiven is deleting peering');
  });

  it('5 concurrent approvals by two approvers count two and send one DELETE', async () => {
    const clicks = ['U0CAROL', 'U0DAVE', 'U0CAROL', 'U0DAVE', 'U0CAROL'];
    const answers = await Promise.all(
      clicks.map((userId) => t.click(message, 'deletion_approve', { userId })),
    );
    expect(answers.map((a) => a.status)).toEqual(clicks.map(() => 200));
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const request = await t.bot.store.getDeletionRequest(requestIdOf(message));
    expect(request?.status).toBe('approved');
    expect(request?.approvals?.map((a) => a.userId).sort()).toEqual(['U0CAROL', 'U0DAVE']);
    expect((await approvalEvents()).map((e) => e.action).sort()).toEqual([
      'deletion-approval-counted',
      'deletion-approved',
    ]);
    // The three extra clicks were each told privately that nothing more counted.
    expect(privateAnswers(t)).toHaveLength(3);
  });

  it("the requester's click counts none, even as an approver", async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0ALICE' });
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(privateAnswers(t)[0]?.text).toContain(
      'You asked for this deletion, so another approver must decide',
    );
    const request = await t.bot.store.getDeletionRequest(requestIdOf(message));
    expect(request).toMatchObject({ status: 'open' });
    expect(request?.approvals?.map((a) => a.userId)).toEqual(['U0CAROL']);
    expect(deletes(t)).toHaveLength(0);
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*1 of 2 approvals*');
  });

  it('a rejection after one approval ends it', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    await t.click(message, 'deletion_reject', { userId: 'U0DAVE' });
    await t.idle();
    const rejected = textOf(latestUpdate(t, message)?.args ?? {});
    expect(rejected).toContain('*Rejected* by <@U0DAVE>');
    expect(rejected).toContain(`after 1 of 2 approvals (<@U0CAROL>, member of ${GROUP})`);
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(privateAnswers(t).at(-1)?.text).toContain('already rejected by <@U0DAVE>');
    expect(deletes(t)).toHaveLength(0);
  });

  it('reminds the undecided approvers once at 80% of the time, and tells the requester on expiry', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    const warnings = () =>
      thread().filter((c) => textOf(c.args).includes(': the request to delete the peering'));
    const notices = () => thread().filter((c) => textOf(c.args).includes('your request to delete'));

    clock.advanceSeconds(47 * 60);
    await t.bot.reconcile();
    await t.idle();
    expect(warnings()).toHaveLength(0);

    clock.advanceSeconds(60); // 48 of 60 minutes: 80%.
    await t.bot.reconcile();
    await t.bot.reconcile();
    await t.idle();
    expect(warnings()).toHaveLength(1);
    const warning = textOf(warnings()[0]?.args ?? {});
    expect(warning).toContain('<@U0DAVE>, <@U0BOB>: the request to delete the peering prod-eu');
    expect(warning).toContain('(1 of 2 approvals so far)');
    expect(warning).not.toContain('<@U0CAROL>');
    expect(warning).not.toContain('<@U0ALICE>');
    expect(notices()).toHaveLength(0);

    clock.advanceSeconds(12 * 60);
    await expect(t.bot.reconcile()).resolves.toMatchObject({ expiredDeletionRequests: 1 });
    await t.bot.reconcile();
    await t.idle();
    expect(warnings()).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    expect(textOf(notices()[0]?.args ?? {})).toContain(
      '<@U0ALICE>, your request to delete the peering prod-eu ⟷ vpc-0123456789abcdef0 expired',
    );
    expect(textOf(notices()[0]?.args ?? {})).toContain('without enough approvals (1 of 2 approvals so far)');
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*Expired*');
    expect(deletes(t)).toHaveLength(0);
  });

  it('a reminder Slack refused is posted by the next poll, still once', async () => {
    const reminders = () =>
      thread().filter(
        (c) => textOf(c.args).includes(': the request to delete the peering') && c.response?.ok !== false,
      );
    clock.advanceSeconds(48 * 60);
    t.slack.failNext('chat.postMessage', 'internal_error', (args) =>
      String(args.text).includes('expires soon'),
    );
    await t.bot.reconcile();
    await t.idle();
    expect(reminders()).toHaveLength(0);
    await t.bot.reconcile();
    await t.bot.reconcile();
    await t.idle();
    expect(reminders()).toHaveLength(1);
    expect(textOf(reminders()[0]?.args ?? {})).toContain('<@U0CAROL>, <@U0DAVE>, <@U0BOB>: the request');
  });
});
