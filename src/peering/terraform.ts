// Hand-off to Terraform: the HCL that imports what vpc-peer made (the Aiven peering, the AWS accepter
// side and the routes the bot added) so a team can keep it in code. Pure: the same input gives the
// same file, and resource names depend only on the org VPC and the AWS VPC, so they stay stable.
//
// Import ids, as the providers parse them:
// - aiven_aws_org_vpc_peering_connection: ORG_ID/ORG_VPC_ID/AWS_ACCOUNT_ID/AWS_VPC_ID/AWS_REGION, split
//   on "/" and matched against Aiven's own peer_region, which is the bare region (eu-west-1, never
//   aws-eu-west-1) in terraform-provider-aiven's Read (internal/sdkprovider/service/vpc).
// - aws_vpc_peering_connection_accepter: the pcx- id; aws_route: <rtb-id>_<destination CIDR>.
import { type OrgVpc, peerKindOf } from './model';
import { renderAttachmentHandOff } from './terraform-attachment';
import type { TerraformPeering, TerraformRoute } from './terraform-peering';

export type { TerraformPeering, TerraformRoute } from './terraform-peering';

export interface TerraformHandOffInput {
  organizationId: string;
  orgVpc: OrgVpc;
  peerings: TerraformPeering[];
}

export interface TerraformFile {
  fileName: string;
  hcl: string;
  /** Terraform addresses that get an import block. */
  imported: string[];
  /** What the file cannot import, in plain words (also in its header). */
  notImported: string[];
}

/** A Terraform identifier: letters, digits and underscores, starting with a letter or underscore. */
export function terraformName(...parts: string[]): string {
  const joined = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (joined === '') return 'unnamed';
  return /^[a-z_]/.test(joined) ? joined : `n_${joined}`;
}

const quote = (text: string) => JSON.stringify(text);

function block(header: string, lines: string[], comments: string[] = []): string {
  return [...comments.map((c) => `# ${c}`), `${header} {`, ...lines.map((l) => `  ${l}`), '}'].join('\n');
}

function importBlock(to: string, id: string): string {
  return block('import', [`to = ${to}`, `id = ${quote(id)}`]);
}

interface Named {
  peering: TerraformPeering;
  name: string;
  provider: string;
}

/** Names from the org VPC and AWS VPC; the account and region join only when two would collide. */
function nameAll(orgVpcName: string, peerings: TerraformPeering[]): Named[] {
  const sorted = [...peerings].sort((a, b) =>
    [a.awsVpcId, a.awsAccountId, a.awsRegion]
      .join('|')
      .localeCompare([b.awsVpcId, b.awsAccountId, b.awsRegion].join('|')),
  );
  const counts = new Map<string, number>();
  for (const p of sorted) counts.set(p.awsVpcId, (counts.get(p.awsVpcId) ?? 0) + 1);
  return sorted.map((peering) => {
    const unique = (counts.get(peering.awsVpcId) ?? 0) > 1;
    const name = unique
      ? terraformName(orgVpcName, peering.awsVpcId, peering.awsAccountId, peering.awsRegion)
      : terraformName(orgVpcName, peering.awsVpcId);
    return { peering, name, provider: terraformName('aws', peering.awsAccountId, peering.awsRegion) };
  });
}

function uniqueRoutes(routes: TerraformRoute[]): TerraformRoute[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.routeTableId}_${r.destination}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function renderTerraformHandOff(input: TerraformHandOffInput): TerraformFile {
  const { organizationId, orgVpc } = input;
  const vpcData = `data.aiven_organization_vpc.${terraformName(orgVpc.name)}`;
  const imported: string[] = [];
  const notImported: string[] = [];
  const body: string[] = [];
  const providers = new Map<string, { account: string; region: string }>();

  for (const { peering, name, provider } of nameAll(orgVpc.name, input.peerings)) {
    const label = `${peering.awsVpcId} (account ${peering.awsAccountId}, ${peering.awsRegion})`;
    if (!peering.aivenPeeringId) {
      notImported.push(`${label}: Aiven has not created the peering yet, so there is nothing to import.`);
      continue;
    }
    if (peerKindOf(peering) === 'transit-gateway-attachment') {
      const attachment = renderAttachmentHandOff({ peering, name, provider, label });
      if (attachment.imported.length > 0) {
        providers.set(provider, { account: peering.awsAccountId, region: peering.awsRegion });
      }
      body.push(...attachment.blocks);
      imported.push(...attachment.imported);
      notImported.push(...attachment.notImported);
      continue;
    }
    const aivenAddress = `aiven_aws_org_vpc_peering_connection.${name}`;
    const importId = [
      organizationId,
      orgVpc.id,
      peering.awsAccountId,
      peering.awsVpcId,
      peering.awsRegion,
    ].join('/');
    body.push(
      importBlock(aivenAddress, importId),
      block(
        `resource "aiven_aws_org_vpc_peering_connection" ${quote(name)}`,
        [
          `organization_id     = ${vpcData}.organization_id`,
          `organization_vpc_id = ${vpcData}.organization_vpc_id`,
          `aws_account_id      = ${quote(peering.awsAccountId)}`,
          `aws_vpc_id          = ${quote(peering.awsVpcId)}`,
          `aws_vpc_region      = ${quote(peering.awsRegion)}`,
        ],
        [`Aiven peering ${peering.aivenPeeringId} with ${label}, ${peering.state} when generated.`],
      ),
    );
    imported.push(aivenAddress);

    if (!peering.pcxId) {
      notImported.push(
        `${label}: Aiven has not made the AWS peering connection (pcx-...) yet, so the accepter and routes ` +
          'are left out. Ask again once it is Waiting for AWS or Active.',
      );
      continue;
    }
    providers.set(provider, { account: peering.awsAccountId, region: peering.awsRegion });
    const accepterAddress = `aws_vpc_peering_connection_accepter.${name}`;
    body.push(
      importBlock(accepterAddress, peering.pcxId),
      block(
        `resource "aws_vpc_peering_connection_accepter" ${quote(name)}`,
        [
          `provider                  = aws.${provider}`,
          `vpc_peering_connection_id = ${aivenAddress}.aws_vpc_peering_connection_id`,
          'auto_accept               = true',
          'lifecycle {',
          '  # Import does not read auto_accept; without this the first plan shows a change.',
          '  ignore_changes = [auto_accept]',
          '}',
        ],
        [`AWS side of ${peering.pcxId}. Removing it from Terraform state does not delete the peering.`],
      ),
    );
    imported.push(accepterAddress);

    const routes = uniqueRoutes(peering.routes);
    if (routes.length === 0) {
      notImported.push(
        `${label}: vpc-peer added no routes for it${peering.madeOutsideVpcPeer ? ' (it was made outside vpc-peer)' : ''}. ` +
          'Import your own routes to the org VPC CIDR with the id <rtb-id>_<destination CIDR>.',
      );
    }
    for (const route of routes) {
      // The destination joins the name only when it is not the org VPC's CIDR (the usual route).
      const address = `aws_route.${
        route.destination === orgVpc.cidr
          ? terraformName(name, route.routeTableId)
          : terraformName(name, route.routeTableId, route.destination)
      }`;
      const destination =
        route.destination === orgVpc.cidr ? `${vpcData}.network_cidr` : quote(route.destination);
      body.push(
        importBlock(address, `${route.routeTableId}_${route.destination}`),
        block(`resource "aws_route" ${quote(address.slice('aws_route.'.length))}`, [
          `provider                  = aws.${provider}`,
          `route_table_id            = ${quote(route.routeTableId)}`,
          `destination_cidr_block    = ${destination}`,
          `vpc_peering_connection_id = ${accepterAddress}.vpc_peering_connection_id`,
        ]),
      );
      imported.push(address);
    }
  }

  const header = [
    `# vpc-peer: Terraform hand-off for the peerings of Aiven org VPC ${orgVpc.name} (${orgVpc.id}, ${orgVpc.cidr}).`,
    '# Needs Terraform >= 1.5 (import blocks). It imports what exists; it creates nothing:',
    ...(imported.length > 0 ? imported.map((a) => `#   ${a}`) : ['#   nothing yet']),
    ...(notImported.length > 0 ? ['# Not imported:', ...notImported.map((n) => `#   ${n}`)] : []),
    '# Check it with: terraform plan   (expect only imports: no add, change or destroy)',
    '# Then press "Managed by Terraform now" on the peering in Slack, so vpc-peer stops changing it.',
  ].join('\n');

  const settings = [
    block('terraform', [
      'required_version = ">= 1.5.0"',
      'required_providers {',
      '  aiven = { source = "aiven/aiven" }',
      '  aws   = { source = "hashicorp/aws" }',
      '}',
    ]),
    block(
      'provider "aiven"',
      [],
      [
        'aiven_aws_org_vpc_peering_connection is a beta resource: run Terraform with',
        'PROVIDER_AIVEN_ENABLE_BETA=1 in the environment, or the provider refuses it.',
        'The token comes from AIVEN_TOKEN.',
      ],
    ),
    ...[...providers.entries()].map(([alias, { account, region }]) =>
      block(
        'provider "aws"',
        [
          `alias               = ${quote(alias)}`,
          `region              = ${quote(region)}`,
          `allowed_account_ids = [${quote(account)}]`,
        ],
        [`Credentials for AWS account ${account} (the accepter side).`],
      ),
    ),
    block(`data "aiven_organization_vpc" ${quote(terraformName(orgVpc.name))}`, [
      `organization_id     = ${quote(organizationId)}`,
      `organization_vpc_id = ${quote(orgVpc.id)}`,
    ]),
  ];

  return {
    fileName: `vpc-peer-${terraformName(orgVpc.name)}.tf`,
    hcl: `${[header, ...settings, ...body].join('\n\n')}\n`,
    imported,
    notImported,
  };
}
