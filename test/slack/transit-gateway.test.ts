// Transit Gateway attachments through the real Bolt receiver, the Aiven sandbox and the Slack stand-in,
// on both stores: the modal's errors, the exact Aiven body, the words in the thread, list and status,
// and delete with approval sending one DELETE.
import { systemClock } from '../../src/container/clock';
import type { PeeringRecord } from '../../src/peering/model';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';
import { bothStores } from '../support/both-stores';
import { deletes, requestDeletion, textOf } from './deletion/helpers';

const TGW = 'tgw-0123456789abcdef0';
const ATTACHMENT = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: undefined,
  aws_vpc_id: TGW,
  extra_cidrs: '10.50.0.0/16\n10.60.0.0/16',
};

const STORES = bothStores('vpc-peer-tgw');

const createRequests = (t: TestBot) =>
  t.aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));

/** The private answer of a slash command, as one text. */
const read = (answer: { text: string }) => textOf(JSON.parse(answer.text) as Record<string, unknown>);

describe.each(STORES)('Transit Gateway attachments (%s)', (_name, makeStore) => {
  let t: TestBot;
  beforeEach(async () => {
    // The bot's own clock, shared with its store.
    const clock = systemClock;
    t = await startTestBot({ APPROVERS: 'U0BOB' }, { clock, store: await makeStore(clock) });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function submitted(values: Record<string, string | undefined>): Promise<Record<string, string>> {
    await t.command('');
    await t.idle();
    const answer = await t.submit(values);
    expect(answer.body?.response_action).toBe('errors');
    return answer.body?.errors as Record<string, string>;
  }

  async function requestAttachment(): Promise<PeeringRecord> {
    await t.request(ATTACHMENT);
    const record = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === TGW);
    if (!record?.aivenPeeringId) throw new Error('the attachment was not created');
    return record;
  }

  it('the modal says a tgw- id needs the ranges behind it, and what valid values look like', async () => {
    expect(await submitted({ ...ATTACHMENT, extra_cidrs: undefined })).toEqual({
      extra_cidrs:
        'A Transit Gateway attachment needs the private IPv4 ranges behind the Transit Gateway: at least one CIDR, one per line, e.g. 10.50.0.0/16.',
    });
    expect(
      await submitted({ ...ATTACHMENT, extra_cidrs: '10.50.0.0/16\n10.20.0.0/16\n10.50.1.0/24' }),
    ).toEqual({
      extra_cidrs: expect.stringContaining(`"10.20.0.0/16" overlaps the organization VPC's 10.20.0.0/24`),
    });
    expect(await submitted({ ...ATTACHMENT, aws_vpc_id: 'tgw-123' })).toEqual({
      aws_vpc_id:
        'Enter the Transit Gateway ID: tgw- and 8 or 17 hex characters, e.g. tgw-0a1b2c3d4e5f67890.',
    });
    expect((await submitted({ ...ATTACHMENT, aws_vpc_id: 'igw-0123456789abcdef0' })).aws_vpc_id).toContain(
      'or a Transit Gateway ID (tgw-0a1b2c3d4e5f67890)',
    );
    expect(createRequests(t)).toHaveLength(0);
  });

  it('sends Aiven exactly the spec body: the tgw- as peer_vpc and its CIDRs; the thread says attachment', async () => {
    const record = await requestAttachment();
    const creates = createRequests(t);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toEqual({
      peer_cloud_account: '210987654321',
      peer_vpc: TGW,
      peer_region: 'eu-west-1',
      user_peer_network_cidrs: ['10.50.0.0/16', '10.60.0.0/16'],
    });
    expect(t.aiven.peerings().find((p) => p.peer_vpc === TGW)?.vpc_peering_connection_type).toBe(
      'aws-tgw-vpc-attachment',
    );
    const posts = t.slack.callsTo('chat.postMessage');
    const root = posts.find((p) => p.args.thread_ts === undefined);
    expect(textOf(root?.args ?? {})).toContain('*Transit Gateway attachment* requested by <@U0ALICE>');
    const reply = posts.find((p) => p.args.thread_ts !== undefined);
    expect(textOf(reply?.args ?? {})).toContain(
      `Aiven created attachment \`${record.aivenPeeringId}\`, state *APPROVED*`,
    );
    expect(textOf(reply?.args ?? {})).not.toMatch(/peering request/);

    // A second request for the same Transit Gateway is refused, naming the attachment.
    const again = await submitted(ATTACHMENT);
    expect(again.aws_vpc_id).toMatch(
      /^This (attachment already exists in Aiven|Transit Gateway is already being attached)/,
    );
    expect(createRequests(t)).toHaveLength(1);
  });

  it('progress, list and status name the Transit Gateway attachment and what to do in AWS', async () => {
    const record = await requestAttachment();
    t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
    await t.bot.reconcile();
    await t.idle();
    const thread = t.slack
      .callsTo('chat.postMessage')
      .filter((p) => p.args.thread_ts !== undefined)
      .map((p) => textOf(p.args))
      .join('\n');
    expect(thread).toContain(`Transit Gateway attachment ${TGW}: Approved → Waiting for AWS`);
    expect(thread).toContain(
      `Aiven's attachment to ${TGW} waits for acceptance in AWS account 210987654321 (eu-west-1).`,
    );
    expect(thread).toMatch(/Accept Transit Gateway attachment tgw-attach-[0-9a-f]{17}/);

    const list = read(await t.command('list'));
    expect(list).toContain(
      `:raised_hand: *Waiting for AWS* · account 210987654321 · eu-west-1 · Transit Gateway attachment \`${TGW}\``,
    );
    const status = read(await t.command(`status ${TGW}`));
    expect(status).toContain(`Transit Gateway attachment ${TGW}: Waiting for AWS`);
    expect(status).toContain(`Aiven attachment: \`${record.aivenPeeringId}\``);
    expect(status).toContain('VPC > Transit gateway attachments');
  });

  it('delete with approval says attachment and sends exactly one DELETE', async () => {
    const record = await requestAttachment();
    const message = await requestDeletion(t, record);
    const asked = textOf(message.args);
    expect(asked).toContain(`*Will be removed:* Aiven attachment \`${record.aivenPeeringId}\``);
    expect(asked).toContain(`*Loses the path:* AWS Transit Gateway ${TGW}`);
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.click(message, 'deletion_approve', { userId: 'U0BOB' });
    await t.idle();
    expect(deletes(t)).toHaveLength(1);
    expect(deletes(t)[0]?.path).toContain(`/peering-connections/${record.aivenPeeringId}`);
    const replies = t.slack
      .callsTo('chat.postMessage')
      .map((p) => textOf(p.args))
      .join('\n');
    expect(replies).toContain(`Aiven is deleting attachment \`${record.aivenPeeringId}\``);
  });
});
