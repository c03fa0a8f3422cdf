// The extra CIDRs of a peering (Aiven's user_peer_network_cidrs: ranges behind the AWS VPC that Aiven
// routes towards it). One validation for the create modal and the edit modal, reporting every bad
// line at once, and the add/delete change an edit sends to Aiven.
import { type Cidr, cidrsOverlap, parseCidr } from './cidr';
import {
  type AivenPeering,
  currentExtraCidrs,
  type OrgVpc,
  type PeerCidrChange,
  type PeeringRecord,
  type PeeringState,
} from './model';
import type { OverviewVpc } from './overview';

/** Aiven's limit (the spec's maxItems on user_peer_network_cidrs). */
export const MAX_EXTRA_CIDRS = 128;

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((text) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}`);
  return parsed.cidr;
});

/** A CIDR another peering of the same org VPC already routes, and which peering that is. */
export interface UsedCidr {
  cidr: string;
  /** The other peering in words, e.g. `vpc-0a1b… (account 111122223333)`. */
  usedBy: string;
  awsAccountId?: string;
  awsVpcId?: string;
}

export type PeerCidrsValidation =
  | { ok: true; cidrs: string[] }
  | { ok: false; problems: string[] /** Some line is not a CIDR at all. */; malformed: boolean };

/** Bad lines named in one error; past this, "And N more." (a field error must stay readable). */
const MAX_PROBLEMS_SHOWN = 5;

/**
 * One field error for every bad line (plain text: Slack shows input errors without mrkdwn), so one
 * round of fixes covers them all.
 */
export function describeCidrProblems(validation: {
  problems: readonly string[];
  malformed: boolean;
}): string {
  const shown = validation.problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = validation.problems.length - shown.length;
  return [
    ...shown,
    ...(more > 0 ? [`And ${more} more.`] : []),
    ...(validation.malformed ? ['Enter IPv4 CIDRs, one per line.'] : []),
  ].join(' ');
}

/** A problem as a sentence: parseCidr's end in a full stop or question mark already. */
const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

/** The canonical text of an IPv4 CIDR: no leading zeros (`10.050.0.0/16` is `10.50.0.0/16`). */
function canonical(text: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  return `${match.slice(1, 5).map(Number).join('.')}/${Number(match[5])}`;
}

function isPrivate(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidr.prefix >= range.prefix && cidrsOverlap(cidr, range));
}

/** Splits what the user typed: one CIDR per line (commas and spaces also separate). */
export function splitCidrLines(raw: string): string[] {
  return raw.split(/[\s,;]+/).filter(Boolean);
}

export function validatePeerCidrs(
  raw: string,
  context: { orgVpc: OrgVpc | undefined; usedElsewhere?: readonly UsedCidr[] },
): PeerCidrsValidation {
  const texts = splitCidrLines(raw);
  const problems: string[] = [];
  let malformed = false;
  const unique = [...new Set(texts)];
  if (unique.length > MAX_EXTRA_CIDRS) {
    problems.push(`Enter at most ${MAX_EXTRA_CIDRS} CIDRs (Aiven's limit); you entered ${unique.length}.`);
  }
  const orgCidr = context.orgVpc ? parseCidr(context.orgVpc.cidr) : undefined;
  const good: Cidr[] = [];
  for (const text of unique) {
    const fixed = canonical(text);
    if (fixed !== undefined && fixed !== text) {
      problems.push(`"${text}": write it as ${fixed} (no leading zeros).`);
      continue;
    }
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      malformed = true;
      problems.push(sentence(parsed.problem));
      continue;
    }
    const cidr = parsed.cidr;
    if (!isPrivate(cidr)) {
      problems.push(`"${text}" is not a private IPv4 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16).`);
      continue;
    }
    if (orgCidr?.ok && cidrsOverlap(cidr, orgCidr.cidr)) {
      problems.push(
        `"${text}" overlaps the organization VPC's ${context.orgVpc?.cidr}; peered ranges must not overlap.`,
      );
      continue;
    }
    const clash = good.find((other) => cidrsOverlap(cidr, other));
    if (clash) {
      problems.push(`"${text}" overlaps "${clash.text}", also in the list.`);
      continue;
    }
    const used = context.usedElsewhere?.find((u) => {
      const other = parseCidr(u.cidr);
      return other.ok && cidrsOverlap(cidr, other.cidr);
    });
    if (used) {
      problems.push(`"${text}" overlaps ${used.cidr}, already routed to ${used.usedBy} in this org VPC.`);
      continue;
    }
    good.push(cidr);
  }
  return problems.length > 0
    ? { ok: false, problems, malformed }
    : { ok: true, cidrs: good.map((c) => c.text) };
}

/** What an edit sends: the CIDRs to add and to delete, each in the order the user wrote them. */
export interface PeerCidrsDiff {
  add: string[];
  delete: string[];
}

export function diffPeerCidrs(current: readonly string[], wanted: readonly string[]): PeerCidrsDiff {
  return {
    add: wanted.filter((cidr) => !current.includes(cidr)),
    delete: current.filter((cidr) => !wanted.includes(cidr)),
  };
}

/** The list after a change, as Aiven should report it. */
export function applyPeerCidrsDiff(current: readonly string[], diff: PeerCidrsDiff): string[] {
  return [
    ...current.filter((cidr) => !diff.delete.includes(cidr)),
    ...diff.add.filter((c) => !current.includes(c)),
  ];
}

/** States in which Aiven has the peering and it lives: its CIDRs can be edited. */
const EDITABLE: ReadonlySet<PeeringState> = new Set<PeeringState>(['APPROVED', 'PENDING_PEER', 'ACTIVE']);

export function mayEditCidrs(record: Pick<PeeringRecord, 'aivenPeeringId' | 'state'>): boolean {
  return record.aivenPeeringId !== undefined && EDITABLE.has(record.state);
}

/** `+ 10.1.0.0/16, − 10.2.0.0/16` */
export function describeChange(change: Pick<PeerCidrChange, 'add' | 'delete'>): string {
  return [...change.add.map((c) => `+ ${c}`), ...change.delete.map((c) => `− ${c}`)].join(', ');
}

/**
 * The extra CIDRs the other live peerings of an org VPC route already (from the overview: the
 * snapshot joined with the records), leaving out the peering being edited.
 */
export function usedCidrsIn(overview: readonly OverviewVpc[], orgVpcId: string, except?: string): UsedCidr[] {
  const vpc = overview.find((o) => o.vpc.id === orgVpcId);
  return (vpc?.peerings ?? [])
    .filter((line) => except === undefined || (line.record?.id !== except && line.aivenPeeringId !== except))
    .flatMap((line) => {
      const cidrs = line.record ? currentExtraCidrs(line.record) : (line.aiven?.extraCidrs ?? []);
      const usedBy = `the peering with ${line.awsVpcId} (account ${line.awsAccountId})`;
      return cidrs.map((cidr) => ({
        cidr,
        usedBy,
        awsAccountId: line.awsAccountId,
        awsVpcId: line.awsVpcId,
      }));
    });
}

/**
 * The extra CIDRs to edit from: Aiven's list in the snapshot (someone may have changed it in the
 * Console or the API), unless vpc-peer's own last edit was answered after that snapshot was read.
 */
export function knownExtraCidrs(
  record: PeeringRecord,
  inAiven: Pick<AivenPeering, 'extraCidrs'> | undefined,
  snapshotFetchedAt: string | undefined,
): string[] {
  const answeredAt = record.cidrChange?.answeredAt;
  const snapshotIsNewer =
    snapshotFetchedAt !== undefined && (answeredAt === undefined || answeredAt < snapshotFetchedAt);
  return inAiven && snapshotIsNewer ? inAiven.extraCidrs : currentExtraCidrs(record);
}
