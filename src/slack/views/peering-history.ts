// A peering's history for `/vpc-peer status`: who did what, when, where and why, oldest first.
import type { KnownBlock } from '@slack/types';
import { type AuditAction, type AuditEvent, BOT_ACTOR } from '../../peering/deletion';
import { isExternal, type PeeringRecord } from '../../peering/model';
import { escapeText, section } from './blocks';
import { slackDate } from './deletion-request';

const ACTION_WORDS: Record<AuditAction, string> = {
  'peering-created': 'saw Aiven create it',
  'create-failed': 'could not create it in Aiven',
  'state-changed': 'saw its state change',
  'plan-posted': 'posted its plan to accept it in AWS',
  'accepted-in-aws': 'accepted it in AWS',
  'routes-added': 'added routes in AWS',
  'routes-removed': 'removed the routes it had added in AWS',
  'deletion-requested': 'asked to delete it',
  'freeze-overridden': 'overrode a change freeze',
  'deletion-approved': 'approved the deletion',
  'deletion-approval-counted': 'approved the deletion, which needs more approvals',
  'deletion-rejected': 'rejected the deletion',
  'deletion-cancelled': 'cancelled the deletion request',
  'deletion-expired': 'let the deletion request expire (no decision in time)',
  'deletion-started': 'started deleting it in Aiven',
  'deletion-failed': 'could not delete it',
  'deletion-retried': 'asked to retry the deletion',
  'replace-requested': 'asked to replace conflicting routes (needs approval)',
  'replace-approval-counted': 'approved replacing conflicting routes, which needs more approvals',
  'replace-approved': 'approved replacing conflicting routes',
  'replace-rejected': 'rejected replacing conflicting routes',
  'handed-to-terraform': 'handed it over to Terraform',
  'cidrs-change-requested': 'asked to change its extra CIDRs',
  'cidrs-changed': 'changed its extra CIDRs in Aiven',
  'cidrs-change-failed': 'could not change its extra CIDRs',
  'cidrs-changed-outside': 'saw its extra CIDRs changed outside vpc-peer',
};

/** The newest events fit: a long history keeps its latest lines within one section. */
const MAX_EVENTS = 20;

function line(event: AuditEvent): string {
  // A state change is the state's own words (detail: "Approved → Waiting for AWS (APPROVED → PENDING_PEER)").
  if (event.action === 'state-changed' && event.detail)
    return `• ${slackDate(event.at)} ${escapeText(event.detail)}`;
  const who = event.actor === BOT_ACTOR ? 'vpc-peer' : `<@${event.actor}>`;
  const where = event.channelId ? ` in <#${event.channelId}>` : '';
  const why = event.reason ? `: “${escapeText(event.reason)}”` : '';
  const detail = event.detail ? ` (${escapeText(event.detail)})` : '';
  return `• ${slackDate(event.at)} ${who} ${ACTION_WORDS[event.action]}${where}${why}${detail}`;
}

/** How the peering came to vpc-peer: the record's own first line of history. */
function origin(record: PeeringRecord): string {
  return isExternal(record)
    ? `• ${slackDate(record.createdAt)} vpc-peer found it, made outside vpc-peer (Aiven Console, Terraform or API)`
    : `• ${slackDate(record.createdAt)} <@${record.requestedBy}> requested it${record.channelId ? ` in <#${record.channelId}>` : ''}`;
}

/** The whole story of a peering, oldest first: how it came, then every recorded event. */
export function renderPeeringHistory(events: readonly AuditEvent[], record?: PeeringRecord): KnownBlock[] {
  if (events.length === 0 && !record) return [section('*History:* nothing recorded yet.')];
  const shown = events.slice(-MAX_EVENTS);
  const older = events.length - shown.length;
  const header = `*History*${older > 0 ? ` (latest ${shown.length}; ${older} older not shown)` : ''}`;
  const first = record && older === 0 ? [origin(record)] : [];
  return [section([header, ...first, ...shown.map(line)].join('\n'))];
}
