// The SQS jobs queue of the Lambda functions, imported by aws.ts on the first send or retry.
import { SQSClient } from '@aws-sdk/client-sqs';
import { makeSqsQueue, makeSqsRetry } from '../adapters/queue/sqs';
import type { JobQueue } from '../peering/ports';

export function buildSqsQueue(queueUrl: string): JobQueue {
  return makeSqsQueue({ client: new SQSClient({ maxAttempts: 3 }), queueUrl });
}

export function buildSqsRetry(queueUrl: string): (receiptHandle: string, seconds: number) => Promise<void> {
  return makeSqsRetry({ client: new SQSClient({ maxAttempts: 3 }), queueUrl });
}
