// The DynamoDB store's lookups of ended peerings: by any AWS id a peering ever had (`awsid#<id>`
// items, a string set of peering ids added in the transaction that wrote the id), and the recently
// ended ones (the openPeerings index's `ended#<YYYY-MM-DD>` partitions, one per day).
import { isOpen, type PeeringRecord } from '../../peering/model';
import { awsIdsOf, type Clock, type PeeringStore } from '../../peering/ports';

const DAY_MS = 24 * 3600 * 1000;
export const awsIdKey = (awsId: string) => `awsid#${awsId}`;

/** The openPeerings partition of peerings that ended on `day` (YYYY-MM-DD). */
export const endedPartition = (day: string) => `ended#${day}`;

/** When a closed record ended (records written before endedAt existed: their last update). */
export const endedAtOf = (record: PeeringRecord) => record.endedAt ?? record.updatedAt;

export function makeDynamoLookups(deps: {
  TableName: string;
  clock: Clock;
  getItem(pk: string): Promise<Record<string, unknown> | undefined>;
  getPeering(id: string): Promise<PeeringRecord | undefined>;
  queryIndex(IndexName: string, attribute: string, value: string): Promise<PeeringRecord[]>;
}) {
  const { TableName } = deps;

  /** Transaction items noting the peering under each AWS id it did not have before (a set: idempotent). */
  const addAwsIds = (record: PeeringRecord, before: readonly string[] = []) =>
    awsIdsOf(record)
      .filter((awsId) => !before.includes(awsId))
      .map((awsId) => ({
        Update: {
          TableName,
          Key: { pk: awsIdKey(awsId) },
          UpdateExpression: 'ADD peeringIds :id',
          ExpressionAttributeValues: { ':id': new Set([record.id]) },
        },
      }));

  const methods: Pick<PeeringStore, 'findPeeringsByAwsId' | 'listEndedPeerings'> = {
    async findPeeringsByAwsId(awsId) {
      const item = await deps.getItem(awsIdKey(awsId.toLowerCase()));
      const ids = item?.peeringIds instanceof Set ? [...(item.peeringIds as Set<string>)] : [];
      const records = await Promise.all(ids.map((id) => deps.getPeering(id)));
      return records
        .filter((r): r is PeeringRecord => r !== undefined)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    async listEndedPeerings(since) {
      const days = new Set<string>();
      for (let t = since.getTime(); t < deps.clock.now().getTime() + DAY_MS; t += DAY_MS)
        days.add(new Date(t).toISOString().slice(0, 10));
      // Ended ones whose announcements are pending still sit in the open partition.
      const pages = await Promise.all([
        deps.queryIndex('openPeerings', 'openPartition', 'open'),
        ...[...days].map((day) => deps.queryIndex('openPeerings', 'openPartition', endedPartition(day))),
      ]);
      const cutoff = since.toISOString();
      return pages
        .flat()
        .filter((r) => !isOpen(r.state) && endedAtOf(r) >= cutoff)
        .sort((a, b) => endedAtOf(b).localeCompare(endedAtOf(a)) || a.id.localeCompare(b.id));
    },
  };

  return { addAwsIds, methods };
}
