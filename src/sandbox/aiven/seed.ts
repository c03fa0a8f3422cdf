// The organization the sandbox starts with: enough to list, pick, peer and hit a duplicate.
import type { WireOrgVpcGetResponse, WirePeering } from '../../adapters/aiven/wire';

export type SandboxVpc = Omit<WireOrgVpcGetResponse, 'peering_connections'>;

// Fixed ids so the playground, docs and tests can name them.
export const SEED_IDS = {
  prodEu: 'c1b4d2a6-5f3e-4a8b-9d7c-2e1f0a9b8c71',
  stagingUs: 'f3a9e0d2-7b64-4c15-8e2a-6d9b1c0f4e53',
  analyticsEu: '8e2d5c71-94ab-4f06-b3e8-0c7a1d6f2b94',
  prodEuPeering: '4d7e9a10-2b3c-4e5f-8a6b-7c8d9e0f1a2b',
} as const;

export const SEED_PEER = {
  awsAccountId: '123456789012',
  awsVpcId: 'vpc-0a1b2c3d4e5f67890',
  awsRegion: 'eu-west-1',
  awsPeeringConnectionId: 'pcx-0f1e2d3c4b5a69788',
} as const;

const DAY = 24 * 3600 * 1000;

export function seedOrganization(
  organizationId: string,
  now: number,
): { vpcs: SandboxVpc[]; peerings: { orgVpcId: string; wire: WirePeering }[] } {
  const iso = (ms: number) => new Date(ms).toISOString();
  const vpc = (
    id: string,
    displayName: string,
    cloudName: string,
    cidr: string,
    state: SandboxVpc['state'],
    ageMs: number,
  ): SandboxVpc => ({
    organization_vpc_id: id,
    organization_id: organizationId,
    display_name: displayName,
    clouds: [{ cloud_name: cloudName, network_cidr: cidr }],
    state,
    create_time: iso(now - ageMs),
    update_time: iso(now - Math.min(ageMs, DAY)),
  });
  return {
    vpcs: [
      vpc(SEED_IDS.prodEu, 'prod-eu', 'aws-eu-west-1', '10.20.0.0/24', 'ACTIVE', 90 * DAY),
      vpc(SEED_IDS.stagingUs, 'staging-us', 'aws-us-east-1', '10.30.0.0/24', 'ACTIVE', 60 * DAY),
      // Still being built by Aiven: the bot must not offer it as ready.
      vpc(
        SEED_IDS.analyticsEu,
        'analytics-eu',
        'aws-eu-central-1',
        '10.40.0.0/24',
        'APPROVED',
        10 * 60 * 1000,
      ),
    ],
    peerings: [
      {
        orgVpcId: SEED_IDS.prodEu,
        // peer_region left out: Aiven omits it when the peer is in the org VPC's region.
        wire: {
          peering_connection_id: SEED_IDS.prodEuPeering,
          peer_cloud_account: SEED_PEER.awsAccountId,
          peer_vpc: SEED_PEER.awsVpcId,
          peer_azure_app_id: '',
          peer_azure_tenant_id: '',
          peer_resource_group: '',
          state: 'ACTIVE',
          state_info: {
            type: 'active',
            message: `VPC peering connection ${SEED_PEER.awsPeeringConnectionId} is active`,
            aws_vpc_peering_connection_id: SEED_PEER.awsPeeringConnectionId,
          },
          user_peer_network_cidrs: [],
          vpc_peering_connection_type: 'aws-vpc-peering-connection',
          create_time: iso(now - 30 * DAY),
          update_time: iso(now - 30 * DAY + 60_000),
        },
      },
    ],
  };
}
