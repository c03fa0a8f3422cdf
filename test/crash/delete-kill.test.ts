// Kill -9 while an approved deletion runs, start again on the same SQLite file: the peering is
// deleted in Aiven, the thread hears it once, and the request never stays "approved" with nothing
// running. The bot runs as `npm start`'s entry point in a child; the stand-ins live here.
import { type AivenSandbox, SEED_IDS, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { AIVEN_TOKEN } from '../support/bot';
import { type ChildBot, type ChildWorld, childWorld, slackDriver, waitFor } from '../support/child-bot';
import { findButton } from '../support/slack';

jest.setTimeout(300_000);

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
  extra_cidrs: '10.50.0.0/16',
};
const CHANNEL = 'C0PLATFORM';

type Block = { text?: { text: string }; elements?: { text?: string | { text: string } }[] };
const textOf = (message: Record<string, unknown>) =>
  [
    message.text,
    ...((message.blocks as Block[] | undefined) ?? []).map(
      (b) =>
        b.text?.text ??
        b.elements?.map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('\n');

describe('kill -9 during an approved deletion, then start again', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let world: ChildWorld;
  let bot: ChildBot | undefined;
  let drive: ReturnType<typeof slackDriver>;

  beforeEach(async () => {
    aiven = await startAivenSandbox({ clock: 'manual', token: AIVEN_TOKEN });
    slack = await startSlackApiStandIn();
    world = childWorld({
      slack,
      aivenUrl: aiven.url,
      organizationId: aiven.organizationId,
      env: { APPROVERS: 'U0ALICE,U0BOB' },
    });
    drive = slackDriver(slack);
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await aiven.close();
    await slack.close();
  });

  const ours = () =>
    aiven
      .peerings()
      .filter((p) => p.peer_cloud_account === VALID.aws_account_id && p.peer_vpc === VALID.aws_vpc_id);
  const deletes = () => aiven.requests.filter((r) => r.method === 'DELETE');
  const replies = () =>
    slack.messages(CHANNEL).filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts);
  const requestMessages = () =>
    slack
      .callsTo('chat.postMessage')
      .filter((c) => findButton((c.args.blocks as unknown[]) ?? [], 'deletion_approve'));

  /** A peering made through the bot, asked to be deleted by Alice; returns the request message. */
  async function peeringAskedToBeDeleted(running: ChildBot) {
    await drive.command(running);
    const createForm = await drive.loadedForm();
    await drive.submit(running, createForm, VALID);
    await waitFor('the peering to be created', () =>
      replies().some((m) =>
        textOf(m as unknown as Record<string, unknown>).includes('Aiven created peering'),
      ),
    );
    expect((await drive.command(running, 'delete')).text).toBe('');
    const deletionForm = drive.currentView();
    const answer = await drive.submit(running, deletionForm, {
      peering: `req-${createForm.id}`,
      reason: 'moving to a transit gateway',
    });
    expect(answer.text).toBe('');
    return waitFor('the deletion request message', () => requestMessages()[0]);
  }

  async function expectDeletedAndToldOnce() {
    // The delete job's own reply (the fast watch may also announce "Approved → Deleting").
    const deleteReply = (m: unknown) => textOf(m as Record<string, unknown>).includes('approved by <@U0BOB>');
    await waitFor('the thread to say Aiven is deleting the peering', () => replies().some(deleteReply));
    await waitFor('the root message to show DELETING', () =>
      slack.callsTo('chat.update').some((c) => textOf(c.args).includes('Deleting')),
    );
    const told = replies().filter((m) => deleteReply(m));
    expect(told).toHaveLength(1);
    // The state change, if announced, is announced once too.
    const stateReplies = replies().filter((m) =>
      textOf(m as unknown as Record<string, unknown>).includes('→ *Deleting*'),
    );
    expect(stateReplies.length).toBeLessThanOrEqual(1);
    expect(
      replies().filter((m) => /not deleted|failed/i.test(textOf(m as unknown as Record<string, unknown>))),
    ).toHaveLength(0);
    expect(ours().every((p) => p.state === 'DELETING' || p.state === 'DELETED')).toBe(true);
    expect(ours()).toHaveLength(1);
  }

  it('killed after the approval, before Aiven acted on the DELETE: deleted once after the restart', async () => {
    bot = await world.start();
    const message = await peeringAskedToBeDeleted(bot);
    aiven.failNext({ method: 'DELETE', hang: true });
    expect((await drive.click(bot, message, 'deletion_approve', 'U0BOB')).status).toBe(200);
    await waitFor('the DELETE to reach Aiven', () => deletes().length === 1);
    await bot.kill();
    expect(ours()[0]?.state).not.toBe('DELETING');

    bot = await world.start();
    await expectDeletedAndToldOnce();
    expect(deletes()).toHaveLength(2);
  });

  it('killed after Aiven deleted it, before the answer was read: told once, no Retry needed', async () => {
    bot = await world.start();
    const message = await peeringAskedToBeDeleted(bot);
    aiven.failNext({ method: 'DELETE', hang: true, afterEffect: true });
    await drive.click(bot, message, 'deletion_approve', 'U0BOB');
    await waitFor('Aiven to be deleting the peering', () => ours()[0]?.state === 'DELETING');
    await bot.kill();

    bot = await world.start();
    await expectDeletedAndToldOnce();
    // The second DELETE found it going already (idempotent); nothing else was touched.
    expect(deletes()).toHaveLength(2);
  });

  it('killed during its last attempt: the thread is told it was not deleted, with Retry for approvers', async () => {
    world.env.MAX_JOB_ATTEMPTS = '1';
    bot = await world.start();
    const message = await peeringAskedToBeDeleted(bot);
    aiven.failNext({ method: 'DELETE', hang: true });
    await drive.click(bot, message, 'deletion_approve', 'U0BOB');
    await waitFor('the DELETE to reach Aiven', () => deletes().length === 1);
    await bot.kill();

    // The job died in its only attempt: as Lambda's dead-letter queue, the restart reports it.
    bot = await world.start();
    const failed = await waitFor('the thread to say the peering was not deleted', () =>
      slack.callsTo('chat.postMessage').find((c) => textOf(c.args).includes('The peering was not deleted')),
    );
    expect(findButton((failed.args.blocks as unknown[]) ?? [], 'deletion_retry')).toBeDefined();
    expect(deletes()).toHaveLength(1);
    expect(ours()[0]?.state).not.toBe('DELETING');

    // Retry by an approver deletes it.
    await drive.click(bot, failed, 'deletion_retry', 'U0BOB');
    await waitFor('Aiven to be deleting the peering', () => ours()[0]?.state === 'DELETING');
    await waitFor('the thread to say Aiven is deleting it', () =>
      replies().some((m) => textOf(m as unknown as Record<string, unknown>).includes('approved by <@U0BOB>')),
    );
  });
});
