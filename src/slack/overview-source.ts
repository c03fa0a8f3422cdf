// What list, status and App Home read: the org VPC snapshot the poller keeps and the open records,
// both from the store (no Aiven call, so the answer comes within Slack's 3 seconds).
import type { OrgVpcSnapshot, PeeringRecord } from '../peering/model';
import { buildOverview, type OverviewVpc } from '../peering/overview';
import type { PeeringRecordStore, SnapshotStore } from '../peering/ports';

export interface LoadedOverview {
  snapshot: OrgVpcSnapshot | undefined;
  records: PeeringRecord[];
  overview: OverviewVpc[];
  /** Peerings that ended within RECENTLY_ENDED_DAYS, newest first (only when asked for). */
  ended: PeeringRecord[];
}

/** How long list and App Home keep showing an ended peering, apart from the live ones. */
export const RECENTLY_ENDED_DAYS = 7;

export async function loadOverview(
  store: PeeringRecordStore & SnapshotStore,
  organizationId: string,
  /** Now: with it, the recently ended peerings are loaded too. */
  now?: Date,
): Promise<LoadedOverview> {
  const since = now && new Date(now.getTime() - RECENTLY_ENDED_DAYS * 24 * 3600 * 1000);
  const [snapshot, records, ended] = await Promise.all([
    store.loadSnapshot(organizationId),
    store.listOpenPeerings(),
    since ? store.listEndedPeerings(since) : Promise.resolve([]),
  ]);
  return { snapshot, records, overview: buildOverview(snapshot, records), ended };
}

/** An org VPC by name or id, case-insensitively; undefined keeps all. */
export function filterOverview(overview: OverviewVpc[], filter: string): OverviewVpc[] {
  const wanted = filter.toLowerCase();
  return overview.filter((o) => o.vpc.name.toLowerCase() === wanted || o.vpc.id.toLowerCase() === wanted);
}
