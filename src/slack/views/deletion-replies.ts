// Private answers about deletion requests: refusals and "too late" notes only the clicker sees.
import type { DeletionRequest } from '../../peering/deletion';
import { approvalsOf, requiredOf } from '../../peering/quorum';
import { slackDate } from './deletion-request';

export function renderNoApprovers(): string {
  return (
    ':no_entry: Deleting a peering needs an approver, and none is set up. ' +
    'Ask your vpc-peer administrators to set APPROVERS (Slack user ids U… or user group ids S…).'
  );
}

/** `approvers`: who may decide, as mentions (Policy.approverMentions). */
export function renderNotApprover(approvers: string): string {
  return (
    ':no_entry: Only an approver may approve, reject or retry a deletion' +
    (approvers ? `; ask one of them: ${approvers}` : '') +
    '. Nothing changed.'
  );
}

export function renderOwnRequest(approvers: string): string {
  return (
    ':no_entry: You asked for this deletion, so another approver must decide' +
    (approvers ? ` (approvers: ${approvers})` : '') +
    '. You may cancel it. Nothing changed.'
  );
}

export function renderNotRequester(request: DeletionRequest): string {
  return `:no_entry: Only <@${request.requestedBy}>, who asked, may cancel this request. Nothing changed.`;
}

export function renderAlreadyDecided(request: DeletionRequest): string {
  if (request.status === 'expired') {
    return `:hourglass: This request expired ${slackDate(request.expiresAt)}. Nothing changed; ask again with \`/vpc-peer delete\`.`;
  }
  const when = request.decidedAt ? ` ${slackDate(request.decidedAt)}` : '';
  return `:information_source: This request was already ${request.status} by <@${request.decidedBy}>${when}. Nothing changed.`;
}

/** A second click by an approver whose approval already counts. */
export function renderAlreadyApproved(request: DeletionRequest): string {
  return (
    `:information_source: Your approval already counts (${approvalsOf(request).length} of ` +
    `${requiredOf(request)} approvals); a second click does not count again. Nothing changed.`
  );
}

export function renderNothingToRetry(request: DeletionRequest): string {
  return request.status === 'approved'
    ? ':information_source: This deletion is already being tried again. Nothing changed.'
    : renderAlreadyDecided(request);
}

export function renderOpenRequestExists(request: DeletionRequest): string {
  return (
    `A deletion request for this peering is already open: asked by <@${request.requestedBy}>, ` +
    `expires ${request.expiresAt}. Decide or cancel that one first.`
  );
}
