// Wire shapes of the organization VPC API, derived from the generated spec types. Where the April 2025
// snapshot lags behind what the API returns, the generated type is extended (see
// /work/shared/aiven/SOURCE.md, "Known drift since April 2025").
import type { components, operations } from './openapi.gen';

type Schemas = components['schemas'];

type SpecPeering = Schemas['OrganizationVpcGetResponse']['peering_connections'][number];

/**
 * SOURCE.md: go-client-codegen's openapi_patch.yaml adds `aws_vpc_peering_connection_id` to state_info,
 * and the API returns it once Aiven has made the request in AWS.
 */
export type WireStateInfo = SpecPeering['state_info'] & { aws_vpc_peering_connection_id?: string };

export type WirePeering = Omit<SpecPeering, 'state_info'> & { state_info: WireStateInfo };

export type WirePeeringState = SpecPeering['state'];

/** SOURCE.md: `display_name` was added to VPCs in May 2025 (codegen 1c79040), after the snapshot. */
type DisplayName = { display_name?: string };

export type WireOrgVpcSummary = Schemas['OrganizationVpcListResponse']['vpcs'][number] & DisplayName;

export type WireOrgVpcListResponse = Omit<Schemas['OrganizationVpcListResponse'], 'vpcs'> & {
  vpcs: WireOrgVpcSummary[];
};

export type WireOrgVpcGetResponse = Omit<Schemas['OrganizationVpcGetResponse'], 'peering_connections'> &
  DisplayName & { peering_connections: WirePeering[] };

export type WirePeeringCreateRequest = Schemas['OrganizationVpcPeeringConnectionCreateRequestBody'];

export type WirePeeringCreateResponse = Omit<
  Schemas['OrganizationVpcPeeringConnectionCreateResponse'],
  'state_info'
> & { state_info: WireStateInfo };

export type WirePeeringDeleteResponse = Omit<
  Schemas['OrganizationVpcPeeringConnectionDeleteByIdResponse'],
  'state_info'
> & { state_info: WireStateInfo };

/** PUT .../user-peer-network-cidrs (EXPERIMENTAL in the spec): answered with the whole org VPC. */
export type WirePeerCidrsUpdateRequest =
  Schemas['OrganizationVpcPeeringConnectionPeerNetworkCidrsUpdateRequestBody'];

export type WirePeerCidrsUpdateResponse = Omit<
  Schemas['OrganizationVpcPeeringConnectionPeerNetworkCidrsUpdateResponse'],
  'peering_connections'
> &
  DisplayName & { peering_connections: WirePeering[] };

export type WireVpcCloudsListResponse = Schemas['OrganizationVpcCloudsListResponse'];

type SpecErrorBody = operations['OrganizationVpcGet']['responses'][404]['content']['application/json'];
type SpecErrorItem = NonNullable<SpecErrorBody['errors']>[number];

/**
 * The spec lists only `organization_not_found` but says clients must be prepared for new codes, and the
 * API adds each error's HTTP `status` (REFERENCE.md, "Errors").
 */
export type WireErrorBody = Omit<SpecErrorBody, 'errors'> & {
  errors?: (Omit<SpecErrorItem, 'error_code'> & { error_code?: string; status?: number })[];
};
