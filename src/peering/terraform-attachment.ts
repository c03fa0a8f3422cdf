// Hand-off to Terraform for a Transit Gateway attachment (peer_vpc `tgw-…`). terraform-provider-aiven
// has no resource for an organization VPC's attachment: `aiven_transit_gateway_vpc_attachment` takes a
// project VPC (`vpc_id`, read by project name in internal/sdkprovider/service/vpc), and
// `aiven_aws_org_vpc_peering_connection` is VPC peering only. So the Aiven side stays with vpc-peer (or
// the API), and the file imports only the AWS side: the accepter of the attachment and the routes
// vpc-peer added through the Transit Gateway.
import type { TerraformPeering } from './terraform-peering';

export interface AttachmentHandOff {
  blocks: string[];
  imported: string[];
  notImported: string[];
}

const quote = (text: string) => JSON.stringify(text);

function block(header: string, lines: string[], comments: string[] = []): string {
  return [...comments.map((c) => `# ${c}`), `${header} {`, ...lines.map((l) => `  ${l}`), '}'].join('\n');
}

const importBlock = (to: string, id: string) => block('import', [`to = ${to}`, `id = ${quote(id)}`]);

/** Plain words for the file header and the Slack reply: why the Aiven side is not in the file. */
export const NO_AIVEN_RESOURCE =
  "terraform-provider-aiven cannot manage an organization VPC's Transit Gateway attachment yet " +
  '(aiven_transit_gateway_vpc_attachment is for project VPCs only), so the Aiven side stays with vpc-peer; this file imports the AWS side only.';

export function renderAttachmentHandOff(input: {
  peering: TerraformPeering;
  name: string;
  provider: string;
  label: string;
}): AttachmentHandOff {
  const { peering, name, provider, label } = input;
  const out: AttachmentHandOff = {
    blocks: [],
    imported: [],
    notImported: [`${label}: ${NO_AIVEN_RESOURCE}`],
  };
  if (peering.attachmentId) {
    const address = `aws_ec2_transit_gateway_vpc_attachment_accepter.${name}`;
    out.blocks.push(
      importBlock(address, peering.attachmentId),
      block(
        `resource "aws_ec2_transit_gateway_vpc_attachment_accepter" ${quote(name)}`,
        [
          `provider                      = aws.${provider}`,
          `transit_gateway_attachment_id = ${quote(peering.attachmentId)}`,
        ],
        [
          `Aiven's attachment ${peering.attachmentId} to ${peering.awsVpcId}, accepted in the Transit Gateway's account.`,
        ],
      ),
    );
    out.imported.push(address);
  } else {
    out.notImported.push(
      `${label}: vpc-peer does not know the attachment's tgw-attach-... id, so its accepter is left out. ` +
        'Import it as aws_ec2_transit_gateway_vpc_attachment_accepter with that id.',
    );
  }
  for (const route of peering.routes) {
    const address = `aws_route.${[name, route.routeTableId, route.destination]
      .join('_')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')}`;
    out.blocks.push(
      importBlock(address, `${route.routeTableId}_${route.destination}`),
      block(`resource "aws_route" ${quote(address.slice('aws_route.'.length))}`, [
        `provider               = aws.${provider}`,
        `route_table_id         = ${quote(route.routeTableId)}`,
        `destination_cidr_block = ${quote(route.destination)}`,
        `transit_gateway_id     = ${quote(peering.awsVpcId)}`,
      ]),
    );
    out.imported.push(address);
  }
  if (peering.routes.length === 0) {
    out.notImported.push(
      `${label}: vpc-peer added no routes for it. Import your own routes to the org VPC CIDR via ${peering.awsVpcId} with the id <rtb-id>_<destination CIDR>.`,
    );
  }
  return out;
}
