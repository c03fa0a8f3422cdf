// Expiry with a controlled clock, Aiven failures with Retry, and the ways into the deletion form.
import type { PeeringRecord } from '../../../src/peering/model';
import { SEED_IDS, SEED_PEER } from '../../../src/sandbox/aiven-sandbox';
import { ManualClock } from '../../adapters/store-contract';
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

type SelectBlock = { block_id?: string; element?: { initial_option?: { value: string } } };
const initialPeering = (t: TestBot) =>
  (t.currentView().blocks as SelectBlock[]).find((b) => b.block_id === 'peering')?.element?.initial_option
    ?.value;

describe('deletion requests over time', () => {
  let t: TestBot;
  let clock: ManualClock;
  let record: PeeringRecord;
  beforeEach(async () => {
    clock = new ManualClock();
    t = await startTestBot({ APPROVERS, APPROVAL_TTL_MINUTES: '60' }, { clock });
    record = await createPeering(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('expires after APPROVAL_TTL_MINUTES: a click on the stale message deletes nothing', async () => {
    const message = await requestDeletion(t, record);
    clock.advanceSeconds(59 * 60);
    await t.click(message, 'deletion_reject', { userId: 'U0MALLORY' });
    expect(privateAnswers(t).at(-1)?.text).toContain('Only an approver may approve');
    clock.advanceSeconds(60);
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    expect(privateAnswers(t).at(-1)?.text).toContain('This request expired');
    const expired = latestUpdate(t, message);
    expect(textOf(expired?.args ?? {})).toContain('*Expired*');
    expect(textOf(expired?.args ?? {})).toContain('Nothing was deleted');
    expect(findButton(expired?.args.blocks as unknown[], 'deletion_approve')).toBeUndefined();
    const events = await t.bot.store.listAuditEvents(record.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['peering-created', 'vpc-peer'],
      ['deletion-requested', 'U0ALICE'],
      ['deletion-expired', 'vpc-peer'],
    ]);
  });

  it('the poller expires due requests and replaces their buttons', async () => {
    const message = await requestDeletion(t, record);
    // The poll (the poller Lambda, or npm start's timer) expires requests as it reconciles.
    await expect(t.bot.reconcile()).resolves.toMatchObject({ expiredDeletionRequests: 0 });
    expect(latestUpdate(t, message)).toBeUndefined();
    clock.advanceSeconds(60 * 60);
    await expect(t.bot.reconcile()).resolves.toMatchObject({ expiredDeletionRequests: 1 });
    await expect(t.bot.reconcile()).resolves.toMatchObject({ expiredDeletionRequests: 0 });
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*Expired*');
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(0);
    // The peering is free for a new request.
    await requestDeletion(t, record, { userId: 'U0BOB' });
  });

  it('expires requests on time while Aiven is down', async () => {
    const message = await requestDeletion(t, record);
    clock.advanceSeconds(60 * 60);
    t.aiven.failNext({ method: 'GET', status: 503, message: 'Service Unavailable', times: 50 });
    // The poll as a whole fails (reconcile could not read Aiven), but the expiry is done.
    await expect(t.bot.reconcile()).resolves.toBeUndefined();
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain('*Expired*');
    await expect(t.bot.store.findOpenDeletionRequest(record.id)).resolves.toBeUndefined();
  });

  it('reports an Aiven failure with a Retry for approvers, and Retry deletes it', async () => {
    const message = await requestDeletion(t, record);
    t.aiven.failNext({ method: 'DELETE', status: 403, message: 'Not allowed to modify this VPC' });
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    const failure = t.slack
      .callsTo('chat.postMessage')
      .find((c) => findButton((c.args.blocks as unknown[]) ?? [], 'deletion_retry'));
    const failureText = textOf(failure?.args ?? {});
    expect(failureText).toContain('was not deleted: Aiven answered: Not allowed to modify this VPC');
    expect(failure?.args.thread_ts).toBe(record.thread?.ts);
    const reference = /reference: (\S+)/.exec(failureText)?.[1];
    expect(reference).toMatch(/^del-V\d+\/delete-peering:del-V\d+:1$/);
    expect(
      t.logs.some((line) => line.includes(reference as string) && line.includes('deletion failed')),
    ).toBe(true);
    await expect(t.bot.store.getPeering(record.id)).resolves.toMatchObject({ state: record.state });

    await t.click(failure as NonNullable<typeof failure>, 'deletion_retry', { userId: 'U0MALLORY' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    expect(privateAnswers(t).at(-1)?.text).toContain('Only an approver may approve');

    await t.click(failure as NonNullable<typeof failure>, 'deletion_retry', { userId: 'U0BOB' });
    await t.idle();
    await t.click(failure as NonNullable<typeof failure>, 'deletion_retry', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(2);
    expect(privateAnswers(t).at(-1)?.text).toContain('already being tried again');
    const replaced = t.slack.responsePosts.map((p) => p.body).find((b) => b.replace_original === true);
    expect(String(replaced?.text)).toContain('Retry requested by <@U0BOB>');
    await expect(t.bot.store.getPeering(record.id)).resolves.toMatchObject({ state: 'DELETING' });
    // What `/vpc-peer status` shows under the peering's details.
    const status = await t.command(`status ${record.aivenPeeringId}`);
    const history = textOf(JSON.parse(status.text) as Record<string, unknown>);
    expect(history).toContain('*History*');
    expect(history).toContain(
      '<@U0ALICE> asked to delete it in <#C0PLATFORM>: “moving to a transit gateway”',
    );
    expect(history).toContain('vpc-peer could not delete it (Aiven answered: Not allowed to modify this VPC');
    expect(history).toContain('<@U0BOB> asked to retry the deletion');
  });

  it('withdraws a request it could not post, and tells its author privately', async () => {
    t.slack.failNext('chat.postMessage', 'is_archived');
    await t.command('delete');
    await t.submit({ peering: record.id, reason: 'cleanup' });
    await t.idle();
    const direct = t.slack.callsTo('chat.postMessage').at(-1);
    expect(direct?.args.channel).toBe('U0ALICE');
    expect(String(direct?.args.text)).toMatch(
      /could not post your request to delete a peering, so nobody could approve it; I withdrew it\..*reference: del-V\d+\//,
    );
    await expect(t.bot.store.findOpenDeletionRequest(record.id)).resolves.toBeUndefined();
    expect(deletes(t)).toHaveLength(0);
  });

  it('deletes a peering made outside vpc-peer, picked from the org VPC snapshot by its pcx id', async () => {
    await t.command(`delete ${SEED_PEER.awsPeeringConnectionId}`);
    expect(initialPeering(t)).toBe(`aiven-${SEED_IDS.prodEuPeering}`);
    const answer = await t.submit({ peering: `aiven-${SEED_IDS.prodEuPeering}`, reason: 'legacy' });
    expect(answer.body).toBeUndefined();
    await t.idle();
    // No thread to reply in: the request is a message of its own in the channel it was asked in.
    const message = t.slack
      .callsTo('chat.postMessage')
      .find((c) => findButton((c.args.blocks as unknown[]) ?? [], 'deletion_approve'));
    expect(message?.args).toMatchObject({ channel: 'C0PLATFORM' });
    expect(message?.args.thread_ts).toBeUndefined();
    expect(textOf(message?.args ?? {})).toContain(
      `Aiven peering \`${SEED_IDS.prodEuPeering}\` (AWS ${SEED_PEER.awsPeeringConnectionId})`,
    );
    await t.click(message as NonNullable<typeof message>, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t).map((r) => r.path)).toEqual([
      `/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections/${SEED_IDS.prodEuPeering}`,
    ]);
    // Adopted as made outside vpc-peer: the person who asked to delete it did not request it.
    await expect(t.bot.store.findByAivenPeeringId(SEED_IDS.prodEuPeering)).resolves.toMatchObject({
      state: 'DELETING',
      origin: 'external',
      requestedBy: 'external',
    });
    const history = await t.bot.store.listAuditEvents(`aiven-${SEED_IDS.prodEuPeering}`);
    expect(history[0]).toMatchObject({ action: 'deletion-requested', actor: 'U0ALICE' });
  });

  it('opens the form with the peering chosen from its id or from the root message', async () => {
    await t.command(`delete ${record.aivenPeeringId}`);
    expect(initialPeering(t)).toBe(record.id);

    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === record.thread?.ts)
      .at(-1);
    expect(findButton(root?.args.blocks as unknown[], 'peering_delete')?.button.text?.text).toBe('Delete…');
    const opened = t.slack.callsTo('views.open').length;
    await t.click(root as NonNullable<typeof root>, 'peering_delete', { userId: 'U0BOB' });
    expect(t.slack.callsTo('views.open')).toHaveLength(opened + 1);
    expect(initialPeering(t)).toBe(record.id);
    const answer = await t.submit({ peering: record.id }, { userId: 'U0BOB' });
    expect(answer.body).toBeUndefined();

    const unknown = await t.command('delete pcx-0123');
    expect(JSON.parse(unknown.text).text).toContain('No peering vpc-peer can delete is called `pcx-0123`');
    expect(JSON.parse(unknown.text).text).toContain('pcx- and 8 or 17 hex characters');
  });
});

describe('who may ask for changes, and where', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });
  const reply = (answer: { text: string }) => JSON.parse(answer.text) as { text: string };

  it('refuses a disallowed requester or channel, for delete and for create', async () => {
    t = await startTestBot({ APPROVERS, REQUESTERS: 'U0ALICE', ALLOWED_CHANNELS: 'C0PLATFORM' });
    expect(reply(await t.command('delete', { userId: 'U0MALLORY' })).text).toContain('REQUESTERS');
    const elsewhere = reply(await t.command('delete', { channelId: 'C0RANDOM' })).text;
    expect(elsewhere).toContain('only in <#C0PLATFORM> (ALLOWED_CHANNELS)');
    expect(reply(await t.command('create', { channelId: 'C0RANDOM' })).text).toContain(
      'only in <#C0PLATFORM>',
    );
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('says that nobody can approve when APPROVERS is not set', async () => {
    t = await startTestBot();
    expect(reply(await t.command('delete')).text).toContain('set APPROVERS');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });
});
