// What list, status and App Home read: the org VPC snapshot the poller keeps and the open records,
// both from the store (no Aiven call, so the answer comes within Slack's 3 seconds).
import type { OrgVpcSnapshot, PeeringRecord } from '../peering/model';
import { buildOverview, type OverviewVpc } from '../peering/overview';
import type { PeeringStore } from '../peering/ports';

export interface LoadedOverview {
  snapshot: OrgVpcSnapshot | undefined;
  records: PeeringRecord[];
  overview: OverviewVpc[];
}

export async function loadOverview(store: PeeringStore, organizationId: string): Promise<LoadedOverview> {
  const [snapshot, records] = await Promise.all([
    store.loadSnapshot(organizationId),
    store.listOpenPeerings(),
  ]);
  return { snapshot, records, overview: buildOverview(snapshot, records) };
}

/** An org VPC by name or id, case-insensitively; undefined keeps all. */
export function filterOverview(overview: OverviewVpc[], filter: string): OverviewVpc[] {
  const wanted = filter.toLowerCase();
  return overview.filter((o) => o.vpc.name.toLowerCase() === wanted || o.vpc.id.toLowerCase() === wanted);
}
