// Aiven wire shapes <-> vpc-peer's domain. Responses are checked only for the fields the bot reads, so
// that a surprising body becomes a clear error instead of a TypeError deep in a Slack handler.
import {
  AIVEN_PEERING_STATES,
  type AivenPeering,
  type AivenPeeringState,
  type AivenStateInfo,
  type OrgVpc,
  type OrgVpcDetails,
  type PeeringSpec,
} from '../../peering/model';
import type { PeerCidrsUpdate } from '../../peering/ports';
import { awsRegionOfCloud } from '../../peering/regions';
import { UnexpectedBodyError } from './errors';
import type {
  WireOrgVpcGetResponse,
  WireOrgVpcListResponse,
  WireOrgVpcSummary,
  WirePeerCidrsUpdateRequest,
  WirePeering,
  WirePeeringCreateRequest,
  WireStateInfo,
} from './wire';

/** Fields of a wire type, not yet checked. Keys are tied to the generated types so typos don't compile. */
type Unchecked<T> = { [K in keyof T]?: unknown };

function record<T>(value: unknown, at: string): Unchecked<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnexpectedBodyError(`${at} is not an object`);
  }
  return value as Unchecked<T>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new UnexpectedBodyError(`${at} is not a list`);
  return value;
}

function text<T>(obj: Unchecked<T>, key: keyof T & string, at: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new UnexpectedBodyError(`${at}.${key} is not a string`);
  return value;
}

/** Absent and null are the same to the bot: Aiven sends null for fields that don't apply. */
function optionalText<T>(obj: Unchecked<T>, key: keyof T & string, at: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UnexpectedBodyError(`${at}.${key} is not a string`);
  return value;
}

/**
 * A state the spec does not list (a newer Aiven's `UPDATING`) or an empty `clouds` list is kept, not
 * refused: reconcile must still read such a VPC's peerings rather than take them for deleted, and the
 * bot shows the state as Aiven names it. Only ACTIVE VPCs with an AWS region are offered for peering.
 */
export function toOrgVpc(raw: unknown, at: string): OrgVpc {
  const vpc = record<WireOrgVpcSummary>(raw, at);
  const id = text(vpc, 'organization_vpc_id', at);
  const clouds = list(vpc.clouds, `${at}.clouds`);
  const cloud =
    clouds.length > 0 ? record<WireOrgVpcSummary['clouds'][number]>(clouds[0], `${at}.clouds[0]`) : undefined;
  const cloudName = cloud ? text(cloud, 'cloud_name', `${at}.clouds[0]`) : '';
  return {
    id,
    name: optionalText(vpc, 'display_name', at) || id,
    cloudName,
    awsRegion: cloudName ? awsRegionOfCloud(cloudName) : undefined,
    cidr: cloud ? text(cloud, 'network_cidr', `${at}.clouds[0]`) : '',
    state: text(vpc, 'state', at),
  };
}

/**
 * One VPC the bot cannot read at all (no id, no state) is skipped and reported, so the form still
 * opens with every other VPC; reconcile concludes nothing about that VPC's peerings.
 */
export function toOrgVpcList(
  body: unknown,
  onSkipped: (problem: string, raw: unknown) => void = () => {},
): OrgVpc[] {
  const response = record<WireOrgVpcListResponse>(body, 'response');
  const vpcs: OrgVpc[] = [];
  list(response.vpcs, 'response.vpcs').forEach((raw, i) => {
    try {
      vpcs.push(toOrgVpc(raw, `response.vpcs[${i}]`));
    } catch (err) {
      if (!(err instanceof UnexpectedBodyError)) throw err;
      onSkipped(err.message, raw);
    }
  });
  return vpcs;
}

function toStateInfo(raw: unknown, at: string): AivenStateInfo {
  // State_info content varies by state (REFERENCE.md): a missing one is not worth failing a whole listing.
  if (raw === undefined || raw === null) return { type: '', message: '' };
  const info = record<WireStateInfo>(raw, at);
  const out: AivenStateInfo = {
    type: optionalText(info, 'type', at) ?? '',
    message: optionalText(info, 'message', at) ?? '',
  };
  const pcx = info.aws_vpc_peering_connection_id;
  if (typeof pcx === 'string' && pcx !== '') out.awsPeeringConnectionId = pcx;
  if (Array.isArray(info.warnings)) {
    out.warnings = info.warnings
      .filter((w): w is Record<string, unknown> => typeof w === 'object' && w !== null)
      .map((w) => ({
        type: String(w.type ?? ''),
        message: String(w.message ?? ''),
        ...textField(w, 'conflicting_aws_account_id', 'conflictingAwsAccountId'),
        ...textField(w, 'conflicting_aws_vpc_id', 'conflictingAwsVpcId'),
        ...textField(w, 'conflicting_aws_vpc_peering_connection_id', 'conflictingAwsPeeringConnectionId'),
      }));
  }
  return out;
}

function textField<K extends string>(
  raw: Record<string, unknown>,
  wire: string,
  name: K,
): Partial<Record<K, string>> {
  const value = raw[wire];
  return typeof value === 'string' && value !== '' ? ({ [name]: value } as Record<K, string>) : {};
}

export interface PeeringContext {
  orgVpcId: string;
  /** Used when Aiven omits peer_region, which it does when the peer is in the org VPC's region. */
  defaultAwsRegion: string | undefined;
  /** Called for states newer than this code, which are mapped to ERROR rather than failing the read. */
  onUnknownState?: (state: string, peeringId: string) => void;
}

export function toPeering(raw: unknown, at: string, context: PeeringContext): AivenPeering {
  const peering = record<WirePeering>(raw, at);
  const id = text(peering, 'peering_connection_id', at);
  const wireState = text(peering, 'state', at);
  const known = (AIVEN_PEERING_STATES as readonly string[]).includes(wireState);
  if (!known) context.onUnknownState?.(wireState, id);
  const cidrs = peering.user_peer_network_cidrs;
  // Required in every answer: a missing or garbled list is an unexpected read, not "no CIDRs".
  const cidrsRead = Array.isArray(cidrs) && cidrs.every((c) => typeof c === 'string');
  return {
    id,
    orgVpcId: context.orgVpcId,
    awsAccountId: text(peering, 'peer_cloud_account', at),
    awsVpcId: text(peering, 'peer_vpc', at),
    awsRegion: optionalText(peering, 'peer_region', at) ?? context.defaultAwsRegion ?? '',
    state: known ? (wireState as AivenPeeringState) : 'ERROR',
    stateInfo: toStateInfo(peering.state_info, `${at}.state_info`),
    extraCidrs: Array.isArray(cidrs) ? cidrs.filter((c): c is string => typeof c === 'string') : [],
    ...(cidrsRead ? {} : { extraCidrsUnread: true as const }),
    createTime: optionalText(peering, 'create_time', at) ?? '',
    updateTime: optionalText(peering, 'update_time', at) ?? '',
  };
}

/**
 * AWS VPC peerings and Transit Gateway attachments are the bot's business (peerKindOf tells them
 * apart by the `tgw-` peer). An attachment that does not name a `tgw-` peer is not one it can tell
 * apart, and must not count as a (duplicate) peering of that AWS VPC.
 */
function isAwsVpcPeering(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const { vpc_peering_connection_type: type, peer_vpc: peer } = raw as Unchecked<WirePeering>;
  if (type === 'aws-tgw-vpc-attachment') return typeof peer === 'string' && peer.startsWith('tgw-');
  return type === undefined || type === null || type === 'aws-vpc-peering-connection';
}

export function toOrgVpcDetails(
  body: unknown,
  onUnknownState?: PeeringContext['onUnknownState'],
): OrgVpcDetails {
  const vpc = toOrgVpc(body, 'response');
  const response = record<WireOrgVpcGetResponse>(body, 'response');
  const context: PeeringContext = { orgVpcId: vpc.id, defaultAwsRegion: vpc.awsRegion };
  if (onUnknownState) context.onUnknownState = onUnknownState;
  const peerings = list(response.peering_connections, 'response.peering_connections')
    .map((raw, i) => ({ raw, at: `response.peering_connections[${i}]` }))
    .filter(({ raw }) => isAwsVpcPeering(raw))
    .map(({ raw, at }) => toPeering(raw, at, context));
  return { vpc, peerings };
}

export function toCreatePeeringRequest(spec: PeeringSpec): WirePeeringCreateRequest {
  const body: WirePeeringCreateRequest = {
    peer_cloud_account: spec.awsAccountId,
    peer_vpc: spec.awsVpcId,
    peer_region: spec.awsRegion,
  };
  // Omitted rather than [] so the request is exactly what a person would send with the CLI.
  if (spec.extraCidrs.length > 0) body.user_peer_network_cidrs = [...spec.extraCidrs];
  return body;
}

/** The CIDR edit's body: only the lists that have entries, each added CIDR with its peer account and VPC. */
export function toPeerCidrsRequest(change: PeerCidrsUpdate): WirePeerCidrsUpdateRequest {
  const body: WirePeerCidrsUpdateRequest = {};
  if (change.add.length > 0) {
    body.add = change.add.map((cidr) => ({
      cidr,
      peer_cloud_account: change.awsAccountId,
      peer_vpc: change.awsVpcId,
    }));
  }
  if (change.delete.length > 0) body.delete = [...change.delete];
  return body;
}
