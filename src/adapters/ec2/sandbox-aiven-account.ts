// The Aiven sandbox's own AWS account on moto: one VPC per org VPC (with its CIDR) from which
// peering requests go to the teams' accounts, as Aiven's do. Local use only (npm start, tests).
import {
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SandboxAwsSide } from '../../sandbox/aiven-sandbox';
import type { AwsClientSettings } from './access';

/** Aiven's AWS account id as its docs publish it; on moto it is just another account. */
export const SANDBOX_AIVEN_ACCOUNT_ID = '675999398324';

export function makeSandboxAivenAccount(options: {
  client: AwsClientSettings & { endpoint: string };
  accountId?: string;
}): SandboxAwsSide {
  const accountId = options.accountId ?? SANDBOX_AIVEN_ACCOUNT_ID;
  const clients = new Map<string, Promise<EC2Client>>();
  const vpcs = new Map<string, Promise<string>>();

  // moto binds AssumeRole credentials to the role's account: that is how the sandbox acts as Aiven.
  async function connect(region: string): Promise<EC2Client> {
    const sts = new STSClient({ ...options.client, region });
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/aiven-sandbox`,
          RoleSessionName: 'aiven-sandbox',
        }),
      );
      const c = out.Credentials;
      return new EC2Client({
        ...options.client,
        region,
        credentials: {
          accessKeyId: c?.AccessKeyId ?? '',
          secretAccessKey: c?.SecretAccessKey ?? '',
          sessionToken: c?.SessionToken ?? '',
        },
      });
    } finally {
      sts.destroy();
    }
  }
  const ec2 = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = connect(region);
      clients.set(region, client);
    }
    return client;
  };
  const vpcFor = (orgVpcId: string, cidr: string, region: string) => {
    let vpc = vpcs.get(orgVpcId);
    if (!vpc) {
      vpc = ec2(region).then(async (client) => {
        const out = await client.send(new CreateVpcCommand({ CidrBlock: cidr }));
        return out.Vpc?.VpcId as string;
      });
      vpcs.set(orgVpcId, vpc);
    }
    return vpc;
  };

  return {
    async requestPeering(input) {
      const vpcId = await vpcFor(input.orgVpcId, input.orgVpcCidr, input.orgVpcRegion);
      const client = await ec2(input.orgVpcRegion);
      const out = await client.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: vpcId,
          PeerVpcId: input.peerVpcId,
          PeerOwnerId: input.peerAccountId,
          PeerRegion: input.peerRegion,
        }),
      );
      const pcx = out.VpcPeeringConnection?.VpcPeeringConnectionId;
      if (!pcx) throw new Error('AWS returned no peering connection id');
      return pcx;
    },
    async peeringStatus(pcxId, region) {
      const client = await ec2(region);
      try {
        // By id: moto ignores Filters.
        const out = await client.send(
          new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] }),
        );
        return out.VpcPeeringConnections?.find((c) => c.VpcPeeringConnectionId === pcxId)?.Status?.Code;
      } catch (error) {
        if (/notfound/i.test((error as { name?: string }).name ?? '')) return undefined;
        throw error;
      }
    },
    async deletePeering(pcxId, region) {
      const client = await ec2(region);
      try {
        await client.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));
      } catch (error) {
        // Already gone or rejected on the team's side: nothing left for Aiven to remove.
        if (!/notfound|invalidstatetransition/i.test((error as { name?: string }).name ?? '')) throw error;
      }
    },
  };
}
