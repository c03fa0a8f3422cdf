// Pre-flight at create time: with a role in the account, the VPC is checked in AWS (moto) before
// anything is created in Aiven.
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, type TeamVpc } from '../support/aws-accounts';
import { startTestBot, type TestBot } from '../support/bot';
import { textOf } from './helpers';

describe('pre-flight at create time', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' }, { aws: awsClientConfig() });
  });
  afterEach(async () => {
    await t.stop();
  });

  const createRequests = () =>
    t.aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));

  async function request(team: Pick<TeamVpc, 'accountId' | 'vpcId'>, extraCidrs?: string) {
    await t.command('');
    await t.idle();
    const answer = await t.submit({
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: team.accountId,
      aws_region: 'eu-west-1',
      aws_vpc_id: team.vpcId,
      extra_cidrs: extraCidrs,
    });
    expect(answer.status).toBe(200);
    await t.idle();
    return t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
  }

  it('refuses a VPC that does not exist in the account and region; nothing is created in Aiven', async () => {
    const team = await createTeamVpc();
    const replies = await request({ accountId: team.accountId, vpcId: 'vpc-0123456789abcdef0' });
    expect(textOf(replies[0])).toContain(
      `VPC vpc-0123456789abcdef0 does not exist in AWS account ${team.accountId} (eu-west-1)`,
    );
    expect(textOf(replies[0])).toContain('Nothing was created in Aiven');
    expect(createRequests()).toHaveLength(0);
  });

  it('refuses a VPC whose CIDR overlaps the org VPC; nothing is created in Aiven', async () => {
    const team = await createTeamVpc(undefined, '10.20.0.0/16');
    const replies = await request(team);
    expect(textOf(replies[0])).toContain(
      `The organization VPC's 10.20.0.0/24 overlaps ${team.vpcId}'s own 10.20.0.0/16`,
    );
    expect(createRequests()).toHaveLength(0);
  });

  it('refuses an extra CIDR that overlaps the VPC itself; nothing is created in Aiven', async () => {
    const team = await createTeamVpc();
    const replies = await request(team, '10.0.128.0/20');
    expect(textOf(replies[0])).toContain(
      `The extra CIDR 10.0.128.0/20 overlaps ${team.vpcId}'s own 10.0.0.0/16`,
    );
    expect(createRequests()).toHaveLength(0);
  });

  it('lets a VPC that exists and does not overlap through to Aiven', async () => {
    const team = await createTeamVpc();
    const replies = await request(team, '192.168.0.0/24');
    expect(createRequests()).toHaveLength(1);
    expect(textOf(replies[0])).toContain('Aiven created peering');
  });
});
