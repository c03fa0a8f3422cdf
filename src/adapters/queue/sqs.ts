import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { JobContext } from '../../jobs';
import type { Logger } from '../../logger';
import { type Job, type JobQueue, MAX_JOB_DELAY_SECONDS } from '../../peering/ports';
import { JOB_PARSE, jobSchema, parseJob } from './job-schema';

export function makeSqsQueue(options: { client: SQSClient; queueUrl: string }): JobQueue {
  return {
    async enqueue(job, enqueueOptions) {
      // Validate on the way in: a bad job found here is a bug report, found by the worker it is a DLQ entry.
      const body = JSON.stringify(jobSchema.parse(job, JOB_PARSE));
      const delay = enqueueOptions?.delaySeconds;
      await options.client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: body,
          ...(delay ? { DelaySeconds: clampDelay(delay) } : {}),
        }),
      );
    },
  };
}

export function clampDelay(seconds: number): number {
  return Math.max(0, Math.min(MAX_JOB_DELAY_SECONDS, Math.round(seconds)));
}

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

/** SQS ChangeMessageVisibility for the worker: a failed job comes back in seconds, not minutes. */
export function makeSqsRetry(options: { client: SQSClient; queueUrl: string }) {
  return async (receiptHandle: string, seconds: number): Promise<void> => {
    await options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: options.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  };
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
