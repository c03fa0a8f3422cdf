// The plan for accepting a Transit Gateway attachment (attachment-plan.ts): accept Aiven's
// attachment, route the org VPC's CIDR via the tgw- in the team's VPCs, and what the Transit
// Gateway's own route tables need. The button and its decision are the peering plan's.
import type { KnownBlock } from '@slack/types';
import type { AttachmentPlan } from '../../peering/accept/attachment-plan';
import type { RouteStep } from '../../peering/accept/model';
import type { PeeringRecord } from '../../peering/model';
import { count } from '../../peering/outcome';
import { type DecisionView, planFooter, sections } from './accept';
import { escapeText } from './blocks';
import type { SlackMessage } from './peering-message';

function stepLine(step: RouteStep, tgwId: string): string {
  const route = `\`${step.destination}\` → \`${tgwId}\` in \`${step.routeTableId}\``;
  if (step.kind === 'add') return `• add ${route}`;
  if (step.kind === 'present') return `• ${route} is already there: left alone`;
  return `• conflict: \`${step.destination}\` in \`${step.routeTableId}\` already goes to \`${escapeText(step.currentTarget)}\`: left alone`;
}

function transitGatewayLine(plan: AttachmentPlan): string {
  const routing = plan.transitGatewayRouting;
  if (routing.kind === 'defaults')
    return `3. On the Transit Gateway: AWS associates the attachment with \`${routing.routeTableId}\` and propagates its routes there (its defaults): nothing to add.`;
  if (routing.kind === 'static-route')
    return `3. On the Transit Gateway: add the static route \`${routing.destination}\` → \`${plan.attachmentId}\` in \`${routing.routeTableId}\` (its propagation is off).`;
  return `3. On the Transit Gateway: by hand. ${escapeText(routing.reason)}`;
}

export function renderAttachmentPlan(
  record: PeeringRecord,
  plan: AttachmentPlan,
  options: { auto: boolean; round: number; decision?: DecisionView },
): SlackMessage {
  const { spec } = record;
  const tgw = plan.transitGatewayId;
  const routes = plan.vpcRoutes;
  const vpcs = plan.vpcIds.length > 0 ? ` of ${plan.vpcIds.map((v) => `\`${v}\``).join(', ')}` : '';
  const lines = [
    `:clipboard: *Plan for AWS account ${spec.awsAccountId} (${spec.awsRegion}), Transit Gateway ${tgw}*`,
    plan.acceptNeeded
      ? `1. Accept the attachment \`${plan.attachmentId}\` of the organization VPC ${escapeText(record.orgVpc.name)} (${record.orgVpc.cidr}).`
      : `1. The attachment \`${plan.attachmentId}\` of the organization VPC ${escapeText(record.orgVpc.name)} (${record.orgVpc.cidr}) is accepted already.`,
    `2. Route ${routes.destinations.map((d) => `\`${d}\``).join(', ')} via \`${tgw}\` in ${count(routes.routeTables.length, 'route table')}${vpcs}:`,
    ...routes.steps.map((s) => stepLine(s, tgw)),
    transitGatewayLine(plan),
  ];
  const blocks: KnownBlock[] = [...sections(lines), planFooter(record, options)];
  return {
    text: `Plan: accept attachment ${plan.attachmentId} and add routes in ${count(routes.routeTables.length, 'route table')}`,
    blocks,
  };
}
