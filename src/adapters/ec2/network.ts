// AwsNetwork on EC2 (AWS SDK v3). The actions called here are exactly those in
// iam/accepter-role-permissions.json (test/iam/accepter-role.test.ts keeps them in step).
import {
  AcceptVpcPeeringConnectionCommand,
  CreateRouteCommand,
  DeleteRouteCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  ModifyVpcPeeringConnectionOptionsCommand,
  ReplaceRouteCommand,
  type ReplaceRouteCommandInput,
  type Route,
} from '@aws-sdk/client-ec2';
import { type AwsNetwork, AwsRefusal, type AwsRouteTable } from '../../peering/accept/ports';
import { isAwsRefusalError } from './refusal';

/** The EC2 API actions this adapter calls, for the IAM policy test. */
export const EC2_ACTIONS_USED = [
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeVpcs',
  'ec2:DescribeRouteTables',
  'ec2:AcceptVpcPeeringConnection',
  'ec2:CreateRoute',
  'ec2:ReplaceRoute',
  'ec2:DeleteRoute',
  'ec2:ModifyVpcPeeringConnectionOptions',
] as const;

const isNotFound = (error: unknown) =>
  error instanceof AwsRefusal && /\.notfound$/i.test(error.code) && !error.is('InvalidRoute.NotFound');

/** AWS's own refusals become AwsRefusal (code compared case-insensitively: moto's cases differ). */
export async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (isAwsRefusalError(error)) throw new AwsRefusal(error.name, error.message || error.name);
    throw error;
  }
}

function targetOf(route: Route): string | undefined {
  return (
    route.VpcPeeringConnectionId ??
    route.GatewayId ??
    route.NatGatewayId ??
    route.TransitGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn
  );
}

/** ReplaceRoute names the target by its kind; the id's prefix says which. */
export function targetParameter(target: string): Partial<ReplaceRouteCommandInput> | undefined {
  if (target.startsWith('pcx-')) return { VpcPeeringConnectionId: target };
  if (target.startsWith('igw-') || target.startsWith('vgw-')) return { GatewayId: target };
  if (target.startsWith('nat-')) return { NatGatewayId: target };
  if (target.startsWith('tgw-')) return { TransitGatewayId: target };
  if (target.startsWith('eni-')) return { NetworkInterfaceId: target };
  return undefined;
}

export function makeEc2Network(client: EC2Client): AwsNetwork {
  return {
    async describePeeringConnection(pcxId) {
      try {
        // By id, never by Filters (moto ignores them); an unknown id is NotFound in AWS, empty in moto.
        const out = await call(() =>
          client.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] })),
        );
        const found = out.VpcPeeringConnections?.find((c) => c.VpcPeeringConnectionId === pcxId);
        if (!found) return undefined;
        const requesterCidrs = [
          found.RequesterVpcInfo?.CidrBlock,
          ...(found.RequesterVpcInfo?.CidrBlockSet ?? []).map((c) => c.CidrBlock),
        ].filter((c): c is string => typeof c === 'string');
        return {
          id: pcxId,
          status: found.Status?.Code ?? 'unknown',
          accepter: {
            accountId: found.AccepterVpcInfo?.OwnerId ?? '',
            vpcId: found.AccepterVpcInfo?.VpcId ?? '',
            ...(found.AccepterVpcInfo?.Region ? { region: found.AccepterVpcInfo.Region } : {}),
          },
          requester: {
            accountId: found.RequesterVpcInfo?.OwnerId ?? '',
            vpcId: found.RequesterVpcInfo?.VpcId ?? '',
            cidrs: [...new Set(requesterCidrs)],
          },
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async describeVpcCidrs(vpcId) {
      try {
        const out = await call(() => client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })));
        const vpc = out.Vpcs?.find((v) => v.VpcId === vpcId);
        if (!vpc) return undefined;
        const cidrs = [vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)];
        return [...new Set(cidrs.filter((c): c is string => typeof c === 'string'))];
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async listRouteTables(vpcId) {
      const tables: AwsRouteTable[] = [];
      let NextToken: string | undefined;
      do {
        const out = await call(() =>
          client.send(
            new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken }),
          ),
        );
        for (const t of out.RouteTables ?? []) {
          if (!t.RouteTableId || t.VpcId !== vpcId) continue;
          tables.push({
            id: t.RouteTableId,
            main: (t.Associations ?? []).some((a) => a.Main === true),
            hasSubnets: (t.Associations ?? []).some((a) => typeof a.SubnetId === 'string'),
            routes: (t.Routes ?? [])
              .filter((r) => typeof r.DestinationCidrBlock === 'string')
              .map((r) => ({ destination: r.DestinationCidrBlock as string, target: targetOf(r) })),
          });
        }
        NextToken = out.NextToken;
      } while (NextToken);
      return tables;
    },
    async acceptPeeringConnection(pcxId) {
      await call(() => client.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId })));
    },
    async createRoute(routeTableId, destination, target) {
      await call(() =>
        client.send(
          new CreateRouteCommand({
            RouteTableId: routeTableId,
            DestinationCidrBlock: destination,
            // A peering's pcx- or an attachment's tgw-: the id's prefix says which parameter.
            ...(targetParameter(target) ?? { VpcPeeringConnectionId: target }),
          }),
        ),
      );
    },
    async replaceRoute(routeTableId, destination, target) {
      const parameter = targetParameter(target);
      if (!parameter) throw new AwsRefusal('UnsupportedTarget', `cannot point a route at ${target}`);
      await call(() =>
        client.send(
          new ReplaceRouteCommand({
            RouteTableId: routeTableId,
            DestinationCidrBlock: destination,
            ...parameter,
          }),
        ),
      );
    },
    async deleteRoute(routeTableId, destination) {
      await call(() =>
        client.send(
          new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: destination }),
        ),
      );
    },
    async allowDnsFromRemote(pcxId) {
      await call(() =>
        client.send(
          new ModifyVpcPeeringConnectionOptionsCommand({
            VpcPeeringConnectionId: pcxId,
            AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
          }),
        ),
      );
    },
  };
}
