// Two AWS accounts on moto (a team's and Aiven's), reached the way the bot reaches them: AssumeRole.
import { randomInt } from 'node:crypto';
import {
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { awsClientConfig, TEST_REGION } from './aws';

/** A fresh 12-digit account id: moto keeps accounts apart, so tests sharing moto never meet. */
export function newAccountId(): string {
  return `${randomInt(100_000, 999_999)}${randomInt(100_000, 999_999)}`;
}

/** Credentials for `accountId` on moto (an assumed role there), for any client. */
export async function credentialsForAccount(accountId: string, endpoint?: string) {
  const sts = new STSClient(awsClientConfig(endpoint));
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/test-admin`, RoleSessionName: 'test' }),
  );
  sts.destroy();
  const c = out.Credentials;
  return {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken ?? '',
  };
}

export async function ec2ForAccount(accountId: string, endpoint?: string): Promise<EC2Client> {
  return new EC2Client({
    ...awsClientConfig(endpoint),
    credentials: await credentialsForAccount(accountId, endpoint),
  });
}

export interface TeamVpc {
  accountId: string;
  ec2: EC2Client;
  vpcId: string;
  mainTableId: string;
  /** Associated with the first subnet. */
  subnetTableId: string;
  /** A table with no subnet: not one the bot touches. */
  spareTableId: string;
}

/** A team's VPC 10.0.0.0/16: two subnets, one on its own route table, one on the main table. */
export async function createTeamVpc(accountId = newAccountId(), cidr = '10.0.0.0/16'): Promise<TeamVpc> {
  const ec2 = await ec2ForAccount(accountId);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId as string;
  const prefix = cidr.split('.').slice(0, 2).join('.');
  const subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${prefix}.1.0/24` })))
    .Subnet;
  await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${prefix}.2.0/24` }));
  const subnetTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
    ?.RouteTableId as string;
  await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: subnetTableId, SubnetId: subnetA?.SubnetId as string }),
  );
  const spareTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
    ?.RouteTableId as string;
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const mainTableId = tables.RouteTables?.find((t) => t.Associations?.some((a) => a.Main))
    ?.RouteTableId as string;
  return { accountId, ec2, vpcId, mainTableId, subnetTableId, spareTableId };
}

/** Aiven's side: a VPC with the org VPC's CIDR in Aiven's account, requesting a peering with the team's VPC. */
export async function requestPeeringFromAiven(
  team: TeamVpc,
  orgVpcCidr: string,
): Promise<{ pcxId: string; aiven: EC2Client }> {
  const aiven = await ec2ForAccount(newAccountId());
  const vpcId = (await aiven.send(new CreateVpcCommand({ CidrBlock: orgVpcCidr }))).Vpc?.VpcId as string;
  const pcx = await aiven.send(
    new CreateVpcPeeringConnectionCommand({
      VpcId: vpcId,
      PeerVpcId: team.vpcId,
      PeerOwnerId: team.accountId,
      PeerRegion: TEST_REGION,
    }),
  );
  return { pcxId: pcx.VpcPeeringConnection?.VpcPeeringConnectionId as string, aiven };
}

export async function routesOf(team: TeamVpc): Promise<Record<string, Record<string, string>>> {
  const out = await team.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [team.vpcId] }] }),
  );
  const result: Record<string, Record<string, string>> = {};
  for (const table of out.RouteTables ?? []) {
    const routes: Record<string, string> = {};
    for (const r of table.Routes ?? []) {
      routes[r.DestinationCidrBlock ?? '?'] =
        r.VpcPeeringConnectionId ?? r.GatewayId ?? r.NatGatewayId ?? '?';
    }
    result[table.RouteTableId ?? '?'] = routes;
  }
  return result;
}

export async function peeringStatus(ec2: EC2Client, pcxId: string): Promise<string | undefined> {
  const out = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] }));
  return out.VpcPeeringConnections?.[0]?.Status?.Code;
}
