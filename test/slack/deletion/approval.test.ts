// Delete with approval through the real Bolt receiver, signed requests, the Aiven sandbox and the
// Slack stand-in: who may decide, the first decision wins, and what people read.
import type { PeeringRecord } from '../../../src/peering/model';
import type { SlackApiCall } from '../../../src/sandbox/slack-api';
import { startTestBot, type TestBot } from '../../support/bot';
import { findButton } from '../../support/slack';
import {
  APPROVERS,
  createPeering,
  deletes,
  latestUpdate,
  privateAnswers,
  requestDeletion,
  textOf,
} from './helpers';

describe('delete with approval', () => {
  let t: TestBot;
  let record: PeeringRecord;
  let message: SlackApiCall;

  beforeEach(async () => {
    t = await startTestBot({ APPROVERS, APPROVAL_TTL_MINUTES: '30' });
    t.slack.userGroups.set('S0NETOPS', ['U0CAROL', 'U0DAVE']);
    record = await createPeering(t);
    message = await requestDeletion(t, record);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('posts the request in the thread and the channel with what an approver needs to decide', () => {
    const root = t.slack.callsTo('chat.postMessage').find((call) => call.args.thread_ts === undefined);
    expect(message.args.thread_ts).toBe(root?.response?.ts);
    expect(String(message.args.reply_broadcast)).toBe('true');
    const text = textOf(message.args);
    expect(text).toContain(`Aiven peering \`${record.aivenPeeringId}\``);
    // vpc-peer had no role to accept it, so it added no routes and claims none.
    expect(text).not.toContain('the routes vpc-peer added');
    expect(text).toContain(
      'vpc-peer added no routes for it: routes to 10.20.0.0/24 in vpc-0123456789abcdef0 stay until someone removes them in AWS',
    );
    expect(text).toContain('AWS VPC vpc-0123456789abcdef0 (account 210987654321, eu-west-1)');
    expect(text).toContain('org VPC prod-eu 10.20.0.0/24');
    expect(text).toContain('*Requested by:* <@U0ALICE>');
    expect(text).toContain('*Reason:* moving to a transit gateway');
    // 30 minutes after the request, in the reader's time zone with the ISO time as fallback.
    const request = /deletion request (\S+)/.exec(text)?.[1];
    expect(request).toBeDefined();
    expect(text).toMatch(/\*Expires:\* <!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9T:.-]+Z>/);

    const approve = findButton(message.args.blocks as unknown[], 'deletion_approve')?.button as {
      style?: string;
      confirm?: { text: { text: string } };
      text?: { text: string };
    };
    expect(approve.style).toBe('danger');
    expect(approve.confirm?.text.text).toContain(
      'vpc-0123456789abcdef0 loses its path to prod-eu (10.20.0.0/24)',
    );
    expect(findButton(message.args.blocks as unknown[], 'deletion_reject')).toBeDefined();
    expect(findButton(message.args.blocks as unknown[], 'deletion_cancel')).toBeDefined();
  });

  it('refuses self-approval, even by an approver, privately and without changing anything', async () => {
    const answer = await t.click(message, 'deletion_approve', { userId: 'U0ALICE' });
    expect(answer.status).toBe(200);
    await t.idle();
    expect(privateAnswers(t).at(-1)?.text).toContain(
      'You asked for this deletion, so another approver must decide',
    );
    await t.click(message, 'deletion_reject', { userId: 'U0ALICE' });
    expect(privateAnswers(t)).toHaveLength(2);
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    expect(latestUpdate(t, message)).toBeUndefined();
    await expect(t.bot.store.findOpenDeletionRequest(record.id)).resolves.toMatchObject({ status: 'open' });
  });

  it('refuses someone who is not an approver, naming the people who may approve', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0MALLORY' });
    await t.idle();
    const refusal = privateAnswers(t).at(-1)?.text;
    expect(refusal).toContain('Only an approver may approve, reject or retry a deletion');
    expect(refusal).toContain('<!subteam^S0NETOPS>: <@U0CAROL>, <@U0DAVE>; <@U0ALICE>; <@U0BOB>');
    expect(refusal).not.toContain('APPROVERS');
    expect(deletes(t)).toHaveLength(0);
    expect(latestUpdate(t, message)).toBeUndefined();
  });

  it('answers a refused click on the channel copy in the channel, not out of sight in the thread', async () => {
    // Alice asked; Mallory may not approve. Both click the copy the channel shows (no container.thread_ts).
    await t.click(message, 'deletion_approve', { userId: 'U0ALICE', inChannel: true });
    await t.click(message, 'deletion_approve', { userId: 'U0MALLORY', inChannel: true });
    await t.idle();
    const answers = t.slack.callsTo('chat.postEphemeral');
    expect(answers.map((c) => [c.args.channel, c.args.user, c.args.thread_ts])).toEqual([
      [message.args.channel, 'U0ALICE', undefined],
      [message.args.channel, 'U0MALLORY', undefined],
    ]);
    expect(String(answers[0]?.args.text)).toContain(
      'You asked for this deletion, so another approver must decide',
    );
    expect(String(answers[0]?.args.text)).toContain('<@U0BOB>');
    expect(String(answers[1]?.args.text)).toContain('Only an approver may approve');
    expect(privateAnswers(t)).toHaveLength(0);
    // In the thread, the answer stays in the thread (response_url).
    await t.click(message, 'deletion_approve', { userId: 'U0MALLORY' });
    expect(privateAnswers(t)).toHaveLength(1);
    expect(deletes(t)).toHaveLength(0);
  });

  it('accepts an approver listed by user group, deletes once in Aiven and shows the decision', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(t.slack.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0NETOPS']);
    expect(deletes(t).map((r) => r.path)).toEqual([
      `/organization/${t.aiven.organizationId}/vpcs/${record.spec.orgVpcId}/peering-connections/${record.aivenPeeringId}`,
    ]);
    const decided = latestUpdate(t, message);
    const text = textOf(decided?.args ?? {});
    expect(text).toContain('*Approved* by <@U0CAROL>');
    expect(text).toContain('*Reason:* moving to a transit gateway');
    expect(findButton(decided?.args.blocks as unknown[], 'deletion_approve')).toBeUndefined();

    const thread = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === message.args.thread_ts);
    expect(textOf(thread.at(-1)?.args ?? {})).toContain(
      `Aiven is deleting peering \`${record.aivenPeeringId}\` (requested by <@U0ALICE>, approved by <@U0CAROL>)`,
    );
    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === message.args.thread_ts)
      .at(-1);
    expect(textOf(root?.args ?? {})).toContain('*Deleting*');
    expect(findButton(root?.args.blocks as unknown[], 'peering_delete')).toBeUndefined();
    await expect(t.bot.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETING' });
  });

  it('refuses when the approver group cannot be read, and asks Slack again on the next click', async () => {
    t.slack.failNext('usergroups.users.list', 'missing_scope');
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    // Naming the approvers reads the group again (that read is cached for the clicks after it).
    expect(privateAnswers(t).at(-1)?.text).toContain(
      'ask one of them: <!subteam^S0NETOPS>: <@U0CAROL>, <@U0DAVE>; <@U0ALICE>; <@U0BOB>',
    );
    expect(t.logs.some((line) => line.includes('could not read approver user group'))).toBe(true);
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.click(message, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    // One failed read, one read (naming the approvers) that is then cached for both approvers.
    expect(t.slack.callsTo('usergroups.users.list')).toHaveLength(2);
    expect(deletes(t)).toHaveLength(1);
  });

  it('a double approve and a Slack retry of it give one Aiven DELETE; the late click is told who decided', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.click(message, 'deletion_approve', { userId: 'U0BOB', retryNum: 1 });
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const answers = privateAnswers(t);
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer.text).toMatch(/already approved by <@U0BOB> <!date\^/);
  });

  it('Reject wins over a later Approve on the old message: nothing is deleted', async () => {
    await t.click(message, 'deletion_reject', { userId: 'U0BOB' });
    await t.idle();
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*Rejected* by <@U0BOB>');
    await t.click(message, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    expect(privateAnswers(t).at(-1)?.text).toContain('already rejected by <@U0BOB>');
    await expect(t.bot.store.getPeering(record.id)).resolves.toMatchObject({ state: record.state });
  });

  it('the requester may cancel; nobody else may', async () => {
    await t.click(message, 'deletion_cancel', { userId: 'U0BOB' });
    expect(privateAnswers(t).at(-1)?.text).toContain('Only <@U0ALICE>, who asked, may cancel');
    await t.click(message, 'deletion_cancel', { userId: 'U0ALICE' });
    await t.idle();
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*Cancelled* by <@U0ALICE>');
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
  });

  it('keeps one open request per peering', async () => {
    await t.command('delete', { userId: 'U0BOB' });
    const answer = await t.submit({ peering: record.id }, { userId: 'U0BOB' });
    expect((answer.body?.errors as Record<string, string> | undefined)?.peering).toContain(
      'A deletion request for this peering is already open: asked by <@U0ALICE>',
    );
    await t.idle();
    expect(
      t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.reply_broadcast) === 'true'),
    ).toHaveLength(1);
  });

  it('records the history: request, decision and outcome, each also one log line', async () => {
    await t.click(message, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    const events = await t.bot.store.listAuditEvents(record.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['peering-created', 'vpc-peer'],
      ['deletion-requested', 'U0ALICE'],
      ['deletion-approved', 'U0DAVE'],
      ['deletion-started', 'vpc-peer'],
    ]);
    expect(events[1]).toMatchObject({ channelId: 'C0PLATFORM', reason: 'moving to a transit gateway' });
    const auditLines = t.logs.filter((line) => line.includes('"audit"')).map((line) => JSON.parse(line));
    expect(auditLines.map((line) => line.audit.action)).toEqual([
      'peering-created',
      'deletion-requested',
      'deletion-approved',
      'deletion-started',
    ]);
  });
});
