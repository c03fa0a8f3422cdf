// Reads the org VPCs and their peerings from Aiven into the store, so Slack requests (3-second
// budget) can answer from the store instead of waiting for Aiven.
import type { OrgVpcDetails, OrgVpcSnapshot } from './model';
import type { AivenApi, Clock, PeeringStore } from './ports';

export interface SnapshotDeps {
  aiven: AivenApi;
  store: PeeringStore;
  clock: Clock;
  organizationId: string;
}

/** Snapshots younger than this are good enough to open the form without asking Aiven. */
export const SNAPSHOT_FRESH_MS = 5 * 60_000;

export function isFresh(snapshot: OrgVpcSnapshot | undefined, now: Date): snapshot is OrgVpcSnapshot {
  return snapshot !== undefined && now.getTime() - Date.parse(snapshot.fetchedAt) < SNAPSHOT_FRESH_MS;
}

export async function refreshSnapshot(deps: SnapshotDeps): Promise<OrgVpcSnapshot> {
  const vpcs = await deps.aiven.listOrgVpcs();
  // Only live VPCs can hold peerings worth knowing about; details cost one request each.
  const details: OrgVpcDetails[] = await Promise.all(
    vpcs.map((vpc) =>
      vpc.state === 'ACTIVE' ? deps.aiven.getOrgVpc(vpc.id) : Promise.resolve({ vpc, peerings: [] }),
    ),
  );
  const snapshot: OrgVpcSnapshot = {
    organizationId: deps.organizationId,
    fetchedAt: deps.clock.now().toISOString(),
    vpcs: details,
  };
  await deps.store.saveSnapshot(snapshot);
  return snapshot;
}
