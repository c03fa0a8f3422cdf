// The create flow end to end: signed Slack requests to the real Bolt HTTP receiver, the Aiven sandbox
// over HTTP, and the Slack Web API stand-in recording what Slack would have received.
import { SEED_IDS, SEED_PEER } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';
import type { OpenView } from '../support/slack';

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
  extra_cidrs: '10.50.0.0/16\n10.60.0.0/16',
};

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const textOf = (args: Record<string, unknown>) =>
  [
    args.text,
    ...((args.blocks as Block[] | undefined) ?? []).map(
      (b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' '),
    ),
  ]
    .filter(Boolean)
    .join('\n');

/** The per-field errors of a `response_action: errors` answer. */
const errorsOf = (body: Record<string, unknown> | undefined) =>
  (body?.errors ?? {}) as Record<string, string>;

const createRequests = (t: TestBot) =>
  t.aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));

describe('/vpc-peer create flow', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.stop();
  });

  async function openForm(): Promise<OpenView> {
    const answer = await t.command('');
    expect(answer.status).toBe(200);
    await t.idle();
    return t.currentView();
  }

  it('opens the modal at once, then fills it with the ACTIVE org VPCs by name, region and CIDR', async () => {
    const answer = await t.command('create');
    expect(answer.status).toBe(200);
    const opened = t.slack.callsTo('views.open');
    expect(opened).toHaveLength(1);
    expect(JSON.stringify(opened[0]?.args.view)).toContain('Loading your Aiven organization VPCs');
    expect(opened[0]?.authorization).toBe(`Bearer ${'xoxb-1234567890-0987654321-testtokenvalue'}`);

    await t.idle();
    const updates = t.slack.callsTo('views.update');
    expect(updates).toHaveLength(1);
    const view = t.currentView();
    const vpcSelect = view.blocks.find((b) => b.block_id === 'org_vpc') as unknown as {
      element: { options: { text: { text: string }; value: string }[] };
    };
    expect(vpcSelect.element.options.map((o) => o.text.text)).toEqual([
      'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
      'staging-us · aws-us-east-1 · 10.30.0.0/24',
    ]);
    expect(vpcSelect.element.options.map((o) => o.value)).toEqual([SEED_IDS.prodEu, SEED_IDS.stagingUs]);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      'org_vpc',
      'aws_account_id',
      'aws_region',
      'aws_vpc_id',
      'extra_cidrs',
    ]);
  });

  it('opens the filled form straight away when the VPC list was read recently', async () => {
    await openForm();
    const before = t.aiven.requests.length;
    await t.command('');
    await t.idle();
    expect(t.slack.callsTo('views.open')).toHaveLength(2);
    expect(JSON.stringify(t.slack.callsTo('views.open')[1]?.args.view)).toContain('prod-eu · aws-eu-west-1');
    expect(t.aiven.requests.length).toBe(before);
  });

  it('creates exactly one peering with the right body, posts the root message and the result in its thread', async () => {
    await openForm();
    const answer = await t.submit(VALID);
    expect(answer.status).toBe(200);
    expect(answer.body).toBeUndefined();
    await t.idle();

    const creates = createRequests(t);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.path).toBe(
      `/organization/${t.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections`,
    );
    expect(creates[0]?.body).toEqual({
      peer_cloud_account: '210987654321',
      peer_vpc: 'vpc-0123456789abcdef0',
      peer_region: 'eu-west-1',
      user_peer_network_cidrs: ['10.50.0.0/16', '10.60.0.0/16'],
    });

    const posts = t.slack.callsTo('chat.postMessage');
    const root = posts.find((p) => p.args.thread_ts === undefined);
    expect(root?.args.channel).toBe('C0PLATFORM');
    const rootText = textOf(root?.args ?? {});
    expect(rootText).toContain('<@U0ALICE>');
    expect(rootText).toContain('prod-eu (aws-eu-west-1, 10.20.0.0/24)');
    expect(rootText).toContain('account 210987654321, eu-west-1, vpc-0123456789abcdef0');

    const peering = t.aiven.peerings().find((p) => p.peer_vpc === 'vpc-0123456789abcdef0');
    const replies = posts.filter((p) => p.args.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.args.channel).toBe('C0PLATFORM');
    expect(textOf(replies[0]?.args ?? {})).toContain(
      `Aiven created peering \`${peering?.peering_connection_id}\`, state *APPROVED*`,
    );

    const updates = t.slack.callsTo('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(textOf(updates.at(-1)?.args ?? {})).toContain('*Approved*');
    expect(updates.at(-1)?.args.ts).toBe(replies[0]?.args.thread_ts);
  });

  it('defaults the AWS region to the org VPC region when the user leaves it empty', async () => {
    await openForm();
    await t.submit({ ...VALID, org_vpc: SEED_IDS.stagingUs, aws_region: undefined, extra_cidrs: undefined });
    await t.idle();
    expect(createRequests(t)[0]?.body).toEqual({
      peer_cloud_account: '210987654321',
      peer_vpc: 'vpc-0123456789abcdef0',
      peer_region: 'us-east-1',
    });
  });

  it('gives each invalid field its own error saying what a valid value looks like', async () => {
    await openForm();
    const answer = await t.submit({
      org_vpc: undefined,
      aws_account_id: '12345',
      aws_region: undefined,
      aws_vpc_id: 'vpc-xyz',
      extra_cidrs: '10.50.0.1/16',
    });
    expect(answer.body?.response_action).toBe('errors');
    const errors = errorsOf(answer.body);
    expect(errors.org_vpc).toMatch(/Choose the Aiven organization VPC/);
    expect(errors.aws_account_id).toMatch(/12-digit AWS account ID.*123456789012/);
    expect(errors.aws_vpc_id).toMatch(/vpc- and 8 or 17 hex characters, e\.g\. vpc-0a1b2c3d4e5f67890/);
    expect(errors.extra_cidrs).toMatch(/host bits set; did you mean 10\.50\.0\.0\/16/);
    // Empty region means the org VPC's: with none chosen, only the org VPC is flagged.
    expect(errors.aws_region).toBeUndefined();
    await t.idle();
    expect(createRequests(t)).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses CIDRs that overlap the org VPC', async () => {
    await openForm();
    const answer = await t.submit({ ...VALID, extra_cidrs: '10.20.0.0/16' });
    expect(errorsOf(answer.body).extra_cidrs).toMatch(/overlaps the organization VPC's 10\.20\.0\.0\/24/);
  });

  it('refuses a peering that already exists in Aiven, naming it', async () => {
    await openForm();
    const answer = await t.submit({
      ...VALID,
      aws_account_id: SEED_PEER.awsAccountId,
      aws_vpc_id: SEED_PEER.awsVpcId,
      aws_region: SEED_PEER.awsRegion,
    });
    expect(answer.body?.response_action).toBe('errors');
    expect(errorsOf(answer.body).aws_vpc_id).toContain(SEED_IDS.prodEuPeering);
    await t.idle();
    expect(createRequests(t)).toHaveLength(0);
  });

  it('refuses a second request for the same peering while the first is open', async () => {
    const first = await openForm();
    await t.submit(VALID, { view: first });
    await t.idle();
    await t.command('');
    await t.idle();
    const second = t.currentView();
    expect(second.id).not.toBe(first.id);
    const answer = await t.submit(VALID, { view: second, userId: 'U0BOB' });
    expect(errorsOf(answer.body).aws_vpc_id).toMatch(/already being peered.*<@U0ALICE>/);
    expect(createRequests(t)).toHaveLength(1);
  });

  it('does nothing new when Slack retries the same submission', async () => {
    const view = await openForm();
    await t.submit(VALID, { view });
    const retry = await t.submit(VALID, { view, retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(retry.body).toBeUndefined();
    await t.idle();
    expect(createRequests(t)).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts === undefined)).toHaveLength(1);
  });

  it("puts Aiven's message in the thread when Aiven refuses (4xx), and a retry is then possible", async () => {
    const view = await openForm();
    t.aiven.failNext({ method: 'POST', status: 403, message: 'Not allowed to manage organization VPCs' });
    await t.submit(VALID, { view });
    await t.idle();
    const replies = t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    const reply = textOf(replies[0]?.args ?? {});
    expect(reply).toContain('was not created: Aiven refused it: Not allowed to manage organization VPCs');
    expect(reply).toContain('lacks permission');
    expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args ?? {})).toContain('Not created');

    await t.command('');
    await t.idle();
    const again = await t.submit(VALID);
    expect(again.body).toBeUndefined();
    await t.idle();
    expect(t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id)).toHaveLength(1);
  });

  it('retries after a 5xx and creates the peering once', async () => {
    const view = await openForm();
    t.aiven.failNext({ method: 'POST', status: 503, message: 'Service Unavailable' });
    await t.submit(VALID, { view });
    await t.idle();
    expect(createRequests(t)).toHaveLength(2);
    expect(t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id)).toHaveLength(1);
    const replies = t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0]?.args ?? {})).toContain('Aiven created peering');
  });

  it('finds the peering a timed-out create made instead of creating a duplicate', async () => {
    const view = await openForm();
    // Aiven creates the peering but the answer never arrives: the client times out.
    t.aiven.failNext({ method: 'POST', hang: true, afterEffect: true });
    await t.submit(VALID, { view });
    await t.idle();
    expect(createRequests(t)).toHaveLength(1);
    expect(t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id)).toHaveLength(1);
    const replies = t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts !== undefined);
    expect(textOf(replies[0]?.args ?? {})).toContain('Aiven created peering');
  });

  it('tells the user in the thread when Aiven keeps failing, and frees the request for a retry', async () => {
    const view = await openForm();
    t.aiven.failNext({ method: 'POST', status: 502, message: 'Bad Gateway', times: 10 });
    await t.submit(VALID, { view });
    await t.idle();
    expect(createRequests(t)).toHaveLength(3);
    const replies = t.slack.callsTo('chat.postMessage').filter((p) => p.args.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0]?.args ?? {})).toMatch(
      /was not created: Aiven did not answer properly after several tries/,
    );
    expect(t.aiven.peerings().filter((p) => p.peer_vpc === VALID.aws_vpc_id)).toHaveLength(0);
  });

  it('creates nothing and tells the user privately when the bot cannot post in the channel', async () => {
    t.slack.lockedChannels.add('C0SECRET');
    await t.command('', { channelId: 'C0SECRET' });
    await t.idle();
    await t.submit(VALID);
    await t.idle();
    expect(createRequests(t)).toHaveLength(0);
    expect(t.slack.responsePosts).toHaveLength(1);
    const message = t.slack.responsePosts[0]?.body as { response_type: string; text: string };
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toContain("I can't post in <#C0SECRET>");
    expect(message.text).toContain('/invite @vpc-peer');
  });
});
