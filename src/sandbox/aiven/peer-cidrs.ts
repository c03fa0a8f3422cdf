// PUT /organization/{org}/vpcs/{vpc}/peering-connections/{id}/user-peer-network-cidrs, as the spec
// describes it (EXPERIMENTAL there): `add` items name the CIDR with the peer account and VPC it goes
// through, `delete` lists CIDRs; both at most 128. The answer is the whole org VPC.
import type { WirePeerCidrsUpdateRequest, WirePeering } from '../../adapters/aiven/wire';
import { networksOverlap, parseIpv4Network } from './request-body';

const MAX_ITEMS = 128;
const MAX_CIDR_TEXT = 18;
const MAX_TEXT = 1024;

export type PeerCidrsBodyCheck =
  | { ok: true; request: Required<Pick<WirePeerCidrsUpdateRequest, 'add' | 'delete'>> }
  | { ok: false; message: string };

const invalid = (field: string, why: string): PeerCidrsBodyCheck => ({
  ok: false,
  message: `Invalid input for ${field}: ${why}`,
});

function checkCidrText(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${field}: expected a string`;
  if (value.length > MAX_CIDR_TEXT) return `${field}: length must be at most ${MAX_CIDR_TEXT}`;
  if (!parseIpv4Network(value)) return `${field}: '${value}' is not a valid IPv4 network in CIDR notation`;
  return undefined;
}

export function checkPeerCidrsBody(raw: unknown): PeerCidrsBodyCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, message: 'Invalid request body: expected a JSON object' };
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (key !== 'add' && key !== 'delete')
      return { ok: false, message: `Invalid input: unknown field '${key}'` };
  }
  const add = body.add ?? [];
  const del = body.delete ?? [];
  if (!Array.isArray(add)) return invalid('add', 'expected a list');
  if (!Array.isArray(del)) return invalid('delete', 'expected a list of strings');
  if (add.length > MAX_ITEMS) return invalid('add', `at most ${MAX_ITEMS} items allowed, got ${add.length}`);
  if (del.length > MAX_ITEMS)
    return invalid('delete', `at most ${MAX_ITEMS} items allowed, got ${del.length}`);
  const items: {
    cidr: string;
    peer_cloud_account: string;
    peer_vpc: string;
    peer_resource_group?: string;
  }[] = [];
  for (const [i, item] of add.entries()) {
    const at = `add[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return invalid(at, 'expected an object');
    const fields = item as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!['cidr', 'peer_cloud_account', 'peer_vpc', 'peer_resource_group'].includes(key)) {
        return { ok: false, message: `Invalid input: unknown field '${at}.${key}'` };
      }
    }
    for (const field of ['cidr', 'peer_cloud_account', 'peer_vpc'] as const) {
      if (fields[field] === undefined || fields[field] === null) {
        return { ok: false, message: `Missing required field '${at}.${field}'` };
      }
    }
    const cidrProblem = checkCidrText(`${at}.cidr`, fields.cidr);
    if (cidrProblem) return { ok: false, message: `Invalid input for ${cidrProblem}` };
    for (const field of ['peer_cloud_account', 'peer_vpc', 'peer_resource_group'] as const) {
      const value = fields[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value.length > MAX_TEXT) {
        return invalid(`${at}.${field}`, `expected a string of at most ${MAX_TEXT} characters`);
      }
    }
    items.push(item as (typeof items)[number]);
  }
  for (const [i, cidr] of del.entries()) {
    const problem = checkCidrText(`delete[${i}]`, cidr);
    if (problem) return { ok: false, message: `Invalid input for ${problem}` };
  }
  return { ok: true, request: { add: items, delete: del as string[] } };
}

/** Why the sandbox's Aiven refuses a valid-looking change to this peering (400), or undefined. */
export function refusePeerCidrs(
  peering: WirePeering,
  request: Required<Pick<WirePeerCidrsUpdateRequest, 'add' | 'delete'>>,
  context: { orgVpcCidr: string; otherPeerings: WirePeering[] },
): string | undefined {
  if (!['ACTIVE', 'PENDING_PEER', 'APPROVED'].includes(peering.state)) {
    return `Peering connection is in state ${peering.state}; its user peer network CIDRs cannot be changed`;
  }
  const orgNet = parseIpv4Network(context.orgVpcCidr);
  for (const item of request.add) {
    if (item.peer_cloud_account !== peering.peer_cloud_account || item.peer_vpc !== peering.peer_vpc) {
      return `Peer network ${item.cidr}: no peering connection to AWS account ${item.peer_cloud_account} VPC ${item.peer_vpc} in this VPC`;
    }
    const net = parseIpv4Network(item.cidr);
    if (net && orgNet && networksOverlap(net, orgNet)) {
      return `Peer network ${item.cidr} overlaps with the Aiven VPC network ${context.orgVpcCidr}`;
    }
    const other = context.otherPeerings.find((p) =>
      p.user_peer_network_cidrs.some((cidr) => {
        const used = parseIpv4Network(cidr);
        return used && net && networksOverlap(used, net);
      }),
    );
    if (other) {
      return `Peer network ${item.cidr} overlaps with a network of peering connection ${other.peering_connection_id}`;
    }
  }
  const after = applied(peering.user_peer_network_cidrs, request);
  if (after.length > MAX_ITEMS)
    return `A peering connection can have at most ${MAX_ITEMS} user peer network CIDRs`;
  return undefined;
}

/** The list after the change: deletes first, then adds that are not there yet. */
export function applied(
  current: readonly string[],
  request: Required<Pick<WirePeerCidrsUpdateRequest, 'add' | 'delete'>>,
): string[] {
  const kept = current.filter((cidr) => !request.delete.includes(cidr));
  for (const { cidr } of request.add) if (!kept.includes(cidr)) kept.push(cidr);
  return kept;
}
