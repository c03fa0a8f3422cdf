// The DynamoDB store of the Lambda functions, in a module of its own that aws.ts imports on first use.
// Apart from the SQS queue (aws-queue.ts): most requests and every poller run read the store without
// sending a job, and so do not load the SQS client.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeDynamoStore } from '../adapters/store/dynamodb';
import type { Store } from '../adapters/store/roles';

export function buildDynamoStore(tableName: string): Store {
  return makeDynamoStore({ client: new DynamoDBClient({ maxAttempts: 3 }), tableName });
}
