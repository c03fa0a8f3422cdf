// The thread message of a "Replace conflicting routes" waiting for approvers (policy file): which
// routes would change, who asked, the tally and who may still approve, then the outcome in place of
// the buttons. Pure builder; the quorum's words are the deletion request's (quorumLine).
import type { Button, KnownBlock } from '@slack/types';
import type { ReplaceRequest } from '../../peering/accept/model';
import type { PeeringRecord } from '../../peering/model';
import { count } from '../../peering/outcome';
import { REPLACE_APPROVAL_ACTIONS } from '../ids';
import type { AcceptButtonValue } from './accept';
import { context, escapeText, section } from './blocks';
import { approvalNames, quorumLine, slackDate } from './deletion-request';
import type { SlackMessage } from './peering-message';

function button(action: keyof typeof REPLACE_APPROVAL_ACTIONS, value: AcceptButtonValue): Button {
  return {
    type: 'button',
    action_id: REPLACE_APPROVAL_ACTIONS[action],
    text: { type: 'plain_text', text: action === 'approve' ? 'Approve' : 'Reject' },
    value: JSON.stringify(value),
    style: action === 'approve' ? 'primary' : 'danger',
  };
}

function outcomeLine(request: ReplaceRequest): string {
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  const approvals = request.approvals;
  if (request.status === 'approved')
    return `:white_check_mark: *Approved* ${when} (${approvals.length} of ${request.required} approvals): ${approvalNames(approvals)}. vpc-peer is replacing the routes; the result follows in the thread.`;
  return `:no_entry_sign: *Rejected* by <@${request.decidedBy}> ${when}${approvals.length > 0 ? ` after ${approvals.length} of ${request.required} approvals (${approvalNames(approvals)})` : ''}. No route was changed.`;
}

/** `undecided`: mentions of who may still approve (the worker expands user groups). */
export function renderReplaceRequest(
  record: PeeringRecord,
  request: ReplaceRequest,
  undecided?: readonly string[],
): SlackMessage {
  const pcx = record.accept?.pcxId ?? '?';
  const conflicts = record.accept?.lastOutcome?.conflicts ?? [];
  const open = request.status === 'open';
  const lines = [
    `${open ? ':warning:' : ':arrows_counterclockwise:'} *Replace conflicting routes* in ${record.spec.awsVpcId} (account ${record.spec.awsAccountId}), asked by <@${request.requestedBy}>`,
    `${count(conflicts.length, 'route')} made by someone else would point to \`${pcx}\` (org VPC ${escapeText(record.orgVpc.name)}) instead:`,
    ...conflicts.map(
      (c) => `• \`${c.destination}\` in \`${c.routeTableId}\` goes to \`${escapeText(c.currentTarget)}\` now`,
    ),
  ];
  const value = { peeringId: record.id, round: request.round };
  const blocks: KnownBlock[] = [
    section(lines.join('\n')),
    open
      ? section(
          `It changes a route someone else made, so ${request.required} approver${request.required > 1 ? 's' : ''} other than <@${request.requestedBy}> must approve it; the first rejection ends it.\n${quorumLine(request, undecided)}`,
        )
      : section(outcomeLine(request)),
    ...(open
      ? [
          {
            type: 'actions',
            block_id: 'replace_request',
            elements: [button('approve', value), button('reject', value)],
          } as KnownBlock,
        ]
      : []),
    context(`peering request ${record.id} · round ${request.round}`),
  ];
  const text = open
    ? `Replace conflicting routes in ${record.spec.awsVpcId}, asked by <@${request.requestedBy}>: ${request.approvals.length} of ${request.required} approvals`
    : `Replace conflicting routes in ${record.spec.awsVpcId}: ${request.status}`;
  return { text, blocks };
}
