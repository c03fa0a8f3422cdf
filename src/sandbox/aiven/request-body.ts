// Checks of a create-peering body, with the 400 messages the sandbox answers.
import type { WirePeeringCreateRequest } from '../../adapters/aiven/wire';

export interface Ipv4Network {
  /** Network address as an unsigned 32-bit number. */
  address: number;
  prefix: number;
}

/** Strict like Python's ipaddress.ip_network (Aiven's API is Python): host bits must be zero, no leading zeros. */
export function parseIpv4Network(text: string): Ipv4Network | undefined {
  // No leading zeros: Python's ipaddress refuses them (they once meant octal).
  const match = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d{1,2})$/.exec(
    text,
  );
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) return undefined;
  return { address, prefix };
}

export function networksOverlap(a: Ipv4Network, b: Ipv4Network): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (a.address & mask) >>> 0 === (b.address & mask) >>> 0;
}

const MAX_USER_CIDRS = 128;
const MAX_TEXT = 1024;

const OPTIONAL_TEXT_FIELDS = [
  'peer_region',
  'peer_azure_app_id',
  'peer_azure_tenant_id',
  'peer_resource_group',
] as const satisfies readonly (keyof WirePeeringCreateRequest)[];

const KNOWN_FIELDS: ReadonlySet<string> = new Set<keyof WirePeeringCreateRequest>([
  'peer_cloud_account',
  'peer_vpc',
  'user_peer_network_cidrs',
  ...OPTIONAL_TEXT_FIELDS,
]);

export type BodyCheck = { ok: true; request: WirePeeringCreateRequest } | { ok: false; message: string };

function invalid(field: string, why: string): BodyCheck {
  return { ok: false, message: `Invalid input for ${field}: ${why}` };
}

export function checkCreatePeeringBody(raw: unknown): BodyCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, message: 'Invalid request body: expected a JSON object' };
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) return { ok: false, message: `Invalid input: unknown field '${key}'` };
  }
  for (const field of ['peer_cloud_account', 'peer_vpc'] as const) {
    const value = body[field];
    if (value === undefined || value === null)
      return { ok: false, message: `Missing required field '${field}'` };
    if (typeof value !== 'string') return invalid(field, 'expected a string');
    if (value === '' || value.length > MAX_TEXT) return invalid(field, `length must be 1 to ${MAX_TEXT}`);
  }
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return invalid(field, 'expected a string or null');
    if (value.length > MAX_TEXT) return invalid(field, `length must be at most ${MAX_TEXT}`);
  }
  const request: WirePeeringCreateRequest = {
    peer_cloud_account: body.peer_cloud_account as string,
    peer_vpc: body.peer_vpc as string,
  };
  if (typeof body.peer_region === 'string') request.peer_region = body.peer_region;

  const cidrs = body.user_peer_network_cidrs;
  if (cidrs !== undefined && cidrs !== null) {
    if (!Array.isArray(cidrs)) return invalid('user_peer_network_cidrs', 'expected a list of strings');
    if (cidrs.length > MAX_USER_CIDRS) {
      return invalid(
        'user_peer_network_cidrs',
        `at most ${MAX_USER_CIDRS} items allowed, got ${cidrs.length}`,
      );
    }
    for (const cidr of cidrs) {
      if (typeof cidr !== 'string') return invalid('user_peer_network_cidrs', 'expected a list of strings');
      if (!parseIpv4Network(cidr)) {
        return invalid('user_peer_network_cidrs', `'${cidr}' is not a valid IPv4 network in CIDR notation`);
      }
    }
    request.user_peer_network_cidrs = cidrs as string[];
  }
  return { ok: true, request };
}
