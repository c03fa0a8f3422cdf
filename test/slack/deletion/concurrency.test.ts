// The first decision wins on both stores: double clicks and 10 approvers at once give one Aiven DELETE.
import { systemClock } from '../../../src/container/clock';
import { startTestBot, type TestBot } from '../../support/bot';
import { bothStores } from '../../support/both-stores';
import { createPeering, deletes, latestUpdate, privateAnswers, requestDeletion, textOf } from './helpers';

const APPROVERS = Array.from({ length: 10 }, (_, i) => `U0APPROVER${i}`);

// A table per test (bothStores): the stand-in numbers views from 1 in every test, and request ids
// derive from them.
const STORES = bothStores('vpc-peer-delete');

describe.each(STORES)('one decision per deletion request (%s)', (_name, makeStore) => {
  let t: TestBot;
  beforeEach(async () => {
    // The bot's own clock, shared with its store.
    const clock = systemClock;
    t = await startTestBot({ APPROVERS: APPROVERS.join(',') }, { clock, store: await makeStore(clock) });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('10 concurrent approvals from different approvers give exactly one Aiven DELETE', async () => {
    const record = await createPeering(t);
    const message = await requestDeletion(t, record);
    const answers = await Promise.all(
      APPROVERS.map((userId) => t.click(message, 'deletion_approve', { userId })),
    );
    expect(answers.map((a) => a.status)).toEqual(APPROVERS.map(() => 200));
    await t.idle();

    expect(deletes(t)).toHaveLength(1);
    const request = await t.bot.store.getDeletionRequest(
      /deletion request (\S+)/.exec(textOf(message.args))?.[1] ?? '',
    );
    expect(request).toMatchObject({ status: 'approved', attempt: 1 });
    expect(APPROVERS).toContain(request?.decidedBy);
    const told = privateAnswers(t).map((a) => String(a.text));
    expect(told).toHaveLength(9);
    for (const text of told) expect(text).toContain(`already approved by <@${request?.decidedBy}>`);
    expect(textOf(latestUpdate(t, message)?.args ?? {})).toContain(`*Approved* by <@${request?.decidedBy}>`);
    const approvals = (await t.bot.store.listAuditEvents(record.id)).filter(
      (e) => e.action === 'deletion-approved',
    );
    expect(approvals).toHaveLength(1);
  });

  it('a double click of Approve gives one Aiven DELETE', async () => {
    const record = await createPeering(t);
    const message = await requestDeletion(t, record);
    await Promise.all([
      t.click(message, 'deletion_approve', { userId: 'U0APPROVER1' }),
      t.click(message, 'deletion_approve', { userId: 'U0APPROVER1' }),
    ]);
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    expect(privateAnswers(t)).toHaveLength(1);
  });
});
