// "Replace conflicting routes" with a policy file: a team member's click asks for approval (nothing
// changes yet), then approvers Approve or Reject on the request's message. Each is one
// compare-and-set of the accept record (accept/replace-approval.ts), so concurrent clicks count once
// each and the approval that completes the quorum is the only one that queues the run. Like a
// deletion: the requester never counts, the first rejection ends it, every approval names the rule
// it satisfied. Returns outcomes for the Slack handler to render: this writes and queues only.
import { checkFreeze, freezeClickRefusal } from '../policy/freeze';
import { updateAccept } from './accept/accept-record';
import { acceptRefusal } from './accept/deletion-guard';
import type { ReplaceRequest } from './accept/model';
import {
  approveReplace,
  askReplace,
  type ReplaceAsk,
  type ReplaceDecision,
  rejectReplace,
} from './accept/replace-approval';
import { recordAudit } from './audit';
import type { DecideDeletionDeps } from './decide-deletion';
import { applyApprovedReplaceJob, showReplaceRequestJob } from './job-ids';
import type { PeeringRecord } from './model';
import type { AuditTrail, ClaimStore, PeeringRecordStore } from './ports';
import type { ApprovalRule } from './quorum';

/** The deletion decisions' deps (queue, clock, freezes, approver rules); the accept record's store. */
export interface DecideReplaceDeps extends Omit<DecideDeletionDeps, 'store'> {
  store: PeeringRecordStore & AuditTrail & ClaimStore;
}

export type ReplaceAskOutcome =
  /** The org VPC's rule names nobody: nobody could ever approve. */
  | { kind: 'no-approvers' }
  /** The round moved on (decided, or not a result with conflicts any more). */
  | { kind: 'stale' }
  | { kind: 'rejected'; request: ReplaceRequest }
  | { kind: 'open-already'; request: ReplaceRequest }
  /** The request is stored and its message queued: it waits for `rule`. */
  | { kind: 'asked'; rule: ApprovalRule };

/** A team member's Replace click: opens the request (once per round) and queues its message. */
export async function askReplaceApproval(
  deps: DecideReplaceDeps,
  input: { record: PeeringRecord; round: number; userId: string; channelId: string | undefined },
): Promise<ReplaceAskOutcome> {
  const { record, round, userId } = input;
  const rule = deps.approvalRules.approvalRuleFor(record.orgVpc.name);
  if (rule.approvers.length === 0) return { kind: 'no-approvers' };
  const at = deps.clock.now().toISOString();
  let asked: ReplaceAsk = { kind: 'stale' };
  await updateAccept(deps.store, record.id, (_r, accept) => {
    asked = askReplace(accept, { round, userId, rule, at });
    return asked.kind === 'asked' ? asked.next : undefined;
  });
  const outcome = asked as ReplaceAsk;
  if (outcome.kind !== 'asked') return outcome;
  await recordAudit(deps.store, deps.logger, {
    peeringId: record.id,
    action: 'replace-requested',
    actor: userId,
    at,
    ...(input.channelId ? { channelId: input.channelId } : {}),
    detail: `round ${round}; needs ${rule.required} approval${rule.required > 1 ? 's' : ''}`,
  });
  await deps.queue.enqueue(showReplaceRequestJob(record.id, round, `asked:${at}`));
  return { kind: 'asked', rule };
}

export type ReplaceDecisionOutcome =
  /** No request of this round is open (or the button is not ours): `request` is the latest, if any. */
  | { kind: 'already-decided'; request: ReplaceRequest | undefined }
  | { kind: 'refused'; why: 'own-request' | 'not-approver'; approvers: readonly string[] }
  /** A change freeze is in force (approvals only): the plain-words refusal. */
  | { kind: 'frozen'; refusal: string }
  /** The peering may no longer be accepted (Terraform owns it, deletion approved, ended). */
  | { kind: 'not-acceptable'; refusal: string }
  | { kind: 'already-approved'; request: ReplaceRequest }
  /** Stored; `complete`: this approval completed the quorum and queued the run. */
  | { kind: 'counted' | 'complete' | 'rejected'; request: ReplaceRequest };

export interface ReplaceDecisionInput {
  peeringId: string;
  round: number;
  decision: 'approve' | 'reject';
  userId: string;
  /** Where the click was, for the audit trail. */
  channelId?: string | undefined;
}

export async function decideReplace(
  deps: DecideReplaceDeps,
  input: ReplaceDecisionInput,
): Promise<ReplaceDecisionOutcome> {
  const { userId, round, decision } = input;
  const record = await deps.store.getPeering(input.peeringId);
  const request = record?.accept?.replaceRequest;
  if (!record || !request || request.round !== round) return { kind: 'already-decided', request: undefined };
  if (request.status !== 'open') return { kind: 'already-decided', request };
  // The requester never counts, even as an approver.
  if (userId === request.requestedBy)
    return { kind: 'refused', why: 'own-request', approvers: request.approvers };
  const basis = await deps.approvers.basis(userId, request.approvers);
  if (!basis) return { kind: 'refused', why: 'not-approver', approvers: request.approvers };
  const now = deps.clock.now();
  const at = now.toISOString();
  if (decision === 'approve') {
    const frozen = freezeClickRefusal(
      await checkFreeze(deps.guardrails, { now, userId, what: 'replacing routes' }),
    );
    if (frozen) return { kind: 'frozen', refusal: frozen };
    const refusal = await acceptRefusal(deps.store, record);
    if (refusal) return { kind: 'not-acceptable', refusal };
  }
  const run = applyApprovedReplaceJob(record.id, request);
  let result: ReplaceDecision = { kind: 'decided', request };
  await updateAccept(deps.store, record.id, (_r, accept) => {
    result =
      decision === 'approve'
        ? approveReplace(accept, { round, approval: { userId, at, basis }, runJobId: run.id })
        : rejectReplace(accept, { round, userId, at, basis });
    return 'next' in result ? result.next : undefined;
  });
  const decided = result as ReplaceDecision;
  if (decided.kind === 'already-approved') return decided;
  if (decided.kind === 'decided') return { kind: 'already-decided', request: decided.request };
  await recordAudit(deps.store, deps.logger, {
    peeringId: record.id,
    action:
      decided.kind === 'counted'
        ? 'replace-approval-counted'
        : decided.kind === 'complete'
          ? 'replace-approved'
          : 'replace-rejected',
    actor: userId,
    at,
    ...(input.channelId ? { channelId: input.channelId } : {}),
    detail: decided.tally,
  });
  await deps.queue.enqueue(showReplaceRequestJob(record.id, round, `${decision}:${userId}`));
  if (decided.kind === 'complete') {
    // This write decided the round for the run: the job resumes it (a lost job is ended by the
    // sweeper, which leaves Retry).
    deps.logger.info({ peeringId: record.id, jobId: run.id }, 'Replace approved; run queued');
    await deps.queue.enqueue(run);
  }
  return { kind: decided.kind, request: decided.request };
}
