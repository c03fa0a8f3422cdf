// Which peerings a deletion may be asked for: vpc-peer's own open records, plus peerings only the org
// VPC snapshot knows (made before vpc-peer or in the Aiven Console). Read from the store only, so the
// deletion form opens within Slack's 3 seconds.
import { isDeletable } from './deletion';
import { ADOPTED_PREFIX, externalPeeringRecord } from './external';
import type { AivenPeering, OrgVpc, PeeringRecord } from './model';
import type { PeeringStore } from './ports';
import { DuplicatePeeringError } from './ports';

/** A peering only the snapshot knows, as the record it would become (stored once someone picks it). */
function candidate(vpc: OrgVpc, peering: AivenPeering, fetchedAt: string): PeeringRecord {
  return externalPeeringRecord(vpc, peering, { now: fetchedAt, channelId: '' });
}

export async function listDeletablePeerings(
  store: PeeringStore,
  organizationId: string,
): Promise<PeeringRecord[]> {
  const [records, snapshot] = await Promise.all([
    store.listOpenPeerings(),
    store.loadSnapshot(organizationId),
  ]);
  const known = new Set(records.map((r) => r.aivenPeeringId).filter(Boolean));
  const unknown = (snapshot?.vpcs ?? []).flatMap((details) =>
    details.peerings
      .filter((peering) => !known.has(peering.id))
      .map((peering) => candidate(details.vpc, peering, snapshot?.fetchedAt ?? peering.updateTime)),
  );
  return [...records, ...unknown].filter(isDeletable);
}

/**
 * The stored record for a picked peering: vpc-peer's own, or a snapshot-only peering stored now (its
 * deletion request, thread replies and history need a record).
 */
export async function recordForDeletion(
  store: PeeringStore,
  organizationId: string,
  input: { id: string; userId: string; channelId: string },
): Promise<PeeringRecord | undefined> {
  const stored = await store.getPeering(input.id);
  if (stored || !input.id.startsWith(ADOPTED_PREFIX)) return stored;
  const found = (await listDeletablePeerings(store, organizationId)).find((r) => r.id === input.id);
  if (!found) return undefined;
  try {
    // Its deletion request is posted where it was asked for; nobody in Slack requested the peering.
    const adopted = { ...found, channelId: input.channelId };
    return (await store.insertPeering(adopted)).record;
  } catch (error) {
    // vpc-peer has an open record for the same VPCs after all: that one is the peering.
    if (error instanceof DuplicatePeeringError) return error.existing;
    throw error;
  }
}
