// The Aiven sandbox next to moto: real peering requests from Aiven's own account, and peerings that
// follow what the team does in AWS.
import {
  AcceptVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  RejectVpcPeeringConnectionCommand,
} from '@aws-sdk/client-ec2';
import { makeSandboxAivenAccount, SANDBOX_AIVEN_ACCOUNT_ID } from '../../src/sandbox/aiven-account';
import {
  type AivenSandbox,
  SANDBOX_TIMINGS,
  SEED_IDS,
  startAivenSandbox,
} from '../../src/sandbox/aiven-sandbox';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, type TeamVpc } from '../support/aws-accounts';

describe('Aiven sandbox on moto', () => {
  let sandbox: AivenSandbox;
  let team: TeamVpc;
  beforeEach(async () => {
    sandbox = await startAivenSandbox({ aws: makeSandboxAivenAccount({ client: awsClientConfig() }) });
    team = await createTeamVpc();
  });
  afterEach(async () => {
    await sandbox.close();
    team.ec2.destroy();
  });

  async function createPeering(peerVpc = team.vpcId): Promise<string> {
    const response = await fetch(
      `${sandbox.url}/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections`,
      {
        method: 'POST',
        headers: { authorization: `aivenv1 ${sandbox.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          peer_cloud_account: team.accountId,
          peer_vpc: peerVpc,
          peer_region: 'eu-west-1',
        }),
      },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { peering_connection_id: string }).peering_connection_id;
  }

  const peering = (id: string) => sandbox.peerings().find((p) => p.peering_connection_id === id);

  async function pendingPeer(): Promise<{ id: string; pcx: string }> {
    const id = await createPeering();
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    await sandbox.syncAws();
    const pcx = peering(id)?.state_info.aws_vpc_peering_connection_id as string;
    expect(peering(id)?.state).toBe('PENDING_PEER');
    return { id, pcx };
  }

  it('requests the peering in the team account from Aiven account and a VPC with the org VPC CIDR', async () => {
    const { pcx } = await pendingPeer();
    const seen = await team.ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }),
    );
    const connection = seen.VpcPeeringConnections?.[0];
    expect(connection?.Status?.Code).toBe('pending-acceptance');
    expect(connection?.AccepterVpcInfo).toMatchObject({ OwnerId: team.accountId, VpcId: team.vpcId });
    expect(connection?.RequesterVpcInfo).toMatchObject({
      OwnerId: SANDBOX_AIVEN_ACCOUNT_ID,
      CidrBlock: '10.20.0.0/24',
    });
  });

  it('turns ACTIVE once the team accepts, and stays PENDING_PEER until then (whatever the clock)', async () => {
    const { id, pcx } = await pendingPeer();
    sandbox.advance(SANDBOX_TIMINGS.pendingPeerMs * 10);
    await sandbox.syncAws();
    expect(peering(id)?.state).toBe('PENDING_PEER');
    await team.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
    await sandbox.syncAws();
    expect(peering(id)?.state).toBe('ACTIVE');
    expect(peering(id)?.state_info.aws_vpc_peering_connection_id).toBe(pcx);
  });

  it('turns REJECTED_BY_PEER when rejected, DELETED_BY_PEER when deleted in AWS', async () => {
    const rejected = await pendingPeer();
    await team.ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: rejected.pcx }));
    const deleted = await pendingPeer();
    await team.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: deleted.pcx }));
    await sandbox.syncAws();
    await team.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: deleted.pcx }));
    // Any API request brings the sandbox in line with AWS, as Aiven's own polling would.
    await fetch(`${sandbox.url}/organization/${sandbox.organizationId}/vpcs/${SEED_IDS.prodEu}`, {
      headers: { authorization: `aivenv1 ${sandbox.token}` },
    });
    expect(peering(rejected.id)?.state).toBe('REJECTED_BY_PEER');
    expect(peering(deleted.id)?.state).toBe('DELETED_BY_PEER');
  });

  it('reports INVALID_SPECIFICATION when AWS refuses the request (no such VPC)', async () => {
    const id = await createPeering('vpc-0123456789abcdef0');
    sandbox.advance(SANDBOX_TIMINGS.approvedMs);
    await sandbox.syncAws();
    expect(peering(id)?.state).toBe('INVALID_SPECIFICATION');
    expect(peering(id)?.state_info.message).toContain(
      `VPC peering connection request to AWS account ${team.accountId} VPC vpc-0123456789abcdef0 in eu-west-1 failed`,
    );
  });
});
