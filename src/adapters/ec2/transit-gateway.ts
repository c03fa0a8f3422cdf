// AwsTransitGateways on EC2 and RAM (AWS SDK v3). The actions called here are in
// iam/accepter-role-permissions.json too (test/iam/accepter-role.test.ts keeps them in step).
import {
  AcceptTransitGatewayVpcAttachmentCommand,
  CreateTransitGatewayRouteCommand,
  DeleteTransitGatewayRouteCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  type EC2Client,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  type RAMClient,
  type ResourceShareAssociation,
} from '@aws-sdk/client-ram';
import { AwsRefusal } from '../../peering/accept/ports';
import type {
  AwsTransitGatewayAttachment,
  AwsTransitGateways,
} from '../../peering/accept/transit-gateway-ports';
import { call } from './network';

/** The EC2 and RAM API actions this adapter calls, for the IAM policy test. */
export const TRANSIT_GATEWAY_ACTIONS_USED = [
  'ec2:DescribeTransitGateways',
  'ram:GetResourceShareAssociations',
  'ram:CreateResourceShare',
  'ram:AssociateResourceShare',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:AcceptTransitGatewayVpcAttachment',
  'ec2:CreateTransitGatewayRoute',
  'ec2:DeleteTransitGatewayRoute',
  'ec2:SearchTransitGatewayRoutes',
  'ram:DisassociateResourceShare',
  'ram:DeleteResourceShare',
] as const;

/** Associations that hold (or are about to hold); disassociated and failed ones do not share. */
const LIVE = new Set(['ASSOCIATED', 'ASSOCIATING']);

async function associations(
  ram: RAMClient,
  input: { associationType: 'RESOURCE' | 'PRINCIPAL'; resourceArn?: string; resourceShareArns?: string[] },
): Promise<ResourceShareAssociation[]> {
  const found: ResourceShareAssociation[] = [];
  let nextToken: string | undefined;
  do {
    const out = await call(() => ram.send(new GetResourceShareAssociationsCommand({ ...input, nextToken })));
    found.push(...(out.resourceShareAssociations ?? []).filter((a) => LIVE.has(a.status ?? '')));
    nextToken = out.nextToken;
  } while (nextToken);
  return found;
}

export function makeTransitGateways(ec2: EC2Client, ram: RAMClient): AwsTransitGateways {
  return {
    async describeTransitGateway(tgwId) {
      try {
        // An unknown id is NotFound in AWS and an empty list in moto: both mean "not there".
        const out = await call(() =>
          ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgwId] })),
        );
        const tgw = out.TransitGateways?.find((t) => t.TransitGatewayId === tgwId);
        if (!tgw?.TransitGatewayArn) return undefined;
        const options = tgw.Options;
        return {
          id: tgwId,
          arn: tgw.TransitGatewayArn,
          ownerId: tgw.OwnerId ?? '',
          state: tgw.State ?? 'unknown',
          ...(options?.DefaultRouteTableAssociation === 'enable' && options.AssociationDefaultRouteTableId
            ? { associationDefaultRouteTableId: options.AssociationDefaultRouteTableId }
            : {}),
          ...(options?.DefaultRouteTablePropagation === 'enable' && options.PropagationDefaultRouteTableId
            ? { propagationDefaultRouteTableId: options.PropagationDefaultRouteTableId }
            : {}),
        };
      } catch (error) {
        if (error instanceof AwsRefusal && error.is('InvalidTransitGatewayID.NotFound')) return undefined;
        throw error;
      }
    },
    async sharesHolding(resourceArn) {
      const held = await associations(ram, { associationType: 'RESOURCE', resourceArn });
      return held
        .filter((a) => a.resourceShareArn)
        .map((a) => ({ arn: a.resourceShareArn as string, name: a.resourceShareName ?? '' }));
    },
    async principalsOf(shareArn) {
      const held = await associations(ram, { associationType: 'PRINCIPAL', resourceShareArns: [shareArn] });
      return held.map((a) => a.associatedEntity).filter((p): p is string => typeof p === 'string');
    },
    async createShare({ name, resourceArn, principal, clientToken }) {
      const out = await call(() =>
        ram.send(
          new CreateResourceShareCommand({
            name,
            resourceArns: [resourceArn],
            principals: [principal],
            // Aiven's account is outside the team's AWS Organization.
            allowExternalPrincipals: true,
            clientToken,
            tags: [{ key: 'managed-by', value: 'vpc-peer' }],
          }),
        ),
      );
      const arn = out.resourceShare?.resourceShareArn;
      if (!arn) throw new Error('RAM returned no resource share ARN');
      return arn;
    },
    async vpcAttachmentsOf(tgwId) {
      const found: AwsTransitGatewayAttachment[] = [];
      let NextToken: string | undefined;
      do {
        const out = await call(() =>
          ec2.send(
            new DescribeTransitGatewayAttachmentsCommand({
              Filters: [
                { Name: 'transit-gateway-id', Values: [tgwId] },
                { Name: 'resource-type', Values: ['vpc'] },
              ],
              NextToken,
            }),
          ),
        );
        for (const a of out.TransitGatewayAttachments ?? []) {
          // Checked here too: moto does not honour every filter.
          if (a.TransitGatewayId !== tgwId || a.ResourceType !== 'vpc') continue;
          if (!a.TransitGatewayAttachmentId || !a.ResourceId) continue;
          found.push({
            id: a.TransitGatewayAttachmentId,
            state: a.State ?? 'unknown',
            vpcId: a.ResourceId,
            vpcOwnerId: a.ResourceOwnerId ?? '',
          });
        }
        NextToken = out.NextToken;
      } while (NextToken);
      return found;
    },
    async acceptAttachment(attachmentId) {
      await call(() =>
        ec2.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId })),
      );
    },
    async createTransitGatewayRoute(routeTableId, destination, attachmentId) {
      await call(() =>
        ec2.send(
          new CreateTransitGatewayRouteCommand({
            TransitGatewayRouteTableId: routeTableId,
            DestinationCidrBlock: destination,
            TransitGatewayAttachmentId: attachmentId,
          }),
        ),
      );
    },
    async deleteTransitGatewayRoute(routeTableId, destination) {
      await call(() =>
        ec2.send(
          new DeleteTransitGatewayRouteCommand({
            TransitGatewayRouteTableId: routeTableId,
            DestinationCidrBlock: destination,
          }),
        ),
      );
    },
    async transitGatewayRoute(routeTableId, destination) {
      const out = await call(() =>
        ec2.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: routeTableId,
            Filters: [{ Name: 'route-search.exact-match', Values: [destination] }],
          }),
        ),
      );
      // Checked here too: an exact match is one destination, whatever a filter let through.
      const route = out.Routes?.find((r) => r.DestinationCidrBlock === destination);
      if (!route) return undefined;
      return {
        type: route.Type ?? 'unknown',
        state: route.State ?? 'unknown',
        attachmentIds: (route.TransitGatewayAttachments ?? [])
          .map((a) => a.TransitGatewayAttachmentId)
          .filter((id): id is string => typeof id === 'string'),
      };
    },
    async resourcesOf(shareArn) {
      const held = await associations(ram, { associationType: 'RESOURCE', resourceShareArns: [shareArn] });
      return held.map((a) => a.associatedEntity).filter((r): r is string => typeof r === 'string');
    },
    async removePrincipal(shareArn, principal, clientToken) {
      await call(() =>
        ram.send(
          new DisassociateResourceShareCommand({
            resourceShareArn: shareArn,
            principals: [principal],
            clientToken,
          }),
        ),
      );
    },
    async deleteShare(shareArn, clientToken) {
      await call(() => ram.send(new DeleteResourceShareCommand({ resourceShareArn: shareArn, clientToken })));
    },
    async addPrincipal(shareArn, principal, clientToken) {
      await call(() =>
        ram.send(
          new AssociateResourceShareCommand({
            resourceShareArn: shareArn,
            principals: [principal],
            clientToken,
          }),
        ),
      );
    },
  };
}
