import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DuplicatePeeringError, StaleRecordError } from '../../peering/errors';
import { isOpen, isTracked, type OrgVpcSnapshot, type PeeringRecord, specKey } from '../../peering/model';
import { applyPatch, awsIdsOf, type Clock } from '../../peering/ports';
import { ABSENT, cancellationCodes, errorName, plain } from './dynamodb-common';
import { makeDynamoDeletionMethods } from './dynamodb-deletion';
import { endedAtOf, endedPartition, makeDynamoLookups } from './dynamodb-lookups';
import { makeDynamoMessageIntents } from './dynamodb-messages';
import type { Store } from './roles';

/*
 * One table, string partition key `pk` (no sort key), billing PAY_PER_REQUEST, TTL on `expiresAt`.
 * Items by pk prefix:
 *   peering#<id>          { record (map), version (N), specKey, aivenPeeringId?, openPartition? }
 *   spec#<specKey>        { peeringId }  lock: exists while that peering is open
 *   claim#<key>           { expiresAt (N, epoch s) }  claimOnce; TTL deletes it eventually
 *   snapshot#<orgId>      { snapshotGzip (B, gzipped JSON) }  gzipped so 1,000+ peerings stay far under
 *                         DynamoDB's 400 KB item limit (older items hold `snapshot` (S, JSON): still read)
 *   message#<key>         { intent (map), attempt (N) }  Slack messages posted at most once (delivery.ts)
 *   deletion#<requestId>  { request (map), version (N), openPartition? ("open-deletion" while open,
 *                         "approved-deletion" while approved, not failed and not settled by the sweep) }
 *   deletion-lock#<peeringId> { requestId }  lock: exists while that peering has an open deletion request
 *   audit#<peeringId>     { events (list) }  the peering's history, appended with list_append
 *   awsid#<aws id>        { peeringIds (SS) }  every peering a `vpc-…` or `pcx-…` id (lowercase) ever
 *                         belonged to (awsIdsOf), added (ADD) in the transaction that wrote the id:
 *                         status finds ended peerings by them with a consistent GetItem, no index
 * GSIs (both sparse, projection ALL, eventually consistent):
 *   byAivenPeeringId      partition key aivenPeeringId (S): only peerings Aiven has an id for
 *   openPeerings          partition key openPartition (S): "open" for peerings reconcile tracks (open,
 *                         or ended with announcements pending: isTracked), "open-deletion"
 *                         for open deletion requests, "approved-deletion" for approved ones the
 *                         sweep may have to resume; one partition each is fine because they number
 *                         in the tens. Ended peerings are in "ended#<YYYY-MM-DD>" of the day they
 *                         ended: list reads the last days' partitions (no new index to deploy)
 * serverless.yml mirrors tableDefinition() below plus TimeToLiveSpecification { AttributeName: expiresAt }.
 */
export const TTL_ATTRIBUTE = 'expiresAt';
const OPEN = 'open';

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const sparseIndex = (IndexName: string, AttributeName: string) => ({
    IndexName,
    KeySchema: [{ AttributeName, KeyType: 'HASH' as const }],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'aivenPeeringId', AttributeType: 'S' },
      { AttributeName: 'openPartition', AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [
      sparseIndex('byAivenPeeringId', 'aivenPeeringId'),
      sparseIndex('openPeerings', 'openPartition'),
    ],
  };
}

/** Creates the table as serverless.yml would (tests and local runs against moto or DynamoDB Local). */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}

const peeringKey = (id: string) => `peering#${id}`;

/** The openPeerings partition a peering is in: "open" while tracked, else the day it ended. */
export const peeringPartitionOf = (record: PeeringRecord) =>
  isTracked(record) ? OPEN : endedPartition(endedAtOf(record).slice(0, 10));
const lockKey = (key: string) => `spec#${key}`;

const systemClock: Clock = { now: () => new Date() };

export function makeDynamoStore(options: {
  client: DynamoDBDocumentClient | DynamoDBClient;
  tableName: string;
  clock?: Clock;
}): Store {
  const TableName = options.tableName;
  const clock = options.clock ?? systemClock;
  const doc =
    options.client instanceof DynamoDBDocumentClient
      ? options.client
      : DynamoDBDocumentClient.from(options.client as DynamoDBClient);

  const peeringItem = (record: PeeringRecord) => ({
    pk: peeringKey(record.id),
    record: plain(record),
    version: record.version,
    specKey: specKey(record.spec),
    ...(record.aivenPeeringId ? { aivenPeeringId: record.aivenPeeringId } : {}),
    openPartition: peeringPartitionOf(record),
  });

  const getItem = async (pk: string) =>
    (await doc.send(new GetCommand({ TableName, Key: { pk }, ConsistentRead: true }))).Item;

  const getPeering = async (id: string): Promise<PeeringRecord | undefined> =>
    (await getItem(peeringKey(id)))?.record as PeeringRecord | undefined;

  const findOpenBySpecKey = async (key: string): Promise<PeeringRecord | undefined> => {
    const lock = await getItem(lockKey(key));
    if (typeof lock?.peeringId !== 'string') return undefined;
    const record = await getPeering(lock.peeringId);
    return record && isOpen(record.state) ? record : undefined;
  };

  const queryIndex = async (IndexName: string, attribute: string, value: string) => {
    const records: PeeringRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName,
          IndexName,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': attribute },
          ExpressionAttributeValues: { ':v': value },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) records.push(item.record as PeeringRecord);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  };

  const lookups = makeDynamoLookups({ TableName, clock, getItem, getPeering, queryIndex });
  const { addAwsIds } = lookups;

  const putLock = (key: string, peeringId: string) => ({
    Put: { TableName, Item: { pk: lockKey(key), peeringId }, ConditionExpression: ABSENT },
  });

  /** The open record holding the spec lock: whoever beat us to the spec. */
  const lockHolder = async (key: string): Promise<DuplicatePeeringError | undefined> => {
    const holder = await findOpenBySpecKey(key);
    return holder ? new DuplicatePeeringError(holder) : undefined;
  };

  return {
    async insertPeering(record) {
      const item = peeringItem(record);
      const key = specKey(record.spec);
      const TransactItems: NonNullable<TransactWriteCommandInput['TransactItems']> = [
        { Put: { TableName, Item: item, ConditionExpression: ABSENT } },
        ...(isOpen(record.state) ? [putLock(key, record.id)] : []),
        ...addAwsIds(record),
      ];
      // Retries cover races that leave every condition true: TransactionConflict, a holder that just closed.
      for (let attempt = 1; ; attempt++) {
        try {
          await doc.send(new TransactWriteCommand({ TransactItems }));
          return { record: item.record, created: true };
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          if (codes[0] === 'ConditionalCheckFailed') {
            const existing = await getPeering(record.id);
            if (existing) return { record: existing, created: false };
          }
          if (codes[1] === 'ConditionalCheckFailed') {
            const duplicate = await lockHolder(key);
            if (duplicate) throw duplicate;
          }
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
    },

    getPeering,

    async findByAivenPeeringId(aivenPeeringId) {
      const records = await queryIndex('byAivenPeeringId', 'aivenPeeringId', aivenPeeringId);
      return records.at(-1);
    },

    findOpenBySpecKey,

    async listOpenPeerings() {
      return queryIndex('openPeerings', 'openPartition', OPEN);
    },

    async updatePeering(id, expectedVersion, patch) {
      const current = await getPeering(id);
      if (!current) throw new Error(`peering record ${id} does not exist`);
      const next = plain(applyPatch(current, expectedVersion, patch, clock.now()));
      const put = {
        TableName,
        Item: peeringItem(next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      };
      const key = specKey(current.spec);
      const closing = isOpen(current.state) && !isOpen(next.state);
      const reopening = !isOpen(current.state) && isOpen(next.state);

      // Only ever delete our own lock: a foreign one would mean another open request for the spec.
      const deleteLock = {
        Delete: {
          TableName,
          Key: { pk: lockKey(key) },
          ConditionExpression: `${ABSENT} OR peeringId = :id`,
          ExpressionAttributeValues: { ':id': id },
        },
      };
      const lockChange = closing ? [deleteLock] : reopening ? [putLock(key, id)] : [];
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: put }, ...lockChange, ...addAwsIds(next, awsIdsOf(current))],
          }),
        );
        return next;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[1] === 'ConditionalCheckFailed' && reopening) {
          const duplicate = await lockHolder(key);
          if (duplicate) throw duplicate;
        }
        // Only a failed condition means another writer won. Throttling, validation and transaction
        // conflicts are not "someone else took it": the caller retries them like any other error.
        if (codes.includes('ConditionalCheckFailed')) throw new StaleRecordError(id);
        throw error;
      }
    },

    async claimOnce(key, ttlSeconds) {
      const nowMs = clock.now().getTime();
      try {
        await doc.send(
          new PutCommand({
            TableName,
            // Rounded up: TTL wants whole seconds and a claim must never end early.
            Item: { pk: `claim#${key}`, [TTL_ATTRIBUTE]: Math.ceil(nowMs / 1000 + ttlSeconds) },
            // TTL deletion lags by up to days: an expired claim still in the table counts as free.
            ConditionExpression: `${ABSENT} OR #expiresAt <= :now`,
            ExpressionAttributeNames: { '#expiresAt': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': nowMs / 1000 },
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    ...makeDynamoMessageIntents(doc, TableName),

    async saveSnapshot(snapshot) {
      await doc.send(
        new PutCommand({
          TableName,
          Item: {
            pk: `snapshot#${snapshot.organizationId}`,
            snapshotGzip: gzipSync(JSON.stringify(snapshot)),
          },
        }),
      );
    },

    async loadSnapshot(organizationId) {
      const item = await getItem(`snapshot#${organizationId}`);
      if (item?.snapshotGzip instanceof Uint8Array) {
        return JSON.parse(gunzipSync(item.snapshotGzip).toString('utf8')) as OrgVpcSnapshot;
      }
      return typeof item?.snapshot === 'string' ? (JSON.parse(item.snapshot) as OrgVpcSnapshot) : undefined;
    },

    ...makeDynamoDeletionMethods(doc, TableName),
    ...lookups.methods,
  };
}
