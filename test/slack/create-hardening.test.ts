// The create path under the failures a review found: each test drives the real Bolt receiver with
// signed requests, the Aiven sandbox over HTTP and the Slack Web API stand-in.
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
};

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const textOf = (args: { text?: unknown; blocks?: unknown } | undefined) =>
  [
    args?.text,
    ...((args?.blocks as Block[] | undefined) ?? []).map(
      (b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('\n');

const roots = (t: TestBot) =>
  t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts === undefined);
const replies = (t: TestBot) =>
  t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts !== undefined);
const createRequests = (t: TestBot) =>
  t.aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));

describe('create path hardening', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  async function openForm() {
    await t.command('');
    await t.idle();
    return t.currentView();
  }

  describe('with defaults', () => {
    beforeEach(async () => {
      t = await startTestBot();
    });

    it('offers only ACTIVE org VPCs with a cloud when Aiven lists one in an unknown state or without clouds', async () => {
      t.aiven.addRawVpc({
        organization_vpc_id: '0b6c9c5e-1111-4f00-9c1d-5a7e3b2c1d00',
        display_name: 'future-state',
        clouds: [{ cloud_name: 'aws-eu-west-1', network_cidr: '10.90.0.0/24' }],
        state: 'SUSPENDED',
        peering_connections: [],
      });
      t.aiven.addRawVpc({
        organization_vpc_id: '0b6c9c5e-2222-4f00-9c1d-5a7e3b2c1d00',
        display_name: 'no-clouds',
        clouds: [],
        state: 'ACTIVE',
      });
      const view = await openForm();
      const select = view.blocks.find((b) => b.block_id === 'org_vpc') as unknown as {
        element: { options: { text: { text: string } }[] };
      };
      expect(select.element.options.map((o) => o.text.text)).toEqual([
        'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
        'staging-us · aws-us-east-1 · 10.30.0.0/24',
      ]);
      // Read, not skipped (reconcile must see their peerings), but not offered: not ACTIVE, or no cloud.
      expect(t.logs.filter((l) => l.includes('skipped an org VPC this version cannot read'))).toEqual([]);
    });

    it('adopts the peering when Aiven answers the create with a 2xx body it cannot read', async () => {
      const view = await openForm();
      t.aiven.failNext({ method: 'POST', status: 200, message: 'surprise', afterEffect: true });
      await t.submit(VALID, { view });
      await t.idle();
      const peerings = t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id);
      expect(peerings).toHaveLength(1);
      expect(createRequests(t)).toHaveLength(1);
      expect(replies(t)).toHaveLength(1);
      expect(textOf(replies(t)[0]?.args)).toContain(
        `Aiven created peering \`${peerings[0]?.peering_connection_id}\``,
      );
      expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).not.toContain('Not created');
    });

    it('tells the user through response_url when the form cannot open', async () => {
      t.slack.failNext('views.open', 'expired_trigger_id');
      const answer = await t.command('');
      expect(answer.status).toBe(200);
      await t.idle();
      expect(t.slack.responsePosts).toHaveLength(1);
      const message = t.slack.responsePosts[0]?.body as { response_type: string; text: string };
      expect(message.response_type).toBe('ephemeral');
      expect(message.text).toMatch(/could not open the peering form.*try `\/vpc-peer` again/i);
      const reference = /reference: (\S+?)\)?$/m.exec(message.text)?.[1];
      expect(reference).toBeDefined();
      expect(t.logs.join('')).toContain(reference);
      expect(message.text).not.toContain('expired_trigger_id');
    });
  });

  // The outcome is recorded before the thread is told; when Slack fails in between, the job's retry
  // (or, after the last attempt, giveUp) finishes the telling, once, and never asks Aiven again.
  describe('when Slack fails while telling the outcome', () => {
    beforeEach(async () => {
      t = await startTestBot();
    });
    const inThread = (args: Record<string, unknown>) => args.thread_ts !== undefined;

    /** What people in the channel see: the root message (as last edited) and the replies in its thread. */
    const channel = () => {
      const messages = t.slack.messages('C0PLATFORM');
      const root = messages.find((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
      return { root, replies: messages.filter((m) => m !== root && m.thread_ts === root?.ts) };
    };
    async function submitRequest() {
      await t.submit(VALID, { view: await openForm() });
      await t.idle();
    }

    it('tells the thread once that Aiven refused it when the first reply fails, and marks the root Not created', async () => {
      t.aiven.failNext({ method: 'POST', status: 403, message: 'Not allowed to manage organization VPCs' });
      t.slack.failNext('chat.postMessage', 'internal_error', inThread);
      await submitRequest();

      const { root, replies } = channel();
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toContain(
        'was not created: Aiven refused it: Not allowed to manage organization VPCs',
      );
      expect(textOf(replies[0])).toContain('lacks permission');
      expect(textOf(root)).toContain('Not created');
      expect(createRequests(t)).toHaveLength(1);
    });

    it('rewrites the root to Not created when the first rewrite fails', async () => {
      t.aiven.failNext({ method: 'POST', status: 400, message: 'Invalid peer_vpc' });
      t.slack.failNext('chat.update', 'internal_error');
      await submitRequest();

      const { root, replies } = channel();
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toContain('was not created: Aiven refused it: Invalid peer_vpc');
      expect(textOf(root)).toContain('Not created');
      expect(t.slack.callsTo('chat.update').filter((c) => c.response?.ok === false)).toHaveLength(1);
      expect(createRequests(t)).toHaveLength(1);
    });

    it('tells the thread once that Aiven created it when the first reply fails, and rewrites the root', async () => {
      t.slack.failNext('chat.postMessage', 'internal_error', inThread);
      await submitRequest();

      const peerings = t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id);
      expect(peerings).toHaveLength(1);
      expect(createRequests(t)).toHaveLength(1);
      const { root, replies } = channel();
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toContain(
        `Aiven created peering \`${peerings[0]?.peering_connection_id}\`, state *APPROVED*`,
      );
      expect(textOf(root)).toContain('*Approved*');
      expect(textOf(root)).not.toContain('*Requested*');
    });

    it('tells the thread from giveUp when the reply failed on every attempt of the job', async () => {
      t.aiven.failNext({ method: 'POST', status: 403, message: 'Not allowed to manage organization VPCs' });
      // Every one of the job's attempts (MAX_JOB_ATTEMPTS, 3 by default) fails to reply.
      for (let attempt = 0; attempt < 3; attempt++) {
        t.slack.failNext('chat.postMessage', 'ratelimited', inThread);
      }
      await submitRequest();

      const { root, replies } = channel();
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0])).toContain('was not created: Aiven refused it');
      expect(textOf(root)).toContain('Not created');
      expect(createRequests(t)).toHaveLength(1);
      expect(t.logs.filter((l) => l.includes('job failed on its last attempt'))).toHaveLength(1);
    });
  });

  describe('with a short Slack timeout', () => {
    beforeEach(async () => {
      t = await startTestBot({}, { slackTimeoutMs: 300 });
    });

    it('posts the root message once when Slack took the post but its answer timed out', async () => {
      const view = await openForm();
      t.slack.hangNext('chat.postMessage');
      await t.submit(VALID, { view });
      await t.idle();
      expect(roots(t)).toHaveLength(1);
      expect(
        t.slack.messages('C0PLATFORM').filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts),
      ).toHaveLength(1);
      const root = t.slack.messages('C0PLATFORM')[0];
      expect(replies(t)).toHaveLength(1);
      expect(replies(t)[0]?.args.thread_ts).toBe(root?.ts);
      expect(textOf(replies(t)[0]?.args)).toContain('Aiven created peering');
      expect(createRequests(t)).toHaveLength(1);
    });

    it('replies once when Slack took the "Aiven created" reply but its answer timed out', async () => {
      const view = await openForm();
      t.slack.hangNext('chat.postMessage', (args) => args.thread_ts !== undefined);
      await t.submit(VALID, { view });
      await t.idle();
      const root = t.slack.messages('C0PLATFORM')[0];
      const thread = t.slack.messages('C0PLATFORM').filter((m) => m.thread_ts === root?.ts && m !== root);
      expect(thread).toHaveLength(1);
      expect(textOf(thread[0])).toContain('Aiven created peering');
      expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('*Approved*');
      expect(createRequests(t)).toHaveLength(1);
    });

    it('tells the user by direct message when the bot cannot post and the response_url fails', async () => {
      t.slack.lockedChannels.add('C0SECRET');
      const deadUrl = t.slack.responseUrl().replace('/response/', '/gone/');
      await t.command('', { channelId: 'C0SECRET', responseUrl: deadUrl });
      await t.idle();
      await t.submit(VALID);
      await t.idle();
      expect(createRequests(t)).toHaveLength(0);
      const direct = t.slack.callsTo('chat.postMessage').filter((p) => p.args.channel === 'U0ALICE');
      expect(direct).toHaveLength(1);
      expect(textOf(direct[0]?.args)).toContain("I can't post in <#C0SECRET>");
    });
  });
});
