// The DynamoDB half of deletion requests and the audit trail (item layout: see dynamodb.ts header).
// A request and its audit event, or a decision and its audit event, are one transaction.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, applyDecision, type DeletionRequest } from '../../peering/deletion';
import { OpenDeletionRequestError, StaleDeletionRequestError } from '../../peering/errors';
import type { AuditTrail, DeletionRequestStore } from '../../peering/ports';
import { applyApproval } from '../../peering/quorum';
import { cancellationCodes, plain } from './dynamodb-common';

/** Value of `openPartition` on open deletion requests: they share the sparse openPeerings index. */
export const OPEN_DELETION_PARTITION = 'open-deletion';
/** `openPartition` of approved requests whose delete may still need resuming (see partitionOf). */
export const APPROVED_DELETION_PARTITION = 'approved-deletion';

/**
 * The sparse index partition a request is in: open ones (expiry), and approved ones whose attempt has
 * not failed and which the sweep has not settled (resumption). Settled ones leave the index, so the
 * sweep's query stays as small as the deletions under way.
 */
export function partitionOf(request: DeletionRequest): string | undefined {
  if (request.status === 'open') return OPEN_DELETION_PARTITION;
  if (request.status === 'approved' && !request.failure && !request.settledAt)
    return APPROVED_DELETION_PARTITION;
  return undefined;
}

const requestKey = (id: string) => `deletion#${id}`;
const lockKey = (peeringId: string) => `deletion-lock#${peeringId}`;
const auditKey = (peeringId: string) => `audit#${peeringId}`;
const ABSENT = 'attribute_not_exists(pk)';

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * attempt));
const MAX_ATTEMPTS = 5;

export function makeDynamoDeletionMethods(
  doc: DynamoDBDocumentClient,
  TableName: string,
): DeletionRequestStore & AuditTrail {
  const requestItem = (request: DeletionRequest) => ({
    pk: requestKey(request.id),
    request: plain(request),
    version: request.version,
    ...(partitionOf(request) ? { openPartition: partitionOf(request) } : {}),
  });

  const getDeletionRequest = async (id: string): Promise<DeletionRequest | undefined> => {
    const { Item } = await doc.send(
      new GetCommand({ TableName, Key: { pk: requestKey(id) }, ConsistentRead: true }),
    );
    return Item?.request as DeletionRequest | undefined;
  };

  const findOpenDeletionRequest = async (peeringId: string): Promise<DeletionRequest | undefined> => {
    const { Item } = await doc.send(
      new GetCommand({ TableName, Key: { pk: lockKey(peeringId) }, ConsistentRead: true }),
    );
    if (typeof Item?.requestId !== 'string') return undefined;
    const request = await getDeletionRequest(Item.requestId);
    return request?.status === 'open' ? request : undefined;
  };

  const queryPartition = async (partition: string): Promise<DeletionRequest[]> => {
    const requests: DeletionRequest[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'openPeerings',
          KeyConditionExpression: 'openPartition = :partition',
          ExpressionAttributeValues: { ':partition': partition },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) requests.push(item.request as DeletionRequest);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return requests;
  };

  const appendEvent = (event: AuditEvent) => ({
    Update: {
      TableName,
      Key: { pk: auditKey(event.peeringId) },
      UpdateExpression: 'SET events = list_append(if_not_exists(events, :empty), :event)',
      ExpressionAttributeValues: { ':empty': [], ':event': [plain(event)] },
    },
  });

  return {
    async openDeletionRequest(request, event) {
      const TransactItems = [
        { Put: { TableName, Item: requestItem(request), ConditionExpression: ABSENT } },
        {
          Put: {
            TableName,
            Item: { pk: lockKey(request.peeringId), requestId: request.id },
            ConditionExpression: ABSENT,
          },
        },
        appendEvent(event),
      ];
      for (let attempt = 1; ; attempt++) {
        try {
          await doc.send(new TransactWriteCommand({ TransactItems }));
          return { request: plain(request), created: true };
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          if (codes[0] === 'ConditionalCheckFailed') {
            const existing = await getDeletionRequest(request.id);
            if (existing) return { request: existing, created: false };
          }
          if (codes[1] === 'ConditionalCheckFailed') {
            const holder = await findOpenDeletionRequest(request.peeringId);
            if (holder) throw new OpenDeletionRequestError(holder);
          }
          if (attempt >= MAX_ATTEMPTS) throw error;
          await pause(attempt);
        }
      }
    },

    getDeletionRequest,
    findOpenDeletionRequest,

    async listDueDeletionRequests(now) {
      const open = await queryPartition(OPEN_DELETION_PARTITION);
      return open
        .filter((request) => request.expiresAt <= now.toISOString())
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id.localeCompare(b.id));
    },

    async listApprovedDeletionRequests() {
      // The index is eventually consistent: a request approved a moment ago may be missing, which the
      // sweep does not mind (it resumes only deletions idle for minutes).
      const approved = await queryPartition(APPROVED_DELETION_PARTITION);
      return approved.sort((a, b) => a.id.localeCompare(b.id));
    },

    async decideDeletionRequest(id, decision, event) {
      // Re-read and retry on a lost race: the loser then sees the winner's decision and stops.
      for (let attempt = 1; ; attempt++) {
        const current = await getDeletionRequest(id);
        if (!current) throw new Error(`deletion request ${id} does not exist`);
        if (current.status !== 'open') return { request: current, won: false };
        const next = applyDecision(current, decision, event.actor, new Date(event.at));
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName,
                    Item: requestItem(next),
                    ConditionExpression: 'version = :expected',
                    ExpressionAttributeValues: { ':expected': current.version },
                  },
                },
                {
                  Delete: {
                    TableName,
                    Key: { pk: lockKey(current.peeringId) },
                    ConditionExpression: `${ABSENT} OR requestId = :id`,
                    ExpressionAttributeValues: { ':id': id },
                  },
                },
                appendEvent(event),
              ],
            }),
          );
          return { request: plain(next), won: true };
        } catch (error) {
          if (!cancellationCodes(error) || attempt >= MAX_ATTEMPTS) throw error;
          await pause(attempt);
        }
      }
    },

    async approveDeletionRequest(id, approval, event) {
      // Like a decision: a lost race re-reads, so concurrent clicks by one approver count once.
      for (let attempt = 1; ; attempt++) {
        const current = await getDeletionRequest(id);
        if (!current) throw new Error(`deletion request ${id} does not exist`);
        const result = applyApproval(current, approval, event);
        if (result.kind !== 'counted' && result.kind !== 'complete') return result;
        const complete = result.kind === 'complete';
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName,
                    Item: requestItem(result.request),
                    ConditionExpression: 'version = :expected',
                    ExpressionAttributeValues: { ':expected': current.version },
                  },
                },
                // The quorum complete: the peering is free for a new request, as after any decision.
                ...(complete
                  ? [
                      {
                        Delete: {
                          TableName,
                          Key: { pk: lockKey(current.peeringId) },
                          ConditionExpression: `${ABSENT} OR requestId = :id`,
                          ExpressionAttributeValues: { ':id': id },
                        },
                      },
                    ]
                  : []),
                appendEvent(result.event),
              ],
            }),
          );
          return { ...result, request: plain(result.request) };
        } catch (error) {
          if (!cancellationCodes(error) || attempt >= MAX_ATTEMPTS * 2) throw error;
          await pause(attempt);
        }
      }
    },

    async updateDeletionRequest(id, expectedVersion, patch) {
      const current = await getDeletionRequest(id);
      if (!current) throw new Error(`deletion request ${id} does not exist`);
      if (current.version !== expectedVersion) throw new StaleDeletionRequestError(id);
      const next = plain({ ...current, ...patch, version: current.version + 1 });
      try {
        await doc.send(
          new PutCommand({
            TableName,
            Item: requestItem(next),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        );
        return next;
      } catch (error) {
        if ((error as { name?: unknown }).name === 'ConditionalCheckFailedException') {
          throw new StaleDeletionRequestError(id);
        }
        throw error;
      }
    },

    async appendAuditEvent(event) {
      await doc.send(new UpdateCommand(appendEvent(event).Update));
    },

    async listAuditEvents(peeringId) {
      const { Item } = await doc.send(
        new GetCommand({ TableName, Key: { pk: auditKey(peeringId) }, ConsistentRead: true }),
      );
      return (Item?.events as AuditEvent[] | undefined) ?? [];
    },
  };
}
