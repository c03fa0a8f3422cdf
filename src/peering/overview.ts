// The overview behind `/vpc-peer list`, `status` and App Home: the org VPC snapshot the poller keeps,
// joined with vpc-peer's records (for states only vpc-peer knows, request ids and threads). Pure:
// listeners load the snapshot and records from the store and answer within Slack's 3 seconds.
import {
  type AivenPeering,
  isOpen,
  type OrgVpc,
  type OrgVpcSnapshot,
  type PeeringRecord,
  type PeeringState,
} from './model';

export interface PeeringLine {
  state: PeeringState;
  awsAccountId: string;
  awsRegion: string;
  awsVpcId: string;
  pcxId?: string;
  aivenPeeringId?: string;
  /** vpc-peer's record, when it tracks the peering (all do once reconcile has seen them). */
  record?: PeeringRecord;
  /** Aiven's view, when the snapshot has the peering. */
  aiven?: AivenPeering;
}

export interface OverviewVpc {
  vpc: OrgVpc;
  peerings: PeeringLine[];
}

function lineOf(aiven: AivenPeering | undefined, record: PeeringRecord | undefined): PeeringLine {
  const pcxId = record?.stateInfo?.awsPeeringConnectionId ?? aiven?.stateInfo.awsPeeringConnectionId;
  const aivenPeeringId = record?.aivenPeeringId ?? aiven?.id;
  return {
    // The record follows Aiven and knows more (EXPIRED, REQUESTED); Aiven's state when it is untracked.
    state: record?.state ?? (aiven?.state as PeeringState),
    awsAccountId: record?.spec.awsAccountId ?? aiven?.awsAccountId ?? '',
    awsRegion: record?.spec.awsRegion ?? aiven?.awsRegion ?? '',
    awsVpcId: record?.spec.awsVpcId ?? aiven?.awsVpcId ?? '',
    ...(pcxId ? { pcxId } : {}),
    ...(aivenPeeringId ? { aivenPeeringId } : {}),
    ...(record ? { record } : {}),
    ...(aiven ? { aiven } : {}),
  };
}

/** Org VPCs with their live peerings (ended ones left out), in the snapshot's order. */
export function buildOverview(snapshot: OrgVpcSnapshot | undefined, records: PeeringRecord[]): OverviewVpc[] {
  const byAivenId = new Map(records.filter((r) => r.aivenPeeringId).map((r) => [r.aivenPeeringId, r]));
  const shown = new Set<string>();
  const vpcs: OverviewVpc[] = (snapshot?.vpcs ?? []).map((details) => ({
    vpc: details.vpc,
    peerings: details.peerings
      .filter((p) => isOpen(p.state) || byAivenId.has(p.id))
      .map((p) => {
        const record = byAivenId.get(p.id);
        if (record) shown.add(record.id);
        return lineOf(p, record);
      })
      .filter((line) => isOpen(line.state)),
  }));
  // Records Aiven does not list yet (REQUESTED) or whose org VPC the snapshot lacks.
  for (const record of records) {
    if (shown.has(record.id) || !isOpen(record.state)) continue;
    let entry = vpcs.find((v) => v.vpc.id === record.spec.orgVpcId);
    if (!entry) {
      entry = { vpc: record.orgVpc, peerings: [] };
      vpcs.push(entry);
    }
    entry.peerings.push(lineOf(undefined, record));
  }
  return vpcs;
}

/** The kinds of id `/vpc-peer status` understands. */
export type PeeringIdKind = 'pcx' | 'aws-vpc' | 'transit-gateway' | 'uuid' | 'request' | 'unknown';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function classifyPeeringId(text: string): PeeringIdKind {
  if (/^pcx-[0-9a-f]{8,17}$/i.test(text)) return 'pcx';
  if (/^vpc-[0-9a-f]{8,17}$/i.test(text)) return 'aws-vpc';
  if (/^tgw-[0-9a-f]{8,17}$/i.test(text)) return 'transit-gateway';
  if (UUID.test(text)) return 'uuid';
  // vpc-peer's own: `req-<Slack view id>[-n]`, and `aiven-<uuid>` for peerings made outside it.
  if (/^req-[0-9a-z]+(-\d+)?$/i.test(text) || /^aiven-[0-9a-f-]{36}$/i.test(text)) return 'request';
  return 'unknown';
}

/**
 * The spellings a request id may have been stored under: as typed, and as vpc-peer writes it (prefix
 * lowercase, Slack's view id uppercase), so `req-v00000001` finds `req-V00000001`.
 */
export function requestIdSpellings(id: string): string[] {
  const match = /^(req|aiven)-(.*)$/i.exec(id);
  if (!match) return [id];
  const [, prefix = '', rest = ''] = match;
  const written =
    prefix.toLowerCase() === 'req' ? `req-${rest.toUpperCase()}` : `aiven-${rest.toLowerCase()}`;
  return [...new Set([id, written])];
}

/** Line of a record the overview does not show (ended, or its org VPC gone from the snapshot). */
export function recordLine(record: PeeringRecord): PeeringLine {
  return lineOf(undefined, record);
}

/** Peerings in the overview matching an id of any kind (several for a VPC peered with several org VPCs). */
export function findInOverview(overview: OverviewVpc[], id: string): { vpc: OrgVpc; line: PeeringLine }[] {
  const wanted = id.toLowerCase();
  return overview.flatMap(({ vpc, peerings }) =>
    peerings
      .filter(
        (line) =>
          line.pcxId?.toLowerCase() === wanted ||
          line.awsVpcId.toLowerCase() === wanted ||
          line.aivenPeeringId?.toLowerCase() === wanted ||
          line.record?.id.toLowerCase() === wanted,
      )
      .map((line) => ({ vpc, line })),
  );
}
