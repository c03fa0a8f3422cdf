// "Replace conflicting routes" changes a route someone else made, so with a policy file it waits for
// approvers like a deletion does (the same quorum, src/peering/quorum.ts). The request lives on the
// accept record; asking, each approval and a rejection are each one compare-and-set of that record
// (updateAccept), and the approval that completes the quorum also claims the round for the run.
import { type Approval, type ApprovalRule, countApproval } from '../quorum';
import type { AcceptRecord, ReplaceRequest } from './model';

export type ReplaceAsk =
  | { kind: 'asked'; next: AcceptRecord }
  /** A request for this round waits already (a second click, a Slack retry), or was rejected. */
  | { kind: 'open-already' | 'rejected'; request: ReplaceRequest }
  /** The round moved on (decided, or not a result with conflicts any more). */
  | { kind: 'stale' };

/** The accept record with a new request, when the clicked round still waits for a decision. */
export function askReplace(
  accept: AcceptRecord | undefined,
  input: { round: number; userId: string; rule: ApprovalRule; at: string },
): ReplaceAsk {
  if (!accept || accept.round !== input.round || accept.status !== 'applied') return { kind: 'stale' };
  const open = accept.replaceRequest;
  // The first rejection ends it for this round: the conflicts stay until someone fixes them by hand.
  if (open?.round === input.round && open.status !== 'approved')
    return { kind: open.status === 'open' ? 'open-already' : 'rejected', request: open };
  const request: ReplaceRequest = {
    round: input.round,
    requestedBy: input.userId,
    requestedAt: input.at,
    approvers: [...input.rule.approvers],
    required: input.rule.required,
    approvals: [],
    status: 'open',
  };
  return { kind: 'asked', next: { ...accept, replaceRequest: request } };
}

export type ReplaceDecision =
  | { kind: 'counted' | 'complete' | 'rejected'; next: AcceptRecord; request: ReplaceRequest; tally: string }
  | { kind: 'already-approved'; request: ReplaceRequest }
  /** No open request for this round: decided, superseded, or never asked. */
  | { kind: 'decided'; request: ReplaceRequest | undefined };

/** The open request of `round`, if any. */
export function openReplaceRequest(
  accept: AcceptRecord | undefined,
  round: number,
): ReplaceRequest | undefined {
  const request = accept?.replaceRequest;
  return request?.round === round && request.status === 'open' && accept?.round === round
    ? request
    : undefined;
}

/**
 * One approval. The one that completes the quorum approves the request and decides the round for
 * the run `runJobId` (as a clicked Replace did before approvals): the job then resumes that run.
 */
export function approveReplace(
  accept: AcceptRecord | undefined,
  input: { round: number; approval: Approval; runJobId: string },
): ReplaceDecision {
  const open = openReplaceRequest(accept, input.round);
  if (!accept || !open || accept.status !== 'applied')
    return { kind: 'decided', request: accept?.replaceRequest };
  const counted = countApproval(open, input.approval);
  if (counted.kind === 'already-approved') return { kind: 'already-approved', request: open };
  const { approvals, tally } = counted;
  if (counted.kind === 'counted') {
    const request = { ...open, approvals };
    return { kind: 'counted', next: { ...accept, replaceRequest: request }, request, tally };
  }
  const at = input.approval.at;
  const request: ReplaceRequest = {
    ...open,
    approvals,
    status: 'approved',
    decidedBy: input.approval.userId,
    decidedAt: at,
  };
  const next: AcceptRecord = {
    ...accept,
    replaceRequest: request,
    status: 'applying',
    round: accept.round + 1,
    runJobId: input.runJobId,
    // The decision is the requester's choice; the request message shows who approved it.
    decidedBy: open.requestedBy,
    decidedAt: at,
    lastMode: 'replace',
  };
  return { kind: 'complete', next, request, tally };
}

/** The first rejection ends the request (a later Replace click of the round is told so). */
export function rejectReplace(
  accept: AcceptRecord | undefined,
  input: { round: number; userId: string; at: string; basis: string },
): ReplaceDecision {
  const open = openReplaceRequest(accept, input.round);
  if (!accept || !open) return { kind: 'decided', request: accept?.replaceRequest };
  const request: ReplaceRequest = {
    ...open,
    status: 'rejected',
    decidedBy: input.userId,
    decidedAt: input.at,
  };
  const tally = `after ${open.approvals.length} of ${open.required} approvals; ${input.basis}`;
  return { kind: 'rejected', next: { ...accept, replaceRequest: request }, request, tally };
}
