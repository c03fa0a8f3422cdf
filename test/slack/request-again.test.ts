// A peering that ended frees its org VPC, account, VPC and region: the same request goes through again.
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';

const REQUEST = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
};

describe('requesting a VPC again after its peering ended', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.stop();
  });

  const request = () => t.request(REQUEST);
  const creates = () => t.aiven.requests.filter((r) => r.method === 'POST');

  it('is refused while the first is open, and accepted once Aiven reports it rejected in AWS', async () => {
    await request();
    expect(creates()).toHaveLength(1);
    await t.bot.reconcile();
    const again = await t.submit(REQUEST);
    expect(JSON.stringify(again.body)).toContain('already');

    const first = t.aiven.peerings().find((p) => p.peer_vpc === REQUEST.aws_vpc_id);
    t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
    t.aiven.setPeeringState(first?.peering_connection_id as string, 'REJECTED_BY_PEER');
    await t.bot.reconcile();

    const answer = await request();
    expect(answer.body).toBeUndefined();
    expect(creates()).toHaveLength(2);
    const roots = t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === undefined);
    expect(roots).toHaveLength(2);
  });
});
