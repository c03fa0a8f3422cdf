// The worker's side of the jobs queue: one SQS batch in, partial batch failures out. It needs no SQS
// client (Lambda delivers the batch), so it is a module apart from sqs.ts and the worker does not load
// the SQS client at start-up (sqs.ts's retry is loaded on a job's first failure).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { JobContext } from '../../jobs';
import type { Logger } from '../../logger';
import type { Job } from '../../peering/ports';
import { parseJob } from './job-schema';

export interface SqsBatchOptions {
  runJob: (job: Job, context?: JobContext) => Promise<void>;
  /** Called when a job fails on its last delivery, before the message moves to the dead-letter queue. */
  onFinalFailure: (job: Job, error: unknown) => Promise<void>;
  logger: Logger;
  /** The queue's redrive policy maxReceiveCount: the delivery with this count is the last. */
  maxReceiveCount: number;
  /** The Lambda invocation's remaining time (context.getRemainingTimeInMillis). */
  remainingMs?: () => number;
  /** Brings a failed message back sooner than the queue's visibility timeout. */
  retryIn?: (receiptHandle: string, seconds: number) => Promise<void>;
}

/**
 * Time kept back from every job for reporting: the last delivery must still be able to tell the
 * user (Slack calls of 10 s at most) before Lambda stops the invocation.
 */
export const REPORT_RESERVE_MS = 20_000;

/** Seconds until a failed job is tried again: 15 s, then 30 s, 60 s... (at most 5 minutes). */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(15 * 2 ** (receiveCount - 1), 300);
}

/**
 * Lambda handler body for the jobs queue (ReportBatchItemFailures): failed messages are left on the
 * queue for SQS to redeliver, and the rest of the batch is deleted.
 */
export async function handleSqsBatch(event: SQSEvent, options: SqsBatchOptions): Promise<SQSBatchResponse> {
  const outcomes = await Promise.all(event.Records.map((record) => handleRecord(record, options)));
  return {
    batchItemFailures: event.Records.filter((_, index) => !outcomes[index]).map((record) => ({
      itemIdentifier: record.messageId,
    })),
  };
}

/** True when the message is done with (success), false when SQS should keep it. */
async function handleRecord(record: SQSRecord, options: SqsBatchOptions): Promise<boolean> {
  const { logger } = options;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  const context = { messageId: record.messageId, receiveCount, maxReceiveCount: options.maxReceiveCount };

  let job: Job;
  try {
    job = parseJob(record.body);
  } catch (error) {
    // Retrying cannot fix a malformed body; failing sends it to the DLQ where someone can look at it.
    logger.error({ ...context, err: error }, 'jobs queue message is not a valid job');
    return false;
  }

  const jobContext = { ...context, jobKind: job.kind, jobId: job.id };
  const remaining = options.remainingMs?.();
  const run: JobContext | undefined =
    remaining === undefined ? undefined : { deadline: Date.now() + remaining - REPORT_RESERVE_MS };
  try {
    await options.runJob(job, run);
    return true;
  } catch (error) {
    if (receiveCount < options.maxReceiveCount) {
      const delay = retryDelaySeconds(receiveCount);
      logger.warn({ ...jobContext, err: error, retryInSeconds: delay }, 'job failed; SQS will redeliver it');
      await options
        .retryIn?.(record.receiptHandle, delay)
        .catch((visibilityError: unknown) =>
          logger.warn({ ...jobContext, err: visibilityError }, 'could not bring the retry forward'),
        );
      return false;
    }
    logger.error({ ...jobContext, err: error }, 'job failed on its last delivery; moving to the DLQ');
    try {
      await options.onFinalFailure(job, error);
    } catch (reportError) {
      logger.error({ ...jobContext, err: reportError }, 'reporting the failed job failed too');
    }
    return false;
  }
}
