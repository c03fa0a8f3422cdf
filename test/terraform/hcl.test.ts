// The HCL builder, parsed by a real HCL parser (@cdktf/hcl2json, HashiCorp's hcl in WebAssembly).
import type { OrgVpc } from '../../src/peering/model';
import { renderTerraformHandOff, type TerraformPeering, terraformName } from '../../src/peering/terraform';
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
const active: TerraformPeering = {
  aivenPeeringId: '4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b',
  state: 'ACTIVE',
  awsAccountId: '111122223333',
  awsVpcId: 'vpc-0a1b2c3d4e5f67890',
  awsRegion: 'eu-west-1',
  pcxId: 'pcx-0123456789abcdef0',
  routes: [
    { routeTableId: 'rtb-0aaaaaaaaaaaaaaaa', destination: '10.20.0.0/24' },
    { routeTableId: 'rtb-0bbbbbbbbbbbbbbbb', destination: '10.20.0.0/24' },
  ],
  madeOutsideVpcPeer: false,
};

type Parsed = {
  import: { to: string; id: string }[];
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  data: Record<string, Record<string, Record<string, unknown>[]>>;
  provider: Record<string, Record<string, unknown>[]>;
};
/** How hcl2json shows an expression. */
const ref = (expr: string) => `\${${expr}}`;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

async function parsed(peerings: TerraformPeering[]) {
  const file = renderTerraformHandOff({ organizationId: ORG, orgVpc, peerings });
  return { file, json: (await parseHcl(file.fileName, file.hcl)) as unknown as Parsed };
}

function names(json: Parsed): string[] {
  return [
    ...Object.values(json.resource ?? {}).flatMap((byName) => Object.keys(byName)),
    ...Object.values(json.data ?? {}).flatMap((byName) => Object.keys(byName)),
  ];
}

describe('Terraform hand-off HCL', () => {
  test('one peering: import blocks carry exactly the Aiven, pcx and route ids, resources refer to each other', async () => {
    const { file, json } = await parsed([active]);
    expect(json.import.map((i) => [i.to, i.id])).toEqual([
      [
        ref('aiven_aws_org_vpc_peering_connection.prod_eu_vpc_0a1b2c3d4e5f67890'),
        `${ORG}/${orgVpc.id}/111122223333/vpc-0a1b2c3d4e5f67890/eu-west-1`,
      ],
      [ref('aws_vpc_peering_connection_accepter.prod_eu_vpc_0a1b2c3d4e5f67890'), 'pcx-0123456789abcdef0'],
      [
        ref('aws_route.prod_eu_vpc_0a1b2c3d4e5f67890_rtb_0aaaaaaaaaaaaaaaa'),
        'rtb-0aaaaaaaaaaaaaaaa_10.20.0.0/24',
      ],
      [
        ref('aws_route.prod_eu_vpc_0a1b2c3d4e5f67890_rtb_0bbbbbbbbbbbbbbbb'),
        'rtb-0bbbbbbbbbbbbbbbb_10.20.0.0/24',
      ],
    ]);
    const accepter = json.resource.aws_vpc_peering_connection_accepter?.prod_eu_vpc_0a1b2c3d4e5f67890?.[0];
    expect(accepter?.vpc_peering_connection_id).toBe(
      ref('aiven_aws_org_vpc_peering_connection.prod_eu_vpc_0a1b2c3d4e5f67890.aws_vpc_peering_connection_id'),
    );
    const peering = json.resource.aiven_aws_org_vpc_peering_connection?.prod_eu_vpc_0a1b2c3d4e5f67890?.[0];
    expect(peering?.organization_vpc_id).toBe(ref('data.aiven_organization_vpc.prod_eu.organization_vpc_id'));
    expect(peering?.aws_vpc_region).toBe('eu-west-1');
    const route = Object.values(json.resource.aws_route ?? {})[0]?.[0];
    expect(route?.vpc_peering_connection_id).toBe(
      ref('aws_vpc_peering_connection_accepter.prod_eu_vpc_0a1b2c3d4e5f67890.vpc_peering_connection_id'),
    );
    expect(route?.destination_cidr_block).toBe(ref('data.aiven_organization_vpc.prod_eu.network_cidr'));
    expect(json.data.aiven_organization_vpc?.prod_eu?.[0]).toMatchObject({ organization_vpc_id: orgVpc.id });
    for (const name of names(json)) expect(name).toMatch(IDENT);
    expect(file.hcl).toContain('PROVIDER_AIVEN_ENABLE_BETA');
    expect(file.hcl).toContain('terraform plan');
    expect(file.notImported).toEqual([]);
  });

  test('names are stable across calls and in any order', async () => {
    const other = { ...active, awsVpcId: 'vpc-0fedcba9876543210', aivenPeeringId: 'x', routes: [] };
    const a = renderTerraformHandOff({ organizationId: ORG, orgVpc, peerings: [active, other] });
    const b = renderTerraformHandOff({ organizationId: ORG, orgVpc, peerings: [other, active] });
    expect(a.hcl).toBe(b.hcl);
  });

  test('an org VPC with several peerings, one without a pcx and one made outside vpc-peer, parses', async () => {
    const noPcx: TerraformPeering = {
      ...active,
      awsVpcId: 'vpc-0c0c0c0c0c0c0c0c0',
      aivenPeeringId: '5d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b',
      state: 'APPROVED',
      routes: [],
    };
    delete noPcx.pcxId;
    const external: TerraformPeering = {
      ...active,
      awsAccountId: '444455556666',
      awsRegion: 'us-east-1',
      awsVpcId: 'vpc-0d0d0d0d0d0d0d0d0',
      aivenPeeringId: '6d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b',
      pcxId: 'pcx-0d0d0d0d0d0d0d0d0',
      routes: [],
      madeOutsideVpcPeer: true,
    };
    const { file, json } = await parsed([active, noPcx, external]);
    expect(json.import.map((i) => i.id).sort()).toEqual(
      [
        `${ORG}/${orgVpc.id}/111122223333/vpc-0a1b2c3d4e5f67890/eu-west-1`,
        `${ORG}/${orgVpc.id}/111122223333/vpc-0c0c0c0c0c0c0c0c0/eu-west-1`,
        `${ORG}/${orgVpc.id}/444455556666/vpc-0d0d0d0d0d0d0d0d0/us-east-1`,
        'pcx-0123456789abcdef0',
        'pcx-0d0d0d0d0d0d0d0d0',
        'rtb-0aaaaaaaaaaaaaaaa_10.20.0.0/24',
        'rtb-0bbbbbbbbbbbbbbbb_10.20.0.0/24',
      ].sort(),
    );
    // One AWS provider per account and region, each resource on its own.
    expect(json.provider.aws?.map((p) => p.alias).sort()).toEqual([
      'aws_111122223333_eu_west_1',
      'aws_444455556666_us_east_1',
    ]);
    expect(file.notImported.join('\n')).toMatch(/vpc-0c0c0c0c0c0c0c0c0.*not made the AWS peering connection/);
    expect(file.notImported.join('\n')).toMatch(/vpc-0d0d0d0d0d0d0d0d0.*no routes.*made outside vpc-peer/);
    for (const name of names(json)) expect(name).toMatch(IDENT);
  });

  test('a peering Aiven has not created yet imports nothing and says so', async () => {
    const requested = { ...active, state: 'REQUESTED' as const, routes: [] };
    delete (requested as Partial<TerraformPeering>).aivenPeeringId;
    delete (requested as Partial<TerraformPeering>).pcxId;
    const { file, json } = await parsed([requested]);
    expect(json.import ?? []).toEqual([]);
    expect(file.notImported[0]).toMatch(/Aiven has not created the peering yet/);
  });

  test('identifiers: only letters, digits and underscores, never a leading digit', () => {
    expect(terraformName('Prod EU (main)', 'vpc-0A1B')).toBe('prod_eu_main_vpc_0a1b');
    expect(terraformName('1st-vpc')).toBe('n_1st_vpc');
    expect(terraformName('***')).toBe('unnamed');
  });
});
