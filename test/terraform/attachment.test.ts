// The Terraform hand-off of a Transit Gateway attachment, parsed by a real HCL parser: the AWS side
// only (accepter, routes via the tgw-), and a plain statement that the Aiven provider cannot manage an
// organization VPC's attachment yet (aiven_transit_gateway_vpc_attachment is for project VPCs).
import type { OrgVpc } from '../../src/peering/model';
import { renderTerraformHandOff, type TerraformPeering } from '../../src/peering/terraform';
import { parseHcl } from '../support/hcl';

const ORG = 'org4f9a1b2c3d4';
const orgVpc: OrgVpc = {
  id: '0b6c8a4e-1d2f-4a3b-9c8d-7e6f5a4b3c2d',
  name: 'prod-eu',
  cloudName: 'aws-eu-west-1',
  awsRegion: 'eu-west-1',
  cidr: '10.20.0.0/24',
  state: 'ACTIVE',
};
const attachment: TerraformPeering = {
  aivenPeeringId: '4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b',
  state: 'ACTIVE',
  awsAccountId: '111122223333',
  awsVpcId: 'tgw-0a1b2c3d4e5f67890',
  awsRegion: 'eu-west-1',
  attachmentId: 'tgw-attach-0123456789abcdef0',
  routes: [{ routeTableId: 'rtb-0aaaaaaaaaaaaaaaa', destination: '10.20.0.0/24' }],
  madeOutsideVpcPeer: false,
};

type Parsed = {
  import: { to: string; id: string }[];
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  provider: Record<string, Record<string, unknown>[]>;
};
const ref = (expr: string) => `\${${expr}}`;

async function parsed(peerings: TerraformPeering[]) {
  const file = renderTerraformHandOff({ organizationId: ORG, orgVpc, peerings });
  return { file, json: (await parseHcl(file.fileName, file.hcl)) as unknown as Parsed };
}

describe('Terraform hand-off of a Transit Gateway attachment', () => {
  it('imports the accepter and the routes via the tgw-, and no Aiven resource', async () => {
    const { file, json } = await parsed([attachment]);
    expect(Object.keys(json.resource).sort()).toEqual([
      'aws_ec2_transit_gateway_vpc_attachment_accepter',
      'aws_route',
    ]);
    expect(json.import).toEqual([
      {
        to: ref('aws_ec2_transit_gateway_vpc_attachment_accepter.prod_eu_tgw_0a1b2c3d4e5f67890'),
        id: 'tgw-attach-0123456789abcdef0',
      },
      {
        to: ref('aws_route.prod_eu_tgw_0a1b2c3d4e5f67890_rtb_0aaaaaaaaaaaaaaaa_10_20_0_0_24'),
        id: 'rtb-0aaaaaaaaaaaaaaaa_10.20.0.0/24',
      },
    ]);
    const route =
      json.resource.aws_route?.prod_eu_tgw_0a1b2c3d4e5f67890_rtb_0aaaaaaaaaaaaaaaa_10_20_0_0_24?.[0];
    expect(route).toMatchObject({
      route_table_id: 'rtb-0aaaaaaaaaaaaaaaa',
      destination_cidr_block: '10.20.0.0/24',
      transit_gateway_id: 'tgw-0a1b2c3d4e5f67890',
    });
    expect(json.provider.aws?.[0]).toMatchObject({
      region: 'eu-west-1',
      allowed_account_ids: ['111122223333'],
    });
    expect(file.hcl).not.toContain('aiven_aws_org_vpc_peering_connection"');
    expect(file.notImported).toEqual([
      expect.stringContaining(
        "terraform-provider-aiven cannot manage an organization VPC's Transit Gateway attachment yet",
      ),
    ]);
    expect(file.hcl).toContain('aiven_transit_gateway_vpc_attachment is for project VPCs only');
  });

  it('without the tgw-attach- id or routes, says what to import by hand', async () => {
    const { attachmentId: _unknown, ...bare } = attachment;
    const { file, json } = await parsed([{ ...bare, routes: [] }]);
    expect(json.resource ?? {}).toEqual({});
    expect(file.imported).toEqual([]);
    expect(file.notImported.join('\n')).toContain(
      "vpc-peer does not know the attachment's tgw-attach-... id, so its accepter is left out",
    );
    expect(file.notImported.join('\n')).toContain(
      'via tgw-0a1b2c3d4e5f67890 with the id <rtb-id>_<destination CIDR>',
    );
  });
});
