// The manual half for a Transit Gateway attachment, when the bot has no role in the team's account:
// share the Transit Gateway with Aiven's account (RAM), accept the attachment, route on the Transit
// Gateway and in the VPCs behind it. Every id is filled in; the commands can be pasted as they are.
import type { KnownBlock } from '@slack/types';
import { botShareName } from '../../peering/accept/prepare-transit-gateway';
import { section } from './blocks';

export interface ManualAttachmentInput {
  awsAccountId: string;
  awsRegion: string;
  /** The team's Transit Gateway, `tgw-...`. */
  transitGatewayId: string;
  /** Aiven's attachment request once it exists (`tgw-attach-...`); before that, only the share is due. */
  attachmentId?: string;
  /** AIVEN_AWS_ACCOUNT_ID: the account the Transit Gateway is shared with. */
  aivenAccountId: string;
  /** The org VPC's CIDR: routed from the team's VPCs to the attachment. */
  orgVpcCidr: string;
  /** VPC route tables to route through the Transit Gateway (ROUTE_TABLES of the VPCs attached to it). */
  routeTableIds?: readonly string[];
  reason?: string;
}

export function transitGatewayArn(
  input: Pick<ManualAttachmentInput, 'awsAccountId' | 'awsRegion' | 'transitGatewayId'>,
) {
  return `arn:aws:ec2:${input.awsRegion}:${input.awsAccountId}:transit-gateway/${input.transitGatewayId}`;
}

/** Sharing with Aiven's account: a share of its own, or Aiven's account added to an existing share. */
export function manualShareCommands(input: ManualAttachmentInput): string {
  const region = `--region ${input.awsRegion}`;
  const name = botShareName(input.transitGatewayId);
  return [
    `aws ram create-resource-share ${region} --name ${name} --resource-arns ${transitGatewayArn(input)} --principals ${input.aivenAccountId} --allow-external-principals`,
    `# or, to add Aiven's account to a share that already holds ${input.transitGatewayId}:`,
    `aws ram associate-resource-share ${region} --resource-share-arn "$(aws ram get-resource-shares ${region} --resource-owner SELF --name ${name} --query 'resourceShares[0].resourceShareArn' --output text)" --principals ${input.aivenAccountId}`,
  ].join('\n');
}

/** Accepting and routing, once Aiven's attachment request is there. */
export function manualAttachmentCommands(input: ManualAttachmentInput & { attachmentId: string }): string {
  const region = `--region ${input.awsRegion}`;
  const tgw = input.transitGatewayId;
  const attach = input.attachmentId;
  const cidr = input.orgVpcCidr;
  const option = (name: string) =>
    `$(aws ec2 describe-transit-gateways ${region} --transit-gateway-ids ${tgw} --query 'TransitGateways[0].Options.${name}' --output text)`;
  const vpcRoute = (rtb: string) =>
    `aws ec2 create-route ${region} --route-table-id ${rtb} --destination-cidr-block ${cidr} --transit-gateway-id ${tgw}`;
  const vpcRoutes =
    input.routeTableIds && input.routeTableIds.length > 0
      ? input.routeTableIds.map(vpcRoute)
      : [
          // The team's own VPCs on the Transit Gateway (not Aiven's), then every route table of each.
          `for vpc in $(aws ec2 describe-transit-gateway-vpc-attachments ${region} --filters Name=transit-gateway-id,Values=${tgw} --query "TransitGatewayVpcAttachments[?VpcOwnerId=='${input.awsAccountId}'].VpcId" --output text); do`,
          `  for rtb in $(aws ec2 describe-route-tables ${region} --filters Name=vpc-id,Values="$vpc" --query 'RouteTables[].RouteTableId' --output text); do`,
          `    ${vpcRoute('"$rtb"')}`,
          '  done',
          'done',
        ];
  return [
    `aws ec2 accept-transit-gateway-vpc-attachment ${region} --transit-gateway-attachment-id ${attach}`,
    `# Only if the Transit Gateway's default route table association is off (DefaultRouteTableAssociation=disable):`,
    `aws ec2 associate-transit-gateway-route-table ${region} --transit-gateway-route-table-id ${option('AssociationDefaultRouteTableId')} --transit-gateway-attachment-id ${attach}`,
    `# Only if its default propagation is off (DefaultRouteTablePropagation=disable): propagate, or a static route:`,
    `aws ec2 enable-transit-gateway-route-table-propagation ${region} --transit-gateway-route-table-id ${option('PropagationDefaultRouteTableId')} --transit-gateway-attachment-id ${attach}`,
    `aws ec2 create-transit-gateway-route ${region} --transit-gateway-route-table-id ${option('AssociationDefaultRouteTableId')} --destination-cidr-block ${cidr} --transit-gateway-attachment-id ${attach}`,
    ...vpcRoutes,
  ].join('\n');
}

/** Step-by-step instructions for the thread. */
export function renderManualAttachmentSteps(input: ManualAttachmentInput): KnownBlock[] {
  const tgw = `\`${input.transitGatewayId}\``;
  const tables =
    input.routeTableIds && input.routeTableIds.length > 0
      ? `route tables ${input.routeTableIds.map((t) => `\`${t}\``).join(', ')}`
      : `every route table of the VPCs attached to ${tgw} that should reach Aiven`;
  const steps = [
    input.reason ? `${input.reason}\n` : undefined,
    `*In AWS account ${input.awsAccountId} (${input.awsRegion}):*`,
    `1. Share Transit Gateway ${tgw} with Aiven's AWS account ${input.aivenAccountId} (Resource Access Manager > Create resource share, allow external principals).`,
    input.attachmentId
      ? `2. Accept the attachment \`${input.attachmentId}\` (VPC > Transit Gateway attachments > Actions > Accept).`
      : '2. When Aiven has asked for the attachment, accept it (the thread tells you its id).',
    `3. Unless ${tgw} associates and propagates by default, associate the attachment with its route table and propagate it, or add a static route to \`${input.orgVpcCidr}\` through the attachment.`,
    `4. In ${tables}, add a route to \`${input.orgVpcCidr}\` with target ${tgw}.`,
    'With the AWS CLI, as someone allowed in that account:',
  ];
  const commands = [
    manualShareCommands(input),
    ...(input.attachmentId ? [manualAttachmentCommands({ ...input, attachmentId: input.attachmentId })] : []),
  ].join('\n');
  return [section(steps.filter(Boolean).join('\n')), section(`\`\`\`${commands}\`\`\``)];
}
