// The AWS adapters used on Lambda: DynamoDB store and SQS queue. Clients honour the SDK's standard
// variables (AWS_REGION, AWS_ENDPOINT_URL, credentials), which is also how tests point them at moto.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { makeSqsQueue, makeSqsRetry } from '../adapters/queue/sqs';
import { makeDynamoStore } from '../adapters/store/dynamodb';
import type { Config } from '../config';
import type { JobQueue, PeeringStore } from '../peering/ports';

export function makeAwsStore(config: Config): PeeringStore {
  if (config.store.kind !== 'dynamodb') throw new Error('DYNAMODB_TABLE is required on AWS Lambda');
  return makeDynamoStore({ client: new DynamoDBClient({ maxAttempts: 3 }), tableName: config.store.table });
}

export function makeAwsQueue(config: Config): JobQueue {
  if (config.queue.kind !== 'sqs') throw new Error('JOBS_QUEUE_URL is required on AWS Lambda');
  return makeSqsQueue({ client: new SQSClient({ maxAttempts: 3 }), queueUrl: config.queue.url });
}

/** The worker's way to bring a failed job back sooner (sqs:ChangeMessageVisibility). */
export function makeAwsRetry(config: Config) {
  if (config.queue.kind !== 'sqs') throw new Error('JOBS_QUEUE_URL is required on AWS Lambda');
  return makeSqsRetry({ client: new SQSClient({ maxAttempts: 3 }), queueUrl: config.queue.url });
}
