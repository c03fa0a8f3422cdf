// The organization VPC endpoints: which path and method does what, and the errors Aiven answers with.
import type {
  WireErrorBody,
  WireOrgVpcListResponse,
  WirePeerCidrsUpdateResponse,
  WirePeeringCreateResponse,
  WirePeeringDeleteResponse,
  WireVpcCloudsListResponse,
} from '../../adapters/aiven/wire';
import type { SandboxOrganization } from './organization';
import { checkPeerCidrsBody } from './peer-cidrs';
import { checkCreatePeeringBody } from './request-body';

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export function errorReply(status: number, message: string, errorCode?: string): Reply {
  const body: WireErrorBody = {
    message,
    errors: [{ message, status, ...(errorCode ? { error_code: errorCode } : {}) }],
  };
  return { status, body };
}

const awsCloud = (cloud_name: string, cloud_description: string, geo_region: string) => ({
  cloud_name,
  cloud_description,
  geo_region,
  provider: 'aws',
  provider_description: 'Amazon Web Services',
});

const CLOUDS: WireVpcCloudsListResponse = {
  clouds: [
    awsCloud('aws-eu-west-1', 'Europe, Ireland - Amazon Web Services: Ireland', 'europe'),
    awsCloud('aws-eu-central-1', 'Europe, Germany - Amazon Web Services: Frankfurt', 'europe'),
    awsCloud('aws-us-east-1', 'United States, Virginia - Amazon Web Services: N. Virginia', 'north america'),
  ],
};

/** Routes /organization/{org}/... to the organization, or explains why not. */
export function route(org: SandboxOrganization, method: string, segments: string[], body: unknown): Reply {
  const [first, orgId, collection, vpcId, sub, peeringId, ...rest] = segments;
  // .../peering-connections/{id}/user-peer-network-cidrs (PUT, EXPERIMENTAL in the spec).
  const cidrs = rest.length === 1 && rest[0] === 'user-peer-network-cidrs' && peeringId !== undefined;
  const known =
    first === 'organization' &&
    orgId !== undefined &&
    (rest.length === 0 || (cidrs && sub === 'peering-connections')) &&
    ((collection === 'vpc-clouds' && vpcId === undefined) ||
      (collection === 'vpcs' && (sub === undefined || sub === 'peering-connections')));
  if (!known) return errorReply(404, 'Not Found');
  const allowed =
    collection === 'vpc-clouds' || vpcId === undefined
      ? 'GET'
      : sub === undefined
        ? 'GET'
        : peeringId === undefined
          ? 'POST'
          : cidrs
            ? 'PUT'
            : 'DELETE';
  if (method !== allowed) return { ...errorReply(405, 'Method Not Allowed'), headers: { Allow: allowed } };
  if (orgId !== org.organizationId)
    return errorReply(404, 'Organization not found', 'organization_not_found');

  if (collection === 'vpc-clouds') return { status: 200, body: CLOUDS };
  if (vpcId === undefined) {
    const list: WireOrgVpcListResponse = { vpcs: org.listVpcs() };
    return { status: 200, body: list };
  }
  const vpcNotFound = () => errorReply(404, 'Organization VPC not found', 'organization_vpc_not_found');
  if (sub === undefined) {
    const vpc = org.getVpc(vpcId);
    return vpc ? { status: 200, body: vpc } : vpcNotFound();
  }
  if (peeringId === undefined) {
    const check = checkCreatePeeringBody(body);
    if (!check.ok) return errorReply(400, check.message, 'invalid_input');
    const created: WirePeeringCreateResponse | undefined = org.createPeering(vpcId, check.request);
    return created ? { status: 200, body: created } : vpcNotFound();
  }
  if (!org.getVpc(vpcId)) return vpcNotFound();
  if (cidrs) {
    const check = checkPeerCidrsBody(body);
    if (!check.ok) return errorReply(400, check.message, 'invalid_input');
    const result = org.updatePeerCidrs(vpcId, peeringId, check.request);
    if (!result) return errorReply(404, 'Peering connection not found', 'peering_connection_not_found');
    if ('refused' in result) return errorReply(400, result.refused, 'invalid_input');
    const answer: WirePeerCidrsUpdateResponse = result.vpc;
    return { status: 200, body: answer };
  }
  const deleted: WirePeeringDeleteResponse | undefined = org.deletePeering(vpcId, peeringId);
  return deleted
    ? { status: 200, body: deleted }
    : errorReply(404, 'Peering connection not found', 'peering_connection_not_found');
}
