// What the bot refuses, with nothing changed in AWS, and the manual path when it has no role.
import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import { peeringStatus, routesOf } from '../support/aws-accounts';
import {
  type AcceptWorld,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  textOf,
  threadPosts,
} from './helpers';

describe('Accept in AWS: refusals and the manual path', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  async function expectNothingChanged() {
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
    const routes = await routesOf(w.team);
    expect(Object.values(routes).some((r) => r[ORG_VPC_CIDR])).toBe(false);
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
    expect(w.proxy.actions('CreateRoute')).toHaveLength(0);
    expect(postContaining(w.t, 'Plan for AWS account')).toBeUndefined();
  }

  it('refuses a connection whose requester CIDR is not the org VPC CIDR', async () => {
    w = await startAcceptWorld({}, { requesterCidr: '10.77.0.0/24' });
    await reachPendingPeer(w);
    const refused = textOf(postContaining(w.t, 'Not accepting'));
    expect(refused).toContain(
      `comes from a VPC with CIDR 10.77.0.0/24, not the organization VPC's ${ORG_VPC_CIDR}`,
    );
    expect(refused).toContain('nothing was changed');
    await expectNothingChanged();
  });

  it('refuses a connection addressed to another VPC of the account', async () => {
    let otherVpc = '';
    // The request was for otherVpc; the connection Aiven reports is addressed to the team's first VPC.
    w = await startAcceptWorld(
      {},
      {
        requested: async (team) => {
          otherVpc = (await team.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc
            ?.VpcId as string;
          return { awsVpcId: otherVpc };
        },
      },
    );
    await reachPendingPeer(w);
    const refused = textOf(postContaining(w.t, 'Not accepting'));
    expect(refused).toContain(`is addressed to ${w.team.vpcId}, not the requested ${otherVpc}`);
    await expectNothingChanged();
  });

  it('refuses a connection addressed to another account', async () => {
    w = await startAcceptWorld({}, { requested: async () => ({ awsAccountId: '111122223333' }) });
    await reachPendingPeer(w);
    const refused = textOf(postContaining(w.t, 'Not accepting'));
    // AWS (moto) shows the connection from the other account too; either way it is refused.
    expect(refused).toMatch(
      new RegExp(
        `has no peering connection ${w.pcxId}|addressed to AWS account ${w.team.accountId}, not the requested 111122223333`,
      ),
    );
    await expectNothingChanged();
  });

  it('does nothing in AWS and posts nothing more when there is no role (the state change has the steps)', async () => {
    w = await startAcceptWorld({ ACCEPTER_ROLE_NAME: '', ACCEPTER_EXTERNAL_ID: '' });
    await reachPendingPeer(w);
    expect(threadPosts(w.t)).toHaveLength(0);
    expect(w.proxy.calls).toHaveLength(0);
    await expectNothingChanged();
  });

  it('posts the manual steps, saying why, when AWS refuses the role', async () => {
    w = await startAcceptWorld();
    w.proxy.refuseNext({
      action: 'AssumeRole',
      code: 'AccessDenied',
      message: 'not authorized to perform sts:AssumeRole',
    });
    await reachPendingPeer(w);
    const text = textOf(postContaining(w.t, 'could not assume'));
    expect(text).toContain(`arn:aws:iam::${w.team.accountId}:role/vpc-peer-accepter (AWS said AccessDenied)`);
    expect(text).toContain(
      `aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id ${w.pcxId}`,
    );
    await expectNothingChanged();
  });

  it('falls back to the manual steps, with a reference found in the log, when AWS keeps failing', async () => {
    w = await startAcceptWorld();
    w.proxy.refuseNext({
      action: 'DescribeVpcPeeringConnections',
      code: 'InternalError',
      message: 'An internal error has occurred',
      status: 500,
      times: 100,
    });
    await reachPendingPeer(w);
    const text = textOf(postContaining(w.t, 'could not read the peering connection'));
    const reference = /reference: (\S+)\)/.exec(text)?.[1] ?? '';
    expect(reference).toBe(`plan-accept:${w.record.id}:${w.pcxId}`);
    expect(w.t.logs.some((line) => line.includes(reference) && line.includes('accept plan failed'))).toBe(
      true,
    );
    expect(text).toContain(
      `aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id ${w.pcxId}`,
    );
    expect(text).not.toContain('InternalError');
    await expectNothingChanged();
  });
});
