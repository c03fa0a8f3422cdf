// `/vpc-peer status <id>`: one peering in detail, or a clear "not found" naming the ids that work.
import type { KnownBlock } from '@slack/types';
import { isExternal, type OrgVpc, type PeeringRecord } from '../../peering/model';
import type { PeeringLine } from '../../peering/overview';
import { peerWords } from '../../peering/peer-words';
import { STATE_DESCRIPTIONS } from '../../peering/states';
import { context, escapeText, section } from './blocks';
import { managedBy, renderLine, threadLink } from './overview';
import { aivenSays, describePeers, managedByLine, type SlackMessage } from './peering-message';
import { describeWarning } from './progress';

export const STATUS_ID_KINDS =
  "an Aiven peering id (a UUID), an AWS peering connection id (`pcx-…`), an AWS VPC id (`vpc-…`) or a vpc-peer request id (under each peering's root message)";

const time = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'unknown');

/** "· ended 2026-07-01 12:00 UTC" for an ended record. */
function ended(record: PeeringRecord | undefined): string {
  return record?.endedAt ? ` · ended ${time(record.endedAt)}` : '';
}

/** The detail of one peering: state and meaning, Aiven's words, every id, times, and its thread. */
export function renderPeeringStatus(vpc: OrgVpc, line: PeeringLine): SlackMessage {
  const state = STATE_DESCRIPTIONS[line.state];
  const words = peerWords(line);
  const record: PeeringRecord | undefined = line.record;
  const info = record?.stateInfo ?? line.aiven?.stateInfo;
  const peers = record
    ? describePeers(record)
    : `*Aiven* ${escapeText(vpc.name)} (${vpc.cloudName}, ${vpc.cidr})  ⟷  *AWS* account ${line.awsAccountId}, ${line.awsRegion}, ${line.awsVpcId}`;
  const who = !record
    ? 'Not tracked by vpc-peer yet (it is picked up within a minute).'
    : isExternal(record)
      ? 'Made outside vpc-peer (Aiven Console, Terraform or API).'
      : `Requested by <@${record.requestedBy}>.`;
  const manager = record
    ? (managedByLine(record) ?? `Managed by: ${managedBy(line).replace(/^managed by /, '')}.`)
    : undefined;
  const ids = [
    record ? `Request: \`${record.id}\`` : undefined,
    line.aivenPeeringId ? `Aiven ${words.noun}: \`${line.aivenPeeringId}\`` : undefined,
    line.pcxId ? `AWS peering connection: \`${line.pcxId}\`` : undefined,
  ].filter(Boolean);
  const when = [
    `Created: ${time(record?.createdAt ?? line.aiven?.createTime)}`,
    `Last change: ${time(line.aiven?.updateTime ?? record?.aivenUpdateTime ?? record?.updatedAt)}`,
  ];
  const blocks: KnownBlock[] = [
    section(
      `${state.emoji} *${state.label}*${state.aivenName ? ` (${state.aivenName})` : ''}${ended(record)}\n${peers}`,
    ),
    section(
      [
        record ? state.explain(record) : undefined,
        aivenSays(info),
        ...(info?.warnings ?? []).map((w) => `:warning: ${describeWarning(w)}`),
      ]
        .filter(Boolean)
        .join('\n') || `Aiven reports ${line.state}.`,
    ),
    section([who, ...(manager ? [manager] : []), ...ids, ...when].join('\n')),
  ];
  if (record?.thread) blocks.push(context(`<${threadLink(record.thread)}|Open its thread>`));
  return { text: `${words.title} ${line.awsVpcId}: ${state.label}`, blocks };
}

/** Several peerings match (e.g. one AWS VPC peered with several org VPCs). */
export function renderStatusChoices(id: string, matches: { vpc: OrgVpc; line: PeeringLine }[]): SlackMessage {
  const shown = matches.slice(0, 20);
  const lines = shown.map(
    ({ vpc, line }) =>
      `${escapeText(vpc.name)}: ${renderLine(line)} · \`${line.record?.id ?? line.aivenPeeringId}\``,
  );
  const more = matches.length > shown.length ? [`…and ${matches.length - shown.length} more.`] : [];
  const text = `${matches.length} peerings match \`${escapeText(id)}\`. Ask for one by the id at the end of its line:`;
  return { text, blocks: [section([text, ...lines, ...more].join('\n'))] };
}

export function renderStatusNotFound(id: string): SlackMessage {
  const text = `:mag: I found no peering with the id \`${escapeText(id)}\`. Use ${STATUS_ID_KINDS}. \`/vpc-peer list\` shows them all.`;
  return { text, blocks: [section(text)] };
}

export function renderStatusUsage(): SlackMessage {
  const text = `Usage: \`/vpc-peer status <id>\`, where the id is ${STATUS_ID_KINDS}. For example \`/vpc-peer status pcx-0a1b2c3d4e5f67890\`.`;
  return { text, blocks: [section(text)] };
}
