// The Aiven sandbox's own AWS account on moto: one VPC per org VPC (with its CIDR) from which
// peering requests go to the teams' accounts, as Aiven's do. Local use only (npm start, tests).
import {
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../config';
import { makeSandboxAttachments } from './aiven-attachments';
import type { SandboxAwsSide } from './aiven-sandbox';
import { type MotoClientSettings, settingsInMotoAccount } from './moto-credentials';

/** Aiven's AWS account id as its docs publish it; on moto it is just another account. */
export const SANDBOX_AIVEN_ACCOUNT_ID = AIVEN_DOCUMENTED_AWS_ACCOUNT_ID;

/** EC2 acting in `accountId` on moto (see moto-credentials.ts). */
export async function ec2InMotoAccount(options: {
  client: MotoClientSettings;
  accountId: string;
  region: string;
  roleName: string;
}): Promise<EC2Client> {
  return new EC2Client(await settingsInMotoAccount(options));
}

export function makeSandboxAivenAccount(options: {
  client: MotoClientSettings;
  accountId?: string;
}): SandboxAwsSide {
  const accountId = options.accountId ?? SANDBOX_AIVEN_ACCOUNT_ID;
  const clients = new Map<string, Promise<EC2Client>>();
  const vpcs = new Map<string, Promise<string>>();

  const connect = (region: string) =>
    ec2InMotoAccount({ client: options.client, accountId, region, roleName: 'aiven-sandbox' });
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
    ...makeSandboxAttachments({
      client: options.client,
      aivenAccountId: accountId,
      ec2In: (account, region) =>
        ec2InMotoAccount({ client: options.client, accountId: account, region, roleName: 'aiven-sandbox' }),
    }),
  };
}
