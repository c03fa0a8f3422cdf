// The deletion request message: everything an approver needs to decide, then the decision itself in
// place of the buttons, so the message becomes the record and cannot be clicked twice.

import type { Button, KnownBlock } from '@slack/types';
import { isAttachment } from '../../peering/accept/attachment-request';
import type { BotRoute, CleanupReport } from '../../peering/accept/model';
import type { DeletionRequest } from '../../peering/deletion';
import { isExternal, type PeeringRecord } from '../../peering/model';
import { count, routeOutcome } from '../../peering/outcome';
import { peerSubject, peerWords } from '../../peering/peer-words';
import { type Approval, approvalsOf, type Quorum, requiredOf } from '../../peering/quorum';
import { routesAfterDeletion, stateName } from '../../peering/states';
import { DELETION_ACTIONS } from '../ids';
import { context, escapeText, plain, section } from './blocks';
import type { SlackMessage } from './message';
import { describeShareRemoval } from './share-removal';

export { DELETION_ACTIONS } from '../ids';

/** Slack renders this in each reader's time zone; the ISO text is the fallback. */
export function slackDate(iso: string): string {
  const epoch = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${epoch}^{date_short_pretty} {time}|${iso}>`;
}

function peeringName(record: PeeringRecord): string {
  return `${escapeText(record.orgVpc.name)} ⟷ ${record.spec.awsVpcId}`;
}

/** What goes, and who loses the path: the lines an approver must read before deciding. */
function consequences(record: PeeringRecord): string {
  const pcx = record.stateInfo?.awsPeeringConnectionId;
  const botRoutes = record.accept?.routes ?? [];
  const tables = new Set(botRoutes.map((r) => r.routeTableId));
  // Only routes vpc-peer itself added are removed; a peering made outside vpc-peer has none.
  const routes =
    botRoutes.length > 0
      ? `, and the ${count(botRoutes.length, 'route')} vpc-peer added in AWS for ${record.orgVpc.cidr} ` +
        `(${count(tables.size, 'route table')} of ${record.spec.awsVpcId})`
      : `. vpc-peer added no routes for it${isExternal(record) ? ' (it was made outside vpc-peer)' : ''}: ` +
        `routes to ${record.orgVpc.cidr} in ${record.spec.awsVpcId} stay until someone removes them in AWS`;
  return [
    `*Will be removed:* Aiven ${peerWords(record.spec).noun} \`${record.aivenPeeringId ?? record.id}\`${pcx ? ` (AWS ${pcx})` : ''}${routes}.`,
    `*Loses the path:* AWS ${peerWords(record.spec).awsSide} ${record.spec.awsVpcId} (account ${record.spec.awsAccountId}, ${record.spec.awsRegion}) ` +
      `⟷ org VPC ${escapeText(record.orgVpc.name)} ${record.orgVpc.cidr} (${record.orgVpc.cloudName}): ` +
      'services on either side can no longer reach each other.',
  ].join('\n');
}

function askedLine(request: DeletionRequest): string {
  const reason = request.reason ? escapeText(request.reason) : '_no reason given_';
  return `*Requested by:* <@${request.requestedBy}> · *Reason:* ${reason}`;
}

/** "<@U0CAROL>, member of <!subteam^S0NETOPS>": who approved and on what authority. */
export const approvalNames = (approvals: readonly Approval[]) =>
  approvals.map((a) => `<@${a.userId}>, ${a.basis}`).join('; ');

/** "1 of 2 approvals: <@U0CAROL>, member of …" and who may still approve, while a quorum is open. */
export function quorumLine(request: Quorum, undecided: readonly string[] | undefined): string {
  const approvals = approvalsOf(request);
  const required = requiredOf(request);
  const so = approvals.length > 0 ? `: ${approvalNames(approvals)}` : '';
  const still =
    undecided && undecided.length > 0
      ? `\n*May still approve:* ${undecided.join(', ')}`
      : undecided
        ? '\n*May still approve:* nobody else is listed; it will expire unless the approvers change.'
        : '';
  return `*${approvals.length} of ${required} approvals*${so}${still}`;
}

function decisionLine(request: DeletionRequest): string {
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  const approvals = approvalsOf(request);
  switch (request.status) {
    case 'approved':
      return approvals.length > 1
        ? `:white_check_mark: *Approved* ${when} (${approvals.length} of ${requiredOf(request)} approvals): ${approvalNames(approvals)}. vpc-peer is deleting the peering; progress follows in the thread.`
        : `:white_check_mark: *Approved* by <@${request.decidedBy}>${approvals[0] ? ` (${approvals[0].basis})` : ''} ${when}. vpc-peer is deleting the peering; progress follows in the thread.`;
    case 'rejected':
      return `:no_entry_sign: *Rejected* by <@${request.decidedBy}> ${when}${approvals.length > 0 ? ` after ${approvals.length} of ${requiredOf(request)} approvals (${approvalNames(approvals)})` : ''}. Nothing was deleted.`;
    case 'cancelled':
      return `:leftwards_arrow_with_hook: *Cancelled* by <@${request.decidedBy}> ${when}. Nothing was deleted.`;
    case 'expired':
      return `:hourglass: *Expired* ${slackDate(request.expiresAt)} without a decision. Nothing was deleted; ask again with \`/vpc-peer delete\`.`;
    default:
      return '';
  }
}

function button(actionId: string, text: string, value: string, style?: Button['style']): Button {
  return { type: 'button', action_id: actionId, text: plain(text, 75), value, ...(style ? { style } : {}) };
}

function decisionButtons(request: DeletionRequest, record: PeeringRecord): KnownBlock {
  const approve = button(DELETION_ACTIONS.approve, 'Approve deletion', request.id, 'danger');
  approve.confirm = {
    title: plain(`Delete this ${peerWords(record.spec).noun}?`, 100),
    text: plain(
      `${record.spec.awsVpcId} loses its path to ${record.orgVpc.name} (${record.orgVpc.cidr}). This cannot be undone.`,
      300,
    ),
    confirm: plain('Delete', 30),
    deny: plain('Keep it', 30),
    style: 'danger',
  };
  return {
    type: 'actions',
    block_id: `deletion_${request.id}`.slice(0, 255),
    elements: [
      approve,
      button(DELETION_ACTIONS.reject, 'Reject', request.id),
      button(DELETION_ACTIONS.cancel, 'Cancel (requester)', request.id),
    ],
  };
}

/**
 * `undecided`: mentions of who may still approve, shown while a request needs more than one approval
 * (the worker expands the user groups; absent, the line is left out).
 */
export function renderDeletionRequest(
  request: DeletionRequest,
  record: PeeringRecord,
  undecided?: readonly string[],
): SlackMessage {
  const open = request.status === 'open';
  const quorum = requiredOf(request) > 1;
  const headline = open
    ? `:warning: *Deletion requested* for VPC peering ${peeringName(record)}`
    : `:wastebasket: *Deletion request* for VPC peering ${peeringName(record)}`;
  const blocks: KnownBlock[] = [
    section(`${headline}\n${consequences(record)}\n${askedLine(request)}`),
    open
      ? section(
          quorum
            ? `*Expires:* ${slackDate(request.expiresAt)} · ${requiredOf(request)} approvers other than <@${request.requestedBy}> must approve it; the first rejection ends it.\n${quorumLine(request, undecided)}`
            : `*Expires:* ${slackDate(request.expiresAt)} · an approver other than <@${request.requestedBy}> must approve it.`,
        )
      : section(decisionLine(request)),
    ...(open ? [decisionButtons(request, record)] : []),
    context(`deletion request ${request.id} · peering request ${record.id}`),
  ];
  const text = open
    ? `Deletion of ${peerWords(record.spec).title} ${record.orgVpc.name} ⟷ ${record.spec.awsVpcId} requested by <@${request.requestedBy}>: ${
        quorum ? `${approvalsOf(request).length} of ${requiredOf(request)} approvals` : 'needs approval'
      }`
    : `Deletion of ${peerWords(record.spec).title} ${record.orgVpc.name} ⟷ ${record.spec.awsVpcId}: ${request.status}`;
  return { text, blocks };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The route cleanup in plain words, one line per route. */
export function describeCleanup(report: CleanupReport): string[] {
  const route = (r: BotRoute) => `${r.destination} → ${r.target} in ${r.routeTableId}`;
  return [
    ...report.removed.map((r) =>
      r.replacedTarget
        ? `Pointed ${r.destination} in ${r.routeTableId} back at ${r.replacedTarget} (it went to ${r.target}).`
        : `Removed the route ${route(r)}.`,
    ),
    ...report.skipped.map(({ route: r, reason }) => `Left the route ${route(r)} alone: ${reason}.`),
  ];
}

/**
 * Thread reply once Aiven accepted the delete, or found it already gone; with what the route cleanup
 * did (record.accept.cleanup) and, from the same facts as the state table, what is left for people.
 */
export function renderDeleting(
  record: PeeringRecord,
  request: DeletionRequest,
  /** AIVEN_AWS_ACCOUNT_ID: an attachment the bot did not share names it in the command by hand. */
  aivenAccountId?: string,
): SlackMessage {
  const routes = record.accept?.cleanup ? describeCleanup(record.accept.cleanup) : [];
  const share = isAttachment(record) ? describeShareRemoval(record, aivenAccountId) : [];
  const peering = `${peerWords(record.spec).noun} \`${record.aivenPeeringId ?? record.id}\``;
  const who = `(requested by <@${request.requestedBy}>, approved by <@${request.decidedBy}>)`;
  const label = stateName(record.state);
  // The job tells what it found: a peering deleted outside vpc-peer meanwhile, or a request that had
  // ended already (its record stays as it was), is not "DELETING".
  const text =
    record.state === 'DELETING'
      ? `:wastebasket: Aiven is deleting ${peering} ${who}. State: *${label}*.`
      : record.state === 'DELETED'
        ? `:wastebasket: ${capitalize(peering)} ${who} was already deleted in Aiven, outside vpc-peer. State: *${label}*.`
        : `:wastebasket: Aiven is deleting ${peering} ${who}. vpc-peer's request for it had already ended (*${label}*), so it stays that way here.`;
  // What is left for people (the routes vpc-peer removed are not among it), as the state table says.
  const next =
    record.state === 'DELETING' || record.state === 'DELETED'
      ? `\n${routesAfterDeletion(record, routeOutcome(record), record.state === 'DELETING' ? 'afterwards' : 'now')}`
      : '';
  const blocks = [section(`${text}${next}`)];
  if (routes.length > 0) {
    blocks.push(
      section(
        `*Routes in AWS account ${record.spec.awsAccountId}:*\n${routes.map((r) => `• ${escapeText(r)}`).join('\n')}`,
      ),
    );
  }
  if (share.length > 0)
    blocks.push(section(`*Share with Aiven (RAM):*\n${share.map((s) => `• ${escapeText(s)}`).join('\n')}`));
  const summary =
    record.state === 'DELETED'
      ? `The ${peerSubject(record.spec)} was already deleted`
      : `Aiven is deleting the ${peerSubject(record.spec)}`;
  return { text: summary, blocks };
}

/** Thread reply when a delete attempt failed: plain words, a log reference and a Retry for approvers. */
export function renderDeleteFailed(
  record: PeeringRecord,
  request: DeletionRequest,
  reason: string,
  reference: string,
): SlackMessage {
  const text =
    `:x: The ${peerSubject(record.spec)} was not deleted: ${escapeText(reason)}\n` +
    'An approver can try again with Retry; nothing is retried on its own.';
  return {
    text: `The ${peerWords(record.spec).noun} was not deleted: ${reason}`,
    blocks: [
      section(text),
      { type: 'actions', elements: [button(DELETION_ACTIONS.retry, 'Retry', request.id, 'danger')] },
      context(`reference: ${reference}`),
    ],
  };
}

/** What replaces the Retry message once someone pressed it. */
export function renderRetryStarted(record: PeeringRecord, userId: string, reason: string): SlackMessage {
  const text =
    `:x: The ${peerSubject(record.spec)} was not deleted: ${escapeText(reason)}\n` +
    `:repeat: <@${userId}> asked to try again.`;
  return { text: `Retry requested by <@${userId}>`, blocks: [section(text)] };
}
