// The plan for accepting a Transit Gateway attachment (peerKindOf: transit-gateway-attachment), read
// from the team's account as it is now: Aiven's attachment on the Transit Gateway, the VPC-side routes
// to the org VPC's CIDR via the tgw- in the route tables of the team's VPCs attached to it, and what
// the Transit Gateway's own route tables need. The VPC steps are the peering's (buildAcceptPlan), with
// the Transit Gateway as the target.
import type { PeeringRecord } from '../model';
import type { AttachmentPlan, TransitGatewayRouting } from './model';
import { buildAcceptPlan, chooseRouteTables } from './plan';
import type { AwsNetwork, AwsRouteTable } from './ports';
import type { AwsTransitGatewayAttachment, AwsTransitGateways } from './transit-gateway-ports';

export type { AttachmentPlan, TransitGatewayRouting } from './model';

const LIVE_VPC_ATTACHMENT = new Set(['available', 'modifying', 'pending']);

/** Aiven's attachment: the one Aiven named, else the only one from Aiven's account waiting or done. */
export function aivensAttachment(
  attachments: readonly AwsTransitGatewayAttachment[],
  aivenAccountId: string,
  namedId: string | undefined,
): AwsTransitGatewayAttachment | undefined {
  if (namedId) return attachments.find((a) => a.id === namedId);
  const fromAiven = attachments.filter(
    (a) => a.vpcOwnerId === aivenAccountId && (a.state === 'pendingAcceptance' || a.state === 'available'),
  );
  return fromAiven.length === 1 ? fromAiven[0] : undefined;
}

export async function planAttachment(input: {
  record: PeeringRecord;
  transitGateways: AwsTransitGateways;
  network: AwsNetwork;
  aivenAccountId: string;
  /** Named by Aiven's message, when it does. */
  attachmentId: string | undefined;
  routeTablesFor(vpcId: string): readonly string[] | undefined;
}): Promise<{ ok: true; plan: AttachmentPlan } | { ok: false; problems: string[] }> {
  const { record, transitGateways, network } = input;
  const tgwId = record.spec.awsVpcId;
  const account = record.spec.awsAccountId;
  const tgw = await transitGateways.describeTransitGateway(tgwId);
  if (!tgw)
    return {
      ok: false,
      problems: [
        `Transit Gateway ${tgwId} does not exist in AWS account ${account} (${record.spec.awsRegion}).`,
      ],
    };
  const attachments = await transitGateways.vpcAttachmentsOf(tgwId);
  const aiven = aivensAttachment(attachments, input.aivenAccountId, input.attachmentId);
  if (!aiven)
    return {
      ok: false,
      problems: [
        `No attachment from Aiven's AWS account ${input.aivenAccountId} waits on ${tgwId}${input.attachmentId ? ` (Aiven named ${input.attachmentId})` : ''}.`,
      ],
    };
  if (aiven.state !== 'pendingAcceptance' && aiven.state !== 'available')
    return { ok: false, problems: [`Attachment ${aiven.id} is ${aiven.state}, not waiting for acceptance.`] };

  const vpcIds = [
    ...new Set(
      attachments
        .filter((a) => a.id !== aiven.id && a.vpcOwnerId === account && LIVE_VPC_ATTACHMENT.has(a.state))
        .map((a) => a.vpcId),
    ),
  ].sort();
  const problems: string[] = [];
  const tables: AwsRouteTable[] = [];
  for (const vpcId of vpcIds) {
    const chosen = chooseRouteTables(await network.listRouteTables(vpcId), input.routeTablesFor(vpcId));
    tables.push(...chosen.chosen);
    for (const missing of chosen.missing)
      problems.push(`ROUTE_TABLES names ${missing} for ${vpcId}, which has no such route table.`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const destination = record.orgVpc.cidr;
  const acceptNeeded = aiven.state === 'pendingAcceptance';
  return {
    ok: true,
    plan: {
      transitGatewayId: tgwId,
      attachmentId: aiven.id,
      acceptNeeded,
      vpcIds,
      vpcRoutes: buildAcceptPlan({ pcxId: tgwId, destinations: [destination], tables, acceptNeeded }),
      transitGatewayRouting: routingOf(tgw, destination),
    },
  };
}

function routingOf(
  tgw: { associationDefaultRouteTableId?: string; propagationDefaultRouteTableId?: string },
  destination: string,
): TransitGatewayRouting {
  if (tgw.associationDefaultRouteTableId && tgw.propagationDefaultRouteTableId)
    return { kind: 'defaults', routeTableId: tgw.propagationDefaultRouteTableId };
  if (tgw.associationDefaultRouteTableId)
    return { kind: 'static-route', routeTableId: tgw.associationDefaultRouteTableId, destination };
  return {
    kind: 'by-hand',
    reason:
      'The Transit Gateway has no default route table association: associate the attachment with the route table of your choice and route the org VPC CIDR there.',
  };
}
