// The manual half of the runbook: what a person does in AWS when the bot cannot (no role for the
// account, or the role was refused). Shared by the PENDING_PEER reply and the "Accept in AWS" path.
import type { KnownBlock } from '@slack/types';
import { section } from './blocks';

export interface ManualAcceptInput {
  /** The AWS peering connection id from Aiven's state_info, `pcx-...`. */
  pcxId: string;
  awsAccountId: string;
  awsRegion: string;
  awsVpcId: string;
  /** Destinations to route through the peering: the org VPC's CIDR. */
  destinations: readonly string[];
  /** Why the bot does not do it itself, in plain words (shown first). */
  reason?: string;
  /** The route tables to update when known (ROUTE_TABLES); otherwise every table of the VPC. */
  routeTableIds?: readonly string[];
}

/** The connection's page in the AWS console, in the accepter's region (where it must be accepted). */
export function awsPeeringConsoleUrl(region: string, pcxId: string): string {
  return (
    `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}` +
    `#PeeringConnectionDetails:VpcPeeringConnectionId=${pcxId}`
  );
}

export function manualAcceptCommands(input: ManualAcceptInput): string {
  const region = `--region ${input.awsRegion}`;
  if (input.routeTableIds && input.routeTableIds.length > 0) {
    return [
      `aws ec2 accept-vpc-peering-connection ${region} --vpc-peering-connection-id ${input.pcxId}`,
      ...input.routeTableIds.flatMap((rtb) =>
        input.destinations.map(
          (cidr) =>
            `aws ec2 create-route ${region} --route-table-id ${rtb} --destination-cidr-block ${cidr} --vpc-peering-connection-id ${input.pcxId}`,
        ),
      ),
    ].join('\n');
  }
  const routes = input.destinations.map(
    (cidr) =>
      `  aws ec2 create-route ${region} --route-table-id "$rtb" --destination-cidr-block ${cidr} --vpc-peering-connection-id ${input.pcxId}`,
  );
  return [
    `aws ec2 accept-vpc-peering-connection ${region} --vpc-peering-connection-id ${input.pcxId}`,
    `for rtb in $(aws ec2 describe-route-tables ${region} --filters Name=vpc-id,Values=${input.awsVpcId} --query 'RouteTables[].RouteTableId' --output text); do`,
    ...routes,
    'done',
  ].join('\n');
}

/** Step-by-step instructions with every id filled in; the commands can be pasted as they are. */
export function renderManualAcceptSteps(input: ManualAcceptInput): KnownBlock[] {
  const url = awsPeeringConsoleUrl(input.awsRegion, input.pcxId);
  const destinations = input.destinations.map((cidr) => `\`${cidr}\``).join(', ');
  const steps = [
    input.reason ? `${input.reason}\n` : undefined,
    `*In AWS account ${input.awsAccountId} (${input.awsRegion}):*`,
    `1. Accept the peering request <${url}|${input.pcxId}> (VPC > Peering connections > Actions > Accept request).`,
    input.routeTableIds && input.routeTableIds.length > 0
      ? `2. In route tables ${input.routeTableIds.map((t) => `\`${t}\``).join(', ')} of \`${input.awsVpcId}\`, add a route to ${destinations} with target \`${input.pcxId}\`.`
      : `2. In every route table of \`${input.awsVpcId}\` that should reach Aiven, add a route to ${destinations} with target \`${input.pcxId}\`.`,
    'AWS drops a request nobody accepts within 7 days. With the AWS CLI, as someone allowed in that account:',
  ];
  return [section(steps.filter(Boolean).join('\n')), section(`\`\`\`${manualAcceptCommands(input)}\`\`\``)];
}
