// Every job's id, built in one place. A job id is its idempotency key (the durable queue, SQS
// deduplication, `job:<id>` claims), so two places building "the same" job must agree on it exactly:
// the sweeper re-queues what a handler queued, and only the same id makes that harmless.
import type { ReplaceRequest } from './accept/model';
import type { Job } from './ports';

type JobOf<K extends Job['kind']> = Extract<Job, { kind: K }>;

/**
 * Posts a deletion request's message (`open`) or rewrites it to show its decision (`decided`, or one
 * per counted approval: `approval-<user>`); without `why`, a direct show that is not queued.
 */
export function showDeletionRequestJob(requestId: string, why?: string): JobOf<'show-deletion-request'> {
  const id = `show-deletion-request:${requestId}${why === undefined ? '' : `:${why}`}`;
  return { kind: 'show-deletion-request', id, requestId };
}

/** One delete per attempt: attempt 1 after approval, +1 per Retry. */
export function deletePeeringJob(requestId: string, attempt: number): JobOf<'delete-peering'> {
  return { kind: 'delete-peering', id: `delete-peering:${requestId}:${attempt}`, requestId, attempt };
}

/** Creates the peering in Aiven; one per record (the sweeper re-queues the same id). */
export function createPeeringJob(peeringId: string, responseUrl?: string): JobOf<'create-peering'> {
  return {
    kind: 'create-peering',
    id: `create-${peeringId}`,
    peeringId,
    ...(responseUrl ? { responseUrl } : {}),
  };
}

/** One check of the fast watch; each check queues the next with its own time in the id. */
export function watchPeeringId(peeringId: string, now: Date): string {
  return `watch:${peeringId}:${now.toISOString()}`;
}

/** One plan per AWS connection: a second report of the same change is harmless. */
export function planAcceptJob(peeringId: string, pcxId: string): JobOf<'plan-accept'> {
  return { kind: 'plan-accept', id: `plan-accept:${peeringId}:${pcxId}`, peeringId, pcxId };
}

/**
 * One per click (Slack's retries of the same click share `action_ts`): the job's compare-and-set picks
 * which click of a round wins.
 */
export function applyAcceptJob(
  click: Omit<JobOf<'apply-accept'>, 'kind' | 'id'>,
  actionTs: string,
): JobOf<'apply-accept'> {
  const { peeringId, round, mode, userId } = click;
  return {
    kind: 'apply-accept',
    id: `apply-accept:${peeringId}:${round}:${mode}:${userId}:${actionTs}`,
    peeringId,
    round,
    mode,
    userId,
  };
}

/**
 * The run of an approved Replace: one per request, so redeliveries resume the same run. It runs as
 * the requester's choice (the request message shows who approved it).
 */
export function applyApprovedReplaceJob(
  peeringId: string,
  request: Pick<ReplaceRequest, 'round' | 'requestedAt' | 'requestedBy'>,
): JobOf<'apply-accept'> {
  return {
    kind: 'apply-accept',
    id: `apply-accept:${peeringId}:${request.round}:replace:approved:${request.requestedAt}`,
    peeringId,
    round: request.round,
    mode: 'replace',
    userId: request.requestedBy,
  };
}

/** Posts a Replace request's message (`asked:<at>`) or rewrites it after each decision (`approve:<user>`). */
export function showReplaceRequestJob(
  peeringId: string,
  round: number,
  why: string,
): JobOf<'show-replace-request'> {
  return {
    kind: 'show-replace-request',
    id: `show-replace-request:${peeringId}:${round}:${why}`,
    peeringId,
    round,
  };
}

/** Sends one pending extra-CIDR change to Aiven, once. */
export function changePeerCidrsJob(peeringId: string, changeId: string): JobOf<'change-peer-cidrs'> {
  return { kind: 'change-peer-cidrs', id: `change-peer-cidrs:${changeId}`, peeringId, changeId };
}

/** Tells a hand-over to Terraform, once per peering. */
export function tellHandOverJob(peeringId: string): JobOf<'tell-hand-over'> {
  return { kind: 'tell-hand-over', id: `tell-hand-over:${peeringId}`, peeringId };
}

/**
 * Shares the Terraform file in the peering's thread: one job per ask (`askId`); the file itself goes
 * out once per content whatever the number of asks (src/slack/file-delivery.ts).
 */
export function shareTerraformFileJob(
  peeringId: string,
  userId: string,
  askId: string,
): JobOf<'share-terraform-file'> {
  return {
    kind: 'share-terraform-file',
    id: `share-terraform-file:${peeringId}:${askId}`,
    peeringId,
    userId,
  };
}

/** `/vpc-peer delete <id>` looked up in Aiven: one per command (its trigger id). */
export function findPeeringForDeletionJob(
  triggerId: string,
  lookup: Omit<JobOf<'find-peering-for-deletion'>, 'kind' | 'id'>,
): JobOf<'find-peering-for-deletion'> {
  return { kind: 'find-peering-for-deletion', id: `find-peering-for-deletion:${triggerId}`, ...lookup };
}
