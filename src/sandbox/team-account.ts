// The playground's "team" AWS account on moto: the VPC someone trying vpc-peer types into the create
// modal, with a route table on a subnet and the main one, so the plan, the accept and the routes run
// for real. Local use only (npm start, tests): it talks to moto and nothing else.
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClientSettings } from '../adapters/ec2/access';
import { ec2InMotoAccount } from './aiven-account';

/** A documentation-style account id: moto creates the account when it is first used. */
export const PLAYGROUND_TEAM_ACCOUNT_ID = '111122223333';
export const PLAYGROUND_TEAM_REGION = 'eu-west-1';
/** Does not overlap the sandbox's org VPCs (10.20.0.0/24 ...), so the peering is valid. */
const TEAM_VPC_CIDR = '10.0.0.0/16';
/** prod-eu's CIDR: the main table already routes it elsewhere (someone else's route). */
const CONFLICTING_DESTINATION = '10.20.0.0/24';

export interface PlaygroundTeam {
  accountId: string;
  region: string;
  vpcId: string;
  cidr: string;
  /** The team's Transit Gateway hub, with the VPC attached: type it to try an attachment. */
  transitGatewayId: string;
}

/** Creates the team's VPC in moto, acting in that account the way the bot does (AssumeRole on moto). */
export async function seedTeamAccount(options: {
  client: AwsClientSettings & { endpoint: string };
  accountId?: string;
}): Promise<PlaygroundTeam> {
  const accountId = options.accountId ?? PLAYGROUND_TEAM_ACCOUNT_ID;
  const region = PLAYGROUND_TEAM_REGION;
  const ec2 = await ec2InMotoAccount({
    client: options.client,
    accountId,
    region,
    roleName: 'playground-admin',
  });
  try {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: TEAM_VPC_CIDR }))).Vpc?.VpcId as string;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' })))
      .Subnet;
    const tableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
      ?.RouteTableId as string;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnet?.SubnetId }));
    // The main table comes with the VPC; the bot's plan finds it on its own. Someone else already
    // routes prod-eu's CIDR there (to an internet gateway), so the result of accepting a prod-eu
    // peering offers "Replace conflicting routes" (with a policy file: approvers decide).
    const main = (
      await ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'association.main', Values: ['true'] },
          ],
        }),
      )
    ).RouteTables?.[0]?.RouteTableId;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId;
    if (main && igw) {
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: main,
          DestinationCidrBlock: CONFLICTING_DESTINATION,
          GatewayId: igw,
        }),
      );
    }
    // A Transit Gateway hub with the VPC attached (default association and propagation, as AWS makes
    // it), so a Transit Gateway attachment can be tried as well as a peering.
    const transitGatewayId = (
      await ec2.send(new CreateTransitGatewayCommand({ Description: 'playground team hub' }))
    ).TransitGateway?.TransitGatewayId as string;
    await ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: transitGatewayId,
        VpcId: vpcId,
        SubnetIds: [subnet?.SubnetId as string],
      }),
    );
    return { accountId, region, vpcId, cidr: TEAM_VPC_CIDR, transitGatewayId };
  } finally {
    ec2.destroy();
  }
}
