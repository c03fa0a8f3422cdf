// A Transit Gateway attachment waiting for AWS: the thread gives the manual steps for an attachment
// (not a peering's), naming the tgw-, Aiven's attachment, Aiven's account and the route tables.
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';
import { textOf } from './deletion/helpers';

const TGW = 'tgw-0123456789abcdef0';
const ACCOUNT = '210987654321';
const ATTACHMENT = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: ACCOUNT,
  aws_region: undefined,
  aws_vpc_id: TGW,
  extra_cidrs: '10.50.0.0/16',
};

async function threadAtPendingPeer(t: TestBot): Promise<string> {
  await t.request(ATTACHMENT);
  t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
  await t.bot.reconcile();
  await t.idle();
  return t.slack
    .callsTo('chat.postMessage')
    .filter((p) => p.args.thread_ts !== undefined)
    .map((p) => textOf(p.args))
    .join('\n');
}

describe('a Transit Gateway attachment waiting for AWS, manual steps in the thread', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('without a role: the attachment steps with the tgw-, the attachment, Aiven account and route tables', async () => {
    t = await startTestBot({
      ROUTE_TABLES: `${TGW}=rtb-11111111+rtb-22222222`,
      AIVEN_AWS_ACCOUNT_ID: '123456789012',
    });
    const thread = await threadAtPendingPeer(t);
    const attachment = /Accept Transit Gateway attachment (tgw-attach-[0-9a-f]{17})/.exec(thread)?.[1];
    expect(attachment).toBeDefined();
    expect(thread).toContain(`vpc-peer has no role in AWS account ${ACCOUNT}`);
    expect(thread).toContain(`Share Transit Gateway \`${TGW}\` with Aiven's AWS account 123456789012`);
    expect(thread).toContain(`Accept the attachment \`${attachment}\``);
    expect(thread).toContain(
      `aws ec2 accept-transit-gateway-vpc-attachment --region eu-west-1 --transit-gateway-attachment-id ${attachment}`,
    );
    for (const rtb of ['rtb-11111111', 'rtb-22222222'])
      expect(thread).toContain(
        `aws ec2 create-route --region eu-west-1 --route-table-id ${rtb} --destination-cidr-block 10.20.0.0/24 --transit-gateway-id ${TGW}`,
      );
    // Never a peering's steps for an attachment.
    expect(thread).not.toContain('accept-vpc-peering-connection');
  });
});
