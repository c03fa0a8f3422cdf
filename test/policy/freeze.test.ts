// Change freezes (policy file `freezes`) through the real receiver and the loopback Slack stand-in: a
// freeze refuses create, delete, approve and Accept with its reason and end time; an override member
// who gives a reason passes and the reason is in the audit trail and the thread; after the window
// nothing is refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/peering/ports';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { FIELD_BLOCKS } from '../../src/slack/views/create-form';
import { FREEZE_OVERRIDE_BLOCK } from '../../src/slack/views/freeze-override';
import { type AcceptWorld, postContaining, reachPendingPeer, startAcceptWorld } from '../accept/helpers';
import {
  createPeering,
  deletes,
  privateAnswers,
  requestDeletion,
  requestMessages,
  SEED_SPEC,
  seededRecord,
  textOf,
} from '../slack/deletion/helpers';
import { startTestBot, type TestBot } from '../support/bot';

const HOUR = 3600_000;

/** "2027-01-04 00:00 UTC", as the bot says an end time. */
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function policyFile(account: string, from: Date, to: Date): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(
    file,
    [
      'teams:',
      '  payments:',
      '    members: [U0ALICE, U0CAROL, U0DAVE]',
      `    aws_accounts: ["${account}", "${SEED_SPEC.awsAccountId}"]`,
      'unlisted_accounts: refuse',
      'approvals:',
      '  approvers: [U0CAROL, U0DAVE]',
      'freezes:',
      `  - from: ${from.toISOString()}`,
      `    to: ${to.toISOString()}`,
      '    reason: Year-end change freeze',
      '    override: [U0CAROL]',
    ].join('\n'),
  );
  return file;
}

const CREATE = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0fedcba9876543210',
  extra_cidrs: '',
};
const lastPrivate = (t: TestBot) => String(privateAnswers(t).at(-1)?.text ?? '');
const posts = (t: TestBot) => t.aiven.requests.filter((r) => r.method === 'POST');

describe('change freezes (POLICY_FILE freezes)', () => {
  let t: TestBot;
  let now: Date;
  const clock: Clock = { now: () => now };
  const start = new Date();
  const from = new Date(start.getTime() + HOUR);
  const to = new Date(start.getTime() + 2 * HOUR);
  const frozen = `Year-end change freeze until ${utc(to)}`;

  beforeEach(async () => {
    now = new Date(start);
    t = await startTestBot(
      { POLICY_FILE: policyFile('210987654321', from, to), APPROVAL_TTL_MINUTES: '1440' },
      { clock },
    );
  });
  afterEach(async () => {
    await t.stop();
  });

  it('refuses create, delete and approve with its reason and end time, and nothing after the window', async () => {
    const record = await createPeering(t);
    const request = await requestDeletion(t, record, { userId: 'U0ALICE' });
    await t.bot.store.insertPeering(seededRecord({ channelId: 'C0PEERING', requestedBy: 'U0ALICE' }));
    await t.bot.reconcile();
    await t.idle();
    expect((await t.command(`cidrs ${SEED_IDS.prodEuPeering}`, { userId: 'U0CAROL' })).text).toBeFalsy();
    const cidrForm = t.currentView();
    now = new Date(from.getTime() + 10 * 60_000);

    await t.command('', { userId: 'U0ALICE' });
    await t.idle();
    expect(JSON.stringify(t.currentView().blocks)).toContain('Freeze override reason');
    const before = posts(t).length;
    const refused = await t.submit(CREATE, { userId: 'U0ALICE' });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: {
        [FIELD_BLOCKS.orgVpcId.blockId]: `${frozen}: requesting a peering is refused during the freeze.`,
      },
    });
    // A reason does not help someone outside the override list.
    const withReason = await t.submit(
      { ...CREATE, [FREEZE_OVERRIDE_BLOCK.blockId]: 'urgent' },
      { userId: 'U0ALICE' },
    );
    expect(JSON.stringify(withReason.body)).toContain(`${frozen}: requesting a peering is refused`);

    await t.command('delete', { userId: 'U0ALICE' });
    const deleteRefused = await t.submit({ peering: record.id, reason: 'moving' }, { userId: 'U0ALICE' });
    expect(JSON.stringify(deleteRefused.body)).toContain(
      `${frozen}: deleting a peering is refused during the freeze.`,
    );

    // Approving is refused for everyone, override members too (a click carries no reason).
    await t.click(request, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    expect(lastPrivate(t)).toBe(`:snowflake: ${frozen}: approving a deletion is refused during the freeze.`);
    await t.click(request, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();
    expect(lastPrivate(t)).toContain(
      `:snowflake: ${frozen}: approving a deletion is refused during the freeze. You may override the freeze, but only in the create and deletion forms`,
    );
    await t.idle();
    expect(posts(t)).toHaveLength(before);
    expect(deletes(t)).toHaveLength(0);

    // Editing CIDRs has no reason field: refused to override members too, the command and the form.
    expect((await t.command(`cidrs ${SEED_IDS.prodEuPeering}`, { userId: 'U0CAROL' })).text).toContain(
      `:snowflake: ${frozen}: editing the CIDRs of a peering is refused during the freeze.`,
    );
    const edit = await t.submit({ peer_cidrs: '10.77.0.0/16' }, { userId: 'U0CAROL', view: cidrForm });
    expect(JSON.stringify(edit.body)).toContain(`${frozen}: editing the CIDRs of a peering is refused`);
    await t.idle();
    expect(t.aiven.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);

    // After the window: the same approval deletes, and a new request goes through.
    now = new Date(to.getTime() + 60_000);
    await t.click(request, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    await t.command('', { userId: 'U0ALICE' });
    await t.idle();
    expect(JSON.stringify(t.currentView().blocks)).not.toContain('Freeze override reason');
    expect((await t.submit(CREATE, { userId: 'U0ALICE' })).body).toBeUndefined();
    await t.idle();
    expect(posts(t)).toHaveLength(before + 1);
  });

  it('refuses Retry of a failed deletion during the freeze, and retries after it', async () => {
    const record = await createPeering(t);
    const request = await requestDeletion(t, record, { userId: 'U0ALICE' });
    t.aiven.failNext({ method: 'DELETE', status: 403, message: 'Not allowed to modify this VPC' });
    await t.click(request, 'deletion_approve', { userId: 'U0DAVE' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const failure = t.slack
      .callsTo('chat.postMessage')
      .find((c) => JSON.stringify(c.args.blocks ?? []).includes('deletion_retry'));
    if (!failure) throw new Error('no failure message with Retry');

    now = new Date(from.getTime() + 10 * 60_000);
    await t.click(failure, 'deletion_retry', { userId: 'U0DAVE' });
    await t.idle();
    expect(lastPrivate(t)).toBe(`:snowflake: ${frozen}: retrying a deletion is refused during the freeze.`);
    expect(deletes(t)).toHaveLength(1);

    now = new Date(to.getTime() + 60_000);
    await t.click(failure, 'deletion_retry', { userId: 'U0DAVE' });
    await t.idle();
    expect(deletes(t)).toHaveLength(2);
  });

  it('answers Delete… privately during the freeze; an override member gets the form with the reason field', async () => {
    const record = await createPeering(t);
    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === record.thread?.ts)
      .at(-1);
    if (!root) throw new Error('no thread root');
    now = new Date(from.getTime() + 10 * 60_000);
    const opened = t.slack.callsTo('views.open').length;
    await t.click(root, 'peering_delete', { userId: 'U0ALICE' });
    expect(lastPrivate(t)).toBe(`:snowflake: ${frozen}: deleting a peering is refused during the freeze.`);
    expect(t.slack.callsTo('views.open')).toHaveLength(opened);
    await t.click(root, 'peering_delete', { userId: 'U0CAROL' });
    expect(t.slack.callsTo('views.open')).toHaveLength(opened + 1);
    expect(JSON.stringify(t.currentView().blocks)).toContain('Freeze override reason');
  });

  it('lets an override member create and ask to delete with a reason, recorded in the audit trail and the thread', async () => {
    const record = await createPeering(t);
    now = new Date(from.getTime() + 10 * 60_000);

    await t.command('', { userId: 'U0CAROL' });
    await t.idle();
    const noReason = await t.submit(CREATE, { userId: 'U0CAROL' });
    expect(JSON.stringify(noReason.body)).toContain(
      `${frozen}: requesting a peering is refused during the freeze. You may override it: give a freeze override reason.`,
    );
    const before = posts(t).length;
    const passed = await t.submit(
      { ...CREATE, [FREEZE_OVERRIDE_BLOCK.blockId]: 'incident 42 needs this link' },
      { userId: 'U0CAROL' },
    );
    expect(passed.body).toBeUndefined();
    await t.idle();
    expect(posts(t)).toHaveLength(before + 1);
    const created = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === CREATE.aws_vpc_id);
    const events = await t.bot.store.listAuditEvents(created?.id ?? '');
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'freeze-overridden',
        actor: 'U0CAROL',
        reason: 'incident 42 needs this link',
      }),
    );
    // The thread tells it too: its root message and Aiven's answer in it.
    const told = `:snowflake: Requested during ${frozen} by <@U0CAROL>, a freeze override member: incident 42 needs this link`;
    const thread = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === created?.thread?.channelId);
    const root = thread.find((c) => c.args.thread_ts === undefined && textOf(c.args).includes(told));
    const reply = thread.find(
      (c) => c.args.thread_ts === created?.thread?.ts && textOf(c.args).includes('Aiven created peering'),
    );
    expect(root).toBeDefined();
    expect(textOf(reply?.args ?? {})).toContain(told);

    await t.command('delete', { userId: 'U0CAROL' });
    expect(JSON.stringify(t.currentView().blocks)).toContain('Freeze override reason');
    const asked = await t.submit(
      { peering: record.id, reason: 'moving', [FREEZE_OVERRIDE_BLOCK.blockId]: 'leaking route' },
      { userId: 'U0CAROL' },
    );
    expect(asked.body).toBeUndefined();
    await t.idle();
    expect(requestMessages(t)).toHaveLength(1);
    expect(textOf(requestMessages(t)[0]?.args ?? {})).toContain('leaking route');
    expect(await t.bot.store.listAuditEvents(record.id)).toContainEqual(
      expect.objectContaining({ action: 'freeze-overridden', actor: 'U0CAROL', reason: 'leaking route' }),
    );
  });
});

describe('change freezes on Accept', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  it('refuses Accept and add routes during a freeze with its reason and end time', async () => {
    const from = new Date(Date.now() - HOUR);
    const to = new Date(Date.now() + 24 * HOUR);
    w = await startAcceptWorld((team) => ({ POLICY_FILE: policyFile(team.accountId, from, to) }));
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    await w.t.click(plan, 'accept_apply', { userId: 'U0ALICE' });
    await w.t.idle();
    expect(lastPrivate(w.t)).toBe(
      `:snowflake: Year-end change freeze until ${utc(to)}: accepting a peering and adding routes is refused during the freeze.`,
    );
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
  });
});
