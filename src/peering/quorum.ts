// Approvals that match the risk: a deletion may need more than one approver. Each approval is its own
// conditional write (the store applies applyApproval); the request is approved when the last needed
// approval lands, and only then is its delete job queued.
import { type Approval, type AuditEvent, applyDecision, type DeletionRequest } from './deletion';

/** Who may approve changes to one org VPC, and how many distinct approvers it takes. */
export interface ApprovalRule {
  /** Slack user ids and user group ids (S...). */
  approvers: readonly string[];
  /** Distinct approvers needed, never counting the requester. */
  required: number;
}

/**
 * The port the policy file implements (issue 17 item 1); until then the settings APPROVERS and
 * APPROVALS_REQUIRED are the one rule for every org VPC.
 */
export interface ApprovalRules {
  approvalRuleFor(orgVpcName: string): ApprovalRule;
}

export function approvalRulesFromSettings(settings: {
  approvers: readonly string[];
  approvalsRequired?: number;
}): ApprovalRules {
  const rule: ApprovalRule = { approvers: settings.approvers, required: settings.approvalsRequired ?? 1 };
  return { approvalRuleFor: () => rule };
}

export type { Approval } from './deletion';

/** The rule a request was asked under; requests stored before quorums fall back to today's rule. */
export function ruleOf(request: DeletionRequest, fallback: ApprovalRule): ApprovalRule {
  return {
    approvers: request.approvers ?? fallback.approvers,
    required: request.required ?? fallback.required,
  };
}

/**
 * What a quorum counts, whatever it approves: a deletion request, or a request to replace conflicting
 * routes (src/peering/accept/replace-approval.ts). The requester never counts.
 */
export interface Quorum {
  requestedBy: string;
  /** The rule's approvers, as asked under. */
  approvers?: readonly string[];
  required?: number;
  approvals?: readonly Approval[];
}

/** Requests stored before quorums (no `required`) needed one approval. */
export const requiredOf = (request: Quorum): number => request.required ?? 1;
export const approvalsOf = (request: Quorum): readonly Approval[] => request.approvals ?? [];

export type ApprovalCount =
  /** This approver's approval counts already: nothing to write. */
  | { kind: 'already-approved' }
  /** `approvals` with this one added; `complete` when they reach `required`. `tally`: "1 of 2 approvals; member of …". */
  | { kind: 'counted' | 'complete'; approvals: Approval[]; tally: string };

/** One more approval of an open quorum: every kind of request counts approvals with this. */
export function countApproval(quorum: Quorum, approval: Approval): ApprovalCount {
  const approvals = approvalsOf(quorum);
  if (approvals.some((a) => a.userId === approval.userId)) return { kind: 'already-approved' };
  const next = [...approvals, approval];
  const required = requiredOf(quorum);
  const tally = `${next.length} of ${required} approvals; ${approval.basis}`;
  return { kind: next.length >= required ? 'complete' : 'counted', approvals: next, tally };
}

export type ApprovalResult =
  | { kind: 'counted' | 'complete'; request: DeletionRequest; event: AuditEvent }
  /** Not written: this approver's approval counts already, or the request is no longer open. */
  | { kind: 'already-approved' | 'decided'; request: DeletionRequest };

/**
 * The request after one more approval, and its audit event: both stores apply approvals with this, so
 * they agree. `event` is the approval's decision event (action deletion-approved); an approval that
 * does not yet complete the quorum is recorded as deletion-approval-counted.
 */
export function applyApproval(
  current: DeletionRequest,
  approval: Approval,
  event: AuditEvent,
): ApprovalResult {
  if (current.status !== 'open') return { kind: 'decided', request: current };
  const counted = countApproval(current, approval);
  if (counted.kind === 'already-approved') return { kind: 'already-approved', request: current };
  const { approvals: next, tally } = counted;
  const required = requiredOf(current);
  if (counted.kind === 'complete') {
    const decided = applyDecision(current, 'approved', approval.userId, new Date(approval.at));
    return {
      kind: 'complete',
      request: { ...decided, approvals: next },
      event: required > 1 ? { ...event, detail: tally } : event,
    };
  }
  return {
    kind: 'counted',
    request: { ...current, approvals: next, version: current.version + 1 },
    event: { ...event, action: 'deletion-approval-counted', detail: tally },
  };
}

/** When the approvers who have not decided are reminded: at 80% of the request's time to live. */
export function warnAt(request: DeletionRequest): number {
  const requested = Date.parse(request.requestedAt);
  return requested + 0.8 * (Date.parse(request.expiresAt) - requested);
}
