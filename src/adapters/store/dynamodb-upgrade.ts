// The DynamoDB store's upgrade: backfills the lookups that only items written since they were added
// carry (layout: see dynamodb.ts header). Peerings written before get their `awsid#<id>` entries and
// their openPeerings partition ("open", or `ended#<day>` for ended ones); deletion requests approved
// before get the "approved-deletion" partition, so the sweep can resume them.
//
// One paginated Scan, resumable: its progress (the scan's LastEvaluatedKey) and its completion (the
// layout version reached) live in the `meta#store-upgrade` item, so it runs once per layout version,
// stops before a Lambda deadline and carries on at the next run. A run first claims a lease on that
// item with a conditional write: two runs at once never both work. Each backfill is a conditional
// write on the item's current version (or an ADD to a set), so a concurrent normal write always wins.
import { type DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeletionRequest } from '../../peering/deletion';
import type { PeeringRecord } from '../../peering/model';
import { awsIdsOf, type Clock } from '../../peering/ports';
import { peeringPartitionOf } from './dynamodb';
import { errorName } from './dynamodb-common';
import { partitionOf as deletionPartitionOf } from './dynamodb-deletion';
import { awsIdKey } from './dynamodb-lookups';

/** The layout this upgrade brings items to; bump it (and extend backfillItem) for the next backfill. */
export const STORE_LAYOUT_VERSION = 1;
export const UPGRADE_KEY = 'meta#store-upgrade';

/** A run holds the work this long after its last page; a crashed run's lease simply runs out. */
const LEASE_MS = 3 * 60 * 1000;
/** Stop before a page when less time than this is left (a page: 100 items, a few small writes each). */
const STOP_MARGIN_MS = 20 * 1000;
const PAGE_SIZE = 100;

export interface StoreUpgradeResult {
  /** done: reached before this run; busy: another run holds the lease; finished / paused: this run. */
  status: 'done' | 'busy' | 'finished' | 'paused';
  layoutVersion: number;
  /** Items this run read and backfilled (peerings' partitions, AWS ids, approved deletions). */
  scanned: number;
  backfilled: number;
  /** Backfills skipped because a normal write changed the item meanwhile (it writes the lookups). */
  raced: number;
}

export interface StoreUpgradeOptions {
  doc: DynamoDBDocumentClient;
  TableName: string;
  clock: Clock;
  /** Who runs (for the lease): unique per run, e.g. the Lambda request id. */
  owner: string;
  /** Time left before the caller must stop (a Lambda's getRemainingTimeInMillis); absent: no limit. */
  remainingMs?: () => number;
  pageSize?: number;
}

const isConditionFailure = (error: unknown) => errorName(error) === 'ConditionalCheckFailedException';

export async function runStoreUpgrade(options: StoreUpgradeOptions): Promise<StoreUpgradeResult> {
  const { doc, TableName } = options;
  const result: StoreUpgradeResult = {
    status: 'done',
    layoutVersion: STORE_LAYOUT_VERSION,
    scanned: 0,
    backfilled: 0,
    raced: 0,
  };
  // The cheap check every poll makes: one consistent GetItem.
  const meta = (await doc.send(new GetCommand({ TableName, Key: { pk: UPGRADE_KEY }, ConsistentRead: true })))
    .Item;
  if (typeof meta?.layoutVersion === 'number' && meta.layoutVersion >= STORE_LAYOUT_VERSION) return result;

  if (!(await claimLease(options))) return { ...result, status: 'busy' };
  // A cursor left by an earlier upgrade (another layout version) does not apply to this one.
  let cursor =
    meta?.cursorFor === STORE_LAYOUT_VERSION
      ? (meta.scanCursor as Record<string, unknown> | undefined)
      : undefined;
  const hasTime = () => (options.remainingMs ? options.remainingMs() > STOP_MARGIN_MS : true);

  for (;;) {
    if (!hasTime()) {
      await releaseLease(options);
      return { ...result, status: 'paused' };
    }
    const page = await doc.send(
      new ScanCommand({
        TableName,
        Limit: options.pageSize ?? PAGE_SIZE,
        ExclusiveStartKey: cursor,
        ConsistentRead: true,
        FilterExpression: 'begins_with(pk, :peering) OR begins_with(pk, :deletion)',
        ExpressionAttributeValues: { ':peering': 'peering#', ':deletion': 'deletion#' },
      }),
    );
    const counts = { scanned: 0, backfilled: 0, raced: 0 };
    for (const item of page.Items ?? []) {
      counts.scanned++;
      const outcome = await backfillItem(doc, TableName, item);
      counts.backfilled += outcome.backfilled;
      counts.raced += outcome.raced;
    }
    result.scanned += counts.scanned;
    result.backfilled += counts.backfilled;
    result.raced += counts.raced;
    cursor = page.LastEvaluatedKey;
    // Progress saved only while we still hold the lease: a run that lost it stops here.
    if (!(await saveProgress(options, counts, cursor))) return { ...result, status: 'busy' };
    if (!cursor) return { ...result, status: 'finished' };
  }
}

async function claimLease({ doc, TableName, clock, owner }: StoreUpgradeOptions): Promise<boolean> {
  const now = clock.now().getTime();
  try {
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk: UPGRADE_KEY },
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
        ConditionExpression:
          '(attribute_not_exists(layoutVersion) OR layoutVersion < :version) AND ' +
          '(attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
        ExpressionAttributeValues: {
          ':owner': owner,
          ':until': now + LEASE_MS,
          ':now': now,
          ':version': STORE_LAYOUT_VERSION,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function releaseLease({ doc, TableName, owner }: StoreUpgradeOptions): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk: UPGRADE_KEY },
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Adds a page's counts, moves the cursor and extends the lease; at the end, marks the layout reached. */
async function saveProgress(
  { doc, TableName, clock, owner }: StoreUpgradeOptions,
  counts: { scanned: number; backfilled: number; raced: number },
  cursor: Record<string, unknown> | undefined,
): Promise<boolean> {
  const now = clock.now();
  const totals =
    'scanned = if_not_exists(scanned, :zero) + :scanned, ' +
    'backfilled = if_not_exists(backfilled, :zero) + :backfilled, ' +
    'raced = if_not_exists(raced, :zero) + :raced';
  const values = {
    ':owner': owner,
    ':zero': 0,
    ':scanned': counts.scanned,
    ':backfilled': counts.backfilled,
    ':raced': counts.raced,
  };
  try {
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk: UPGRADE_KEY },
        ConditionExpression: 'leaseOwner = :owner',
        ...(cursor
          ? {
              UpdateExpression: `SET ${totals}, scanCursor = :cursor, cursorFor = :version, leaseUntil = :until`,
              ExpressionAttributeValues: {
                ...values,
                ':cursor': cursor,
                ':version': STORE_LAYOUT_VERSION,
                ':until': now.getTime() + LEASE_MS,
              },
            }
          : {
              UpdateExpression: `SET ${totals}, layoutVersion = :version, finishedAt = :at REMOVE scanCursor, cursorFor, leaseOwner, leaseUntil`,
              ExpressionAttributeValues: {
                ...values,
                ':version': STORE_LAYOUT_VERSION,
                ':at': now.toISOString(),
              },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Writes what one item lacks; counts the writes that changed something and the ones a writer beat. */
async function backfillItem(
  doc: DynamoDBDocumentClient,
  TableName: string,
  item: Record<string, unknown>,
): Promise<{ backfilled: number; raced: number }> {
  const outcome = { backfilled: 0, raced: 0 };
  const pk = String(item.pk);
  let partition: string | undefined;
  if (pk.startsWith('peering#')) {
    const record = item.record as PeeringRecord;
    for (const awsId of awsIdsOf(record)) {
      if (await addAwsId(doc, TableName, awsId, record.id)) outcome.backfilled++;
    }
    partition = peeringPartitionOf(record);
  } else {
    partition = deletionPartitionOf(item.request as DeletionRequest);
  }
  if (partition === undefined || item.openPartition === partition) return outcome;
  try {
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk },
        UpdateExpression: 'SET openPartition = :partition',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':partition': partition, ':version': item.version },
      }),
    );
    outcome.backfilled++;
  } catch (error) {
    // A newer write of the item set its own partition: that one is right, not ours.
    if (!isConditionFailure(error)) throw error;
    outcome.raced++;
  }
  return outcome;
}

/** ADD to the id's set (idempotent); true when the peering was not in it yet. */
async function addAwsId(
  doc: DynamoDBDocumentClient,
  TableName: string,
  awsId: string,
  peeringId: string,
): Promise<boolean> {
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName,
      Key: { pk: awsIdKey(awsId) },
      UpdateExpression: 'ADD peeringIds :id',
      ExpressionAttributeValues: { ':id': new Set([peeringId]) },
      // The item before (it holds only the set): tells a backfill from an id already there.
      ReturnValues: 'ALL_OLD',
    }),
  );
  const before = Attributes?.peeringIds;
  return !(before instanceof Set && before.has(peeringId));
}
