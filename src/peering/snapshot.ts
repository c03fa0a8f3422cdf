// Reads the org VPCs and their peerings from Aiven into the store, so Slack requests (3-second
// budget) can answer from the store instead of waiting for Aiven. Cost: one list plus one get per
// org VPC that is not DELETED (the peerings come inside the get), a few at a time.
import type { Logger } from '../logger';
import type { OrgVpcDetails, OrgVpcSnapshot } from './model';
import type { AivenApi, Clock, SnapshotStore } from './ports';

export interface SnapshotDeps {
  aiven: AivenApi;
  store: SnapshotStore;
  clock: Clock;
  organizationId: string;
}

/** Snapshots younger than this are good enough to open the form without asking Aiven. */
export const SNAPSHOT_FRESH_MS = 5 * 60_000;

/** Parallel gets per read: quick for 50 VPCs, gentle enough not to set off Aiven's rate limiting. */
export const AIVEN_CONCURRENCY = 8;

export function isFresh(snapshot: OrgVpcSnapshot | undefined, now: Date): snapshot is OrgVpcSnapshot {
  return snapshot !== undefined && now.getTime() - Date.parse(snapshot.fetchedAt) < SNAPSHOT_FRESH_MS;
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface OrganizationRead {
  snapshot: OrgVpcSnapshot;
  /**
   * Org VPCs whose peerings are not known from this read (their get failed or could not be read):
   * nothing about their peerings may be concluded, least of all "deleted".
   */
  unreadVpcIds: Set<string>;
}

/**
 * Reads the organization for reconcile. A failed list throws (nothing is known); a failed get of one
 * VPC is logged and that VPC keeps the peerings of the previous snapshot, marked unread.
 */
export async function readOrganization(
  deps: SnapshotDeps & { logger: Logger; previous: OrgVpcSnapshot | undefined },
): Promise<OrganizationRead> {
  const vpcs = await deps.aiven.listOrgVpcs();
  const unreadVpcIds = new Set<string>();
  const details = await mapLimit(vpcs, AIVEN_CONCURRENCY, async (vpc): Promise<OrgVpcDetails> => {
    const before = deps.previous?.vpcs.find((d) => d.vpc.id === vpc.id)?.peerings ?? [];
    // Every other state is read, also one this code does not know (UPDATING): its peerings live on.
    if (vpc.state === 'DELETED') return { vpc, peerings: [] };
    try {
      return await deps.aiven.getOrgVpc(vpc.id);
    } catch (error) {
      deps.logger.warn({ err: error, orgVpcId: vpc.id }, 'could not read org VPC; trying again next run');
      unreadVpcIds.add(vpc.id);
      return { vpc, peerings: before };
    }
  });
  const fetchedAt = deps.clock.now().toISOString();
  const snapshot: OrgVpcSnapshot = {
    organizationId: deps.organizationId,
    fetchedAt,
    reconciledAt: deps.previous?.reconciledAt ?? fetchedAt,
    vpcs: details,
  };
  await deps.store.saveSnapshot(snapshot);
  return { snapshot, unreadVpcIds };
}

/** Reads the whole organization or fails (the create form must not offer half a list). */
export async function refreshSnapshot(deps: SnapshotDeps): Promise<OrgVpcSnapshot> {
  const vpcs = await deps.aiven.listOrgVpcs();
  // Only live VPCs can hold peerings worth knowing about; details cost one request each.
  const details = await mapLimit(vpcs, AIVEN_CONCURRENCY, (vpc) =>
    vpc.state === 'ACTIVE' ? deps.aiven.getOrgVpc(vpc.id) : Promise.resolve({ vpc, peerings: [] }),
  );
  // Keeps reconcile's marker, so opening the form never makes reconcile think it runs for the first time.
  const previous = await deps.store.loadSnapshot(deps.organizationId);
  const snapshot: OrgVpcSnapshot = {
    organizationId: deps.organizationId,
    fetchedAt: deps.clock.now().toISOString(),
    ...(previous?.reconciledAt ? { reconciledAt: previous.reconciledAt } : {}),
    vpcs: details,
  };
  await deps.store.saveSnapshot(snapshot);
  return snapshot;
}
