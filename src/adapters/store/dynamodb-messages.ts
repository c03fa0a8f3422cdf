// Message intents on DynamoDB (pk `message#<key>`, see the table layout in dynamodb.ts): the store
// side of posting each Slack message at most once (src/slack/delivery.ts).
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageIntent, MessageIntentStore } from '../../slack/message-intents';
import { ABSENT, errorName, plain } from './dynamodb-common';

export function makeDynamoMessageIntents(doc: DynamoDBDocumentClient, TableName: string): MessageIntentStore {
  const pk = (key: string) => `message#${key}`;

  /** Sends a conditional write: true when written, false when its condition failed. */
  const conditionally = async (command: PutCommand | DeleteCommand): Promise<boolean> => {
    try {
      await doc.send(command as PutCommand);
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  return {
    async getMessageIntent(key) {
      const { Item } = await doc.send(
        new GetCommand({ TableName, Key: { pk: pk(key) }, ConsistentRead: true }),
      );
      return Item?.intent as MessageIntent | undefined;
    },

    saveMessageIntent: (intent, expectedAttempt) =>
      conditionally(
        new PutCommand({
          TableName,
          Item: { pk: pk(intent.key), intent: plain(intent), attempt: intent.attempt },
          ...(expectedAttempt === 0
            ? { ConditionExpression: ABSENT }
            : {
                ConditionExpression: 'attempt = :expected',
                ExpressionAttributeValues: { ':expected': expectedAttempt },
              }),
        }),
      ),

    releaseMessageIntent: (key, expectedAttempt) =>
      conditionally(
        new DeleteCommand({
          TableName,
          Key: { pk: pk(key) },
          ConditionExpression: 'attempt = :expected',
          ExpressionAttributeValues: { ':expected': expectedAttempt },
        }),
      ),
  };
}
