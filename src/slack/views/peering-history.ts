// A peering's history for `/vpc-peer status`: who did what, when, where and why, oldest first.
import type { KnownBlock } from '@slack/types';
import { type AuditAction, type AuditEvent, BOT_ACTOR } from '../../peering/deletion';
import { escapeText, section } from './blocks';
import { slackDate } from './deletion-request';

const ACTION_WORDS: Record<AuditAction, string> = {
  'deletion-requested': 'asked to delete it',
  'deletion-approved': 'approved the deletion',
  'deletion-rejected': 'rejected the deletion',
  'deletion-cancelled': 'cancelled the deletion request',
  'deletion-expired': 'let the deletion request expire (no decision in time)',
  'deletion-started': 'started deleting it in Aiven',
  'deletion-failed': 'could not delete it',
  'deletion-retried': 'asked to retry the deletion',
  'handed-to-terraform': 'handed it over to Terraform',
  'cidrs-change-requested': 'asked to change its extra CIDRs',
  'cidrs-changed': 'changed its extra CIDRs in Aiven',
  'cidrs-change-failed': 'could not change its extra CIDRs',
};

/** The newest events fit: a long history keeps its latest lines within one section. */
const MAX_EVENTS = 20;

function line(event: AuditEvent): string {
  const who = event.actor === BOT_ACTOR ? 'vpc-peer' : `<@${event.actor}>`;
  const where = event.channelId ? ` in <#${event.channelId}>` : '';
  const why = event.reason ? `: “${escapeText(event.reason)}”` : '';
  const detail = event.detail ? ` (${escapeText(event.detail)})` : '';
  return `• ${slackDate(event.at)} ${who} ${ACTION_WORDS[event.action]}${where}${why}${detail}`;
}

export function renderPeeringHistory(events: readonly AuditEvent[]): KnownBlock[] {
  if (events.length === 0) return [section('*History:* nothing recorded yet.')];
  const shown = events.slice(-MAX_EVENTS);
  const older = events.length - shown.length;
  const header = `*History*${older > 0 ? ` (latest ${shown.length}; ${older} older not shown)` : ''}`;
  return [section([header, ...shown.map(line)].join('\n'))];
}
