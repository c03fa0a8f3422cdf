// Plays the parts of SQS and the Lambda event source mapping that tests need, on moto.
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TEST_REGION } from './aws';

export interface TestQueue {
  url: string;
  arn: string;
}

export async function createQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<TestQueue> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
}

export async function receive(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const { Messages } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages ?? [];
}

export function toLambdaRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body as string,
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount as string,
      SentTimestamp: attributes.SentTimestamp as string,
      SenderId: attributes.SenderId as string,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp as string,
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody as string,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: TEST_REGION,
  };
}

/**
 * Plays the Lambda event source mapping once: receive a batch, run the handler, delete what succeeded.
 * Failures are made visible again at once instead of after the visibility timeout, so the test does
 * not wait.
 */
export async function deliverOnce(
  client: SQSClient,
  queue: TestQueue,
  handle: (event: SQSEvent) => Promise<SQSBatchResponse>,
): Promise<number> {
  const messages = await receive(client, queue.url);
  if (messages.length === 0) return 0;
  const event: SQSEvent = { Records: messages.map((m) => toLambdaRecord(m, queue.arn)) };
  const { batchItemFailures } = await handle(event);
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  for (const record of event.Records) {
    const ReceiptHandle = record.receiptHandle;
    if (failed.has(record.messageId)) {
      await client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle, VisibilityTimeout: 0 }),
      );
    } else {
      await client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle }));
    }
  }
  return messages.length;
}
