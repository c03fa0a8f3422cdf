// The AWS adapters used on Lambda: DynamoDB store and SQS queue. Clients honour the SDK's standard
// variables (AWS_REGION, AWS_ENDPOINT_URL, credentials), which is also how tests point them at moto.
// Both are loaded and built on first use (lazy.ts): requests that touch neither start faster.
import type { Store } from '../adapters/store/roles';
import type { Config } from '../config';
import { once } from '../once';
import type { JobQueue } from '../peering/ports';
import { lazyPort } from './lazy';

const loadStore = () => import('./aws-store.js');
const loadQueue = () => import('./aws-queue.js');

export function makeAwsStore(config: Config): Store {
  if (config.store.kind !== 'dynamodb') throw new Error('DYNAMODB_TABLE is required on AWS Lambda');
  const tableName = config.store.table;
  return lazyPort(async () => (await loadStore()).buildDynamoStore(tableName));
}

export function makeAwsQueue(config: Config): JobQueue {
  if (config.queue.kind !== 'sqs') throw new Error('JOBS_QUEUE_URL is required on AWS Lambda');
  const queueUrl = config.queue.url;
  return lazyPort(async () => (await loadQueue()).buildSqsQueue(queueUrl));
}

/** The worker's way to bring a failed job back sooner (sqs:ChangeMessageVisibility). */
export function makeAwsRetry(config: Config): (receiptHandle: string, seconds: number) => Promise<void> {
  if (config.queue.kind !== 'sqs') throw new Error('JOBS_QUEUE_URL is required on AWS Lambda');
  const queueUrl = config.queue.url;
  const retry = once(async () => (await loadQueue()).buildSqsRetry(queueUrl));
  return async (receiptHandle, seconds) => (await retry())(receiptHandle, seconds);
}
