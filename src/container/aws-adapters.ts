// The AWS adapters of the Lambda functions, in one module that aws.ts imports on first use: one
// dynamic import, so the ES module bundle reads one group of chunks for the store and the queue
// together instead of a second group in the middle of a request.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { makeSqsQueue, makeSqsRetry } from '../adapters/queue/sqs';
import { makeDynamoStore } from '../adapters/store/dynamodb';
import type { JobQueue, PeeringStore } from '../peering/ports';

export function buildDynamoStore(tableName: string): PeeringStore {
  return makeDynamoStore({ client: new DynamoDBClient({ maxAttempts: 3 }), tableName });
}

export function buildSqsQueue(queueUrl: string): JobQueue {
  return makeSqsQueue({ client: new SQSClient({ maxAttempts: 3 }), queueUrl });
}

export function buildSqsRetry(queueUrl: string): (receiptHandle: string, seconds: number) => Promise<void> {
  return makeSqsRetry({ client: new SQSClient({ maxAttempts: 3 }), queueUrl });
}
