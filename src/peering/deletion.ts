// Deleting a peering takes two people: one asks, an approver other than them decides. These are the
// plain data and rules of that; the store makes "the first decision wins" atomic.
import type { Approval } from './approval';
import type { PeeringRecord, SlackThread } from './model';

export type { Approval } from './approval';

export type DeletionDecision = 'approved' | 'rejected' | 'cancelled' | 'expired';
export type DeletionStatus = 'open' | DeletionDecision;

/** A request to delete one peering, waiting for (or after) its one decision. */
export interface DeletionRequest {
  id: string;
  peeringId: string;
  requestedBy: string;
  /** Where the request was made (the modal's channel or the clicked message's channel). */
  channelId: string;
  reason?: string;
  requestedAt: string;
  expiresAt: string;
  status: DeletionStatus;
  /** Slack user id of who decided; absent when the request expired. */
  decidedBy?: string;
  decidedAt?: string;
  /** The request message with the buttons, once posted. */
  message?: SlackThread;
  /** Delete attempts started: 1 after approval, +1 per Retry. */
  attempt: number;
  /** Why the last attempt failed, in plain words; cleared by Retry. */
  failure?: string;
  /** When the last Retry started the current attempt (the approval started the first: decidedAt). */
  retriedAt?: string;
  /**
   * When the sweep found the delete through (the peering deleting or ended): the request leaves the
   * store's list of approved deletions to resume (listApprovedDeletionRequests).
   */
  settledAt?: string;
  /** Distinct approvers needed (absent: 1) and who may approve, fixed when it was asked for. */
  required?: number;
  approvers?: readonly string[];
  /** The approvals so far, oldest first (src/peering/quorum.ts). */
  approvals?: readonly Approval[];
  /** Optimistic-lock counter for updateDeletionRequest. */
  version: number;
}

export type DeletionRequestPatch = Partial<
  Pick<DeletionRequest, 'message' | 'attempt' | 'failure' | 'retriedAt' | 'settledAt'>
>;

export type AuditAction =
  /** Aiven created the peering (detail: its id and state) or refused it (detail: why). */
  | 'peering-created'
  | 'create-failed'
  /** Aiven reported a new state, or vpc-peer concluded one (EXPIRED); detail: "Approved → …". */
  | 'state-changed'
  /** Accept in AWS: the plan was posted, the request accepted, routes added (detail: which). */
  | 'plan-posted'
  | 'accepted-in-aws'
  | 'routes-added'
  /** The deletion's cleanup of vpc-peer's routes (detail: removed and left). */
  | 'routes-removed'
  | 'deletion-requested'
  /** A change made during a change freeze by one of its override members (reason: theirs). */
  | 'freeze-overridden'
  | 'deletion-approved'
  /** One approval of several needed (detail: "1 of 2 approvals; member of …"). */
  | 'deletion-approval-counted'
  | 'deletion-rejected'
  | 'deletion-cancelled'
  | 'deletion-expired'
  | 'deletion-started'
  | 'deletion-failed'
  | 'deletion-retried'
  /** Replace conflicting routes, waiting for approvers (policy file): asked, each approval, the end. */
  | 'replace-requested'
  | 'replace-approval-counted'
  | 'replace-approved'
  | 'replace-rejected'
  /** Hand-off to Terraform ("Managed by Terraform now"): vpc-peer stops changing the peering. */
  | 'handed-to-terraform'
  /** Editing the extra CIDRs of a live peering: asked, then Aiven's answer. */
  | 'cidrs-change-requested'
  | 'cidrs-changed'
  | 'cidrs-change-failed'
  /** Reconcile found the extra CIDRs changed in Aiven by someone outside vpc-peer (detail: before → after). */
  | 'cidrs-changed-outside';

/** One line of a peering's history: who did what, when, where and why. */
export interface AuditEvent {
  peeringId: string;
  action: AuditAction;
  /** Slack user id, or BOT_ACTOR for what vpc-peer did on its own (expiry, outcomes). */
  actor: string;
  at: string;
  channelId?: string;
  reason?: string;
  requestId?: string;
  /** Plain words for outcomes, e.g. why a delete failed. */
  detail?: string;
}

export const BOT_ACTOR = 'vpc-peer';

const DECISION_ACTIONS: Record<DeletionDecision, AuditAction> = {
  approved: 'deletion-approved',
  rejected: 'deletion-rejected',
  cancelled: 'deletion-cancelled',
  expired: 'deletion-expired',
};

export function decisionEvent(
  request: DeletionRequest,
  decision: DeletionDecision,
  actor: string,
  at: Date,
): AuditEvent {
  return {
    peeringId: request.peeringId,
    action: DECISION_ACTIONS[decision],
    actor,
    at: at.toISOString(),
    channelId: request.channelId,
    requestId: request.id,
  };
}

/** The request after its decision: both stores apply decisions with this, so they agree. */
export function applyDecision(
  request: DeletionRequest,
  decision: DeletionDecision,
  actor: string,
  at: Date,
): DeletionRequest {
  return {
    ...request,
    status: decision,
    ...(decision === 'expired' ? {} : { decidedBy: actor }),
    decidedAt: at.toISOString(),
    // The first delete attempt starts with the approval; Retry counts on from there.
    attempt: decision === 'approved' ? 1 : request.attempt,
    version: request.version + 1,
  };
}

export function isExpired(request: DeletionRequest, now: Date): boolean {
  return request.status === 'open' && now.getTime() >= Date.parse(request.expiresAt);
}

/** A peering can be asked to be deleted once Aiven has it and while it is not already going. */
export function isDeletable(record: PeeringRecord): boolean {
  return (
    record.aivenPeeringId !== undefined &&
    record.state !== 'DELETING' &&
    record.state !== 'DELETED' &&
    record.state !== 'CREATE_FAILED'
  );
}

/**
 * A compare-and-set that re-reads and tries again when a concurrent writer got there first (a
 * decision, the reconcile loop); gives up after a few tries rather than spin.
 */
export async function writeWithRereads<T>(
  current: T,
  write: (current: T) => Promise<T>,
  reread: () => Promise<T | undefined>,
  isStale: (error: unknown) => boolean,
): Promise<T> {
  let latest = current;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(latest);
    } catch (error) {
      if (!isStale(error) || attempt >= 5) throw error;
      latest = (await reread()) ?? latest;
    }
  }
}
