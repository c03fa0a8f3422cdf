import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../logger';
import type { Job, JobQueue } from '../../peering/ports';
import { JOB_PARSE, jobSchema, parseJob } from './job-schema';

export function makeSqsQueue(options: { client: SQSClient; queueUrl: string }): JobQueue {
  return {
    async enqueue(job) {
      // Validate on the way in: a bad job found here is a bug report, found by the worker it is a DLQ entry.
      const body = JSON.stringify(jobSchema.parse(job, JOB_PARSE));
      await options.client.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body }));
    },
  };
}

export interface SqsBatchOptions {
  runJob: (job: Job) => Promise<void>;
  /** Called when a job fails on its last delivery, before the message moves to the dead-letter queue. */
  onFinalFailure: (job: Job, error: unknown) => Promise<void>;
  logger: Logger;
  /** The queue's redrive policy maxReceiveCount: the delivery with this count is the last. */
  maxReceiveCount: number;
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
  try {
    await options.runJob(job);
    return true;
  } catch (error) {
    if (receiveCount < options.maxReceiveCount) {
      logger.warn({ ...jobContext, err: error }, 'job failed; SQS will redeliver it');
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
