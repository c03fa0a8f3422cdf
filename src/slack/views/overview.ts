// `/vpc-peer list` and App Home: org VPCs and their peerings, within Block Kit's limits (50 blocks,
// 3000 characters per section, ~13k per message). Past that it summarises: counts per state, the
// peerings that need someone, and how to narrow the list.
import type { KnownBlock } from '@slack/types';
import { currentExtraCidrs, type PeeringRecord, peerKindOf, type SlackThread } from '../../peering/model';
import type { OverviewVpc, PeeringLine } from '../../peering/overview';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { context, escapeText, LIMITS, section } from './blocks';
import type { SlackMessage } from './peering-message';

export const OVERVIEW_LIMITS = { blocks: 50, chars: 12_000 } as const;

/** States in which a person has something to do (or should know something went wrong). */
const NEEDS_ATTENTION = new Set(['PENDING_PEER', 'ERROR', 'DELETING', 'CREATE_FAILED']);

export function threadLink(thread: SlackThread): string {
  return `https://slack.com/archives/${thread.channelId}/p${thread.ts.replace('.', '')}`;
}

export function renderLine(line: PeeringLine): string {
  const state = STATE_DESCRIPTIONS[line.state];
  const parts = [
    `${state.emoji} *${state.label}*`,
    `account ${line.awsAccountId}`,
    line.awsRegion,
    // An attachment says so: its AWS side is a Transit Gateway, not a peered VPC.
    peerKindOf(line) === 'transit-gateway-attachment'
      ? `Transit Gateway attachment \`${line.awsVpcId}\``
      : `\`${line.awsVpcId}\``,
    extraCidrsPart(line),
    line.pcxId ? `\`${line.pcxId}\`` : undefined,
    managedBy(line),
    line.record?.thread ? `<${threadLink(line.record.thread)}|thread>` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Extra CIDRs shown per line: a list of many peerings stays within Slack's limits. */
const CIDRS_PER_LINE = 3;

/** `+ 10.50.0.0/16, 10.60.0.0/16`: the extra CIDRs as vpc-peer knows them (Aiven's when untracked). */
function extraCidrsPart(line: PeeringLine): string | undefined {
  const cidrs = line.record ? currentExtraCidrs(line.record) : (line.aiven?.extraCidrs ?? []);
  if (cidrs.length === 0) return undefined;
  const more = cidrs.length - CIDRS_PER_LINE;
  return `+ ${cidrs.slice(0, CIDRS_PER_LINE).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Who manages a peering: Terraform (handed over), vpc-peer (asked in Slack), or whoever made it outside. */
export function managedBy(line: Pick<PeeringLine, 'record'>): string {
  const record = line.record;
  if (record?.terraform) return 'managed by Terraform';
  if (!record || record.origin === 'external') return 'managed outside vpc-peer';
  return 'managed by vpc-peer';
}

function vpcHeading({ vpc, peerings }: OverviewVpc): string {
  const count = peerings.length === 1 ? '1 peering' : `${peerings.length} peerings`;
  // The state as Aiven names it (also one the spec does not list); Aiven may send no cloud at all.
  const cloud = vpc.cloudName ? [vpc.cloudName, vpc.cidr] : ['no cloud listed'];
  return [`*${escapeText(vpc.name)}*`, ...cloud, escapeText(vpc.state), count].join(' · ');
}

/** Lines packed into sections of at most 3000 characters each. */
function packSections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > LIMITS.sectionText && current) {
      blocks.push(section(current));
      current = line;
    } else current = next;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

function fullList(overview: OverviewVpc[]): KnownBlock[] {
  return overview.flatMap((entry) =>
    packSections([
      vpcHeading(entry),
      ...(entry.peerings.length ? entry.peerings.map(renderLine) : ['_No peerings._']),
    ]),
  );
}

function summary(overview: OverviewVpc[]): KnownBlock[] {
  const lines = overview.flatMap((o) => o.peerings);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.state, (counts.get(line.state) ?? 0) + 1);
  const countText = [...counts]
    .map(([state, n]) => `${STATE_DESCRIPTIONS[state as PeeringLine['state']].label}: ${n}`)
    .join(' · ');
  const attention = overview.flatMap((o) =>
    o.peerings
      .filter((l) => NEEDS_ATTENTION.has(l.state))
      .map((l) => `${escapeText(o.vpc.name)}: ${renderLine(l)}`),
  );
  const budget = 6000;
  const shown: string[] = [];
  let used = 0;
  for (const text of attention) {
    if (used + text.length > budget) break;
    shown.push(text);
    used += text.length + 1;
  }
  const more = attention.length - shown.length;
  return [
    section(
      `*${lines.length} peerings in ${overview.length} org VPCs* (too many to list here)\n${countText}`,
    ),
    ...packSections(
      attention.length
        ? ['*Need attention:*', ...shown, ...(more > 0 ? [`…and ${more} more.`] : [])]
        : ['Nothing needs attention.'],
    ),
    ...packSections([
      '*Per org VPC:*',
      ...overview.map((o) => `${escapeText(o.vpc.name)}: ${o.peerings.length}`),
    ]).slice(0, 2),
    context(
      'Narrow it down with `/vpc-peer list <org VPC name>`, or see one with `/vpc-peer status <pcx-… | vpc-… | peering id>`.',
    ),
  ];
}

const size = (blocks: KnownBlock[]) => JSON.stringify(blocks).length;

/** Characters the recently ended part may take: one section, whatever the live list needs. */
const ENDED_BUDGET = 2500;

/** One ended peering: how it ended (plain words and Aiven's name), when, what, and where to read more. */
function endedLine(record: PeeringRecord): string {
  const state = STATE_DESCRIPTIONS[record.state];
  const when = (record.endedAt ?? record.updatedAt).slice(0, 16).replace('T', ' ');
  const pcx = record.stateInfo?.awsPeeringConnectionId;
  return [
    `${state.emoji} *${state.label}*${state.aivenName ? ` (${state.aivenName})` : ''} ${when} UTC`,
    `${escapeText(record.orgVpc.name)} ⟷ \`${record.spec.awsVpcId}\``,
    `account ${record.spec.awsAccountId}`,
    pcx ? `\`${pcx}\`` : undefined,
    `\`${record.id}\``,
    record.thread ? `<${threadLink(record.thread)}|thread>` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Recently ended peerings, apart from the live ones, newest first, within one section. */
function endedPart(ended: readonly PeeringRecord[], days: number): KnownBlock[] {
  if (ended.length === 0) return [];
  const heading = `*Ended in the last ${days} days* (${ended.length})`;
  const shown: string[] = [];
  let used = heading.length;
  for (const record of ended) {
    const line = endedLine(record);
    if (used + line.length + 80 > ENDED_BUDGET) break;
    shown.push(line);
    used += line.length + 1;
  }
  const more = ended.length - shown.length;
  const tail = more > 0 ? [`…and ${more} more: \`/vpc-peer status <id>\` finds any of them.`] : [];
  return [section([heading, ...shown, ...tail].join('\n'))];
}

/** The overview for `/vpc-peer list` and the Home tab. */
export function renderOverview(
  overview: OverviewVpc[],
  options: {
    fetchedAt: string | undefined;
    filter?: string;
    /** Peerings that ended recently (newest first), shown apart with how they ended. */
    ended?: readonly PeeringRecord[];
    endedDays?: number;
  },
): SlackMessage {
  const heading = section(
    options.filter
      ? `*VPC peerings of ${escapeText(options.filter)}*`
      : '*VPC peerings of your Aiven organization*',
  );
  const asOf = options.fetchedAt
    ? context(`As read from Aiven at ${options.fetchedAt.slice(0, 16).replace('T', ' ')} UTC.`)
    : context('vpc-peer has not read Aiven yet: try again in a minute.');
  const count = overview.reduce((n, o) => n + o.peerings.length, 0);
  const ended = endedPart(options.ended ?? [], options.endedDays ?? 7);
  if (overview.length === 0) {
    const text = options.fetchedAt ? 'No organization VPCs found in Aiven.' : 'No data from Aiven yet.';
    return { text, blocks: [heading, section(text), ...ended, asOf] };
  }
  let body = fullList(overview);
  const reserved = ended.length + 2;
  if (body.length + reserved > OVERVIEW_LIMITS.blocks || size(body) + size(ended) > OVERVIEW_LIMITS.chars)
    body = summary(overview);
  const endedCount = options.ended?.length ?? 0;
  const text =
    `${count} VPC peering${count === 1 ? '' : 's'} in ${overview.length} org VPC${overview.length === 1 ? '' : 's'}` +
    (endedCount > 0 ? `; ${endedCount} ended recently` : '');
  return { text, blocks: [heading, ...body, ...ended, asOf] };
}
