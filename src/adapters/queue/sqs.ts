import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type JobQueue, MAX_JOB_DELAY_SECONDS } from '../../peering/ports';
import { JOB_PARSE, jobSchema } from './job-schema';

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
