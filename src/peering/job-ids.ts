// Every job's id, built in one place. A job id is its idempotency key (the durable queue, SQS
// deduplication, `job:<id>` claims), so two places building "the same" job must agree on it exactly:
// the sweeper re-queues what a handler queued, and only the same id makes that harmless.
import type { Job } from './ports';

type JobOf<K extends Job['kind']> = Extract<Job, { kind: K }>;

/**
 * Posts a deletion request's message (`open`) or rewrites it to show its decision (`decided`, or one
 * per counted approval: `approval-<user>`).
 */
export function showDeletionRequestJob(requestId: string, why: string): JobOf<'show-deletion-request'> {
  return { kind: 'show-deletion-request', id: `show-deletion-request:${requestId}:${why}`, requestId };
}

/** One delete per attempt: attempt 1 after approval, +1 per Retry. */
export function deletePeeringJob(requestId: string, attempt: number): JobOf<'delete-peering'> {
  return { kind: 'delete-peering', id: `delete-peering:${requestId}:${attempt}`, requestId, attempt };
}
