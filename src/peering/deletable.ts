// Which peerings a deletion may be asked for: vpc-peer's own open records, plus peerings only the org
// VPC snapshot knows (made before vpc-peer or in the Aiven Console). Read from the store only, so the
// deletion form opens within Slack's 3 seconds.
import { isDeletable } from './deletion';
import { DuplicatePeeringError } from './errors';
import { ADOPTED_PREFIX, externalPeeringRecord } from './external';
import { type AivenPeering, isManagedByTerraform, isOpen, type OrgVpc, type PeeringRecord } from './model';
import type { PeeringRecordStore, SnapshotStore } from './ports';

/** A peering only the snapshot knows, as the record it would become (stored once someone picks it). */
function candidate(vpc: OrgVpc, peering: AivenPeering, fetchedAt: string): PeeringRecord {
  return externalPeeringRecord(vpc, peering, { now: fetchedAt, channelId: '' });
}

export async function listDeletablePeerings(
  store: PeeringRecordStore & SnapshotStore,
  organizationId: string,
): Promise<PeeringRecord[]> {
  const [records, snapshot] = await Promise.all([
    store.listOpenPeerings(),
    store.loadSnapshot(organizationId),
  ]);
  const open = new Set(records.map((r) => r.aivenPeeringId).filter(Boolean));
  const others = (snapshot?.vpcs ?? []).flatMap((details) =>
    details.peerings.filter((peering) => !open.has(peering.id)).map((peering) => ({ details, peering })),
  );
  // Any record counts, closed ones too (an EXPIRED request Aiven still shows, one deleted by the
  // peer): the peering is vpc-peer's already, and a record made for it now would be a second one.
  // Looked up in parallel: the form must open within Slack's 3 seconds.
  const stored = await Promise.all(others.map(({ peering }) => store.findByAivenPeeringId(peering.id)));
  const unknown = others
    .filter((_, i) => stored[i] === undefined)
    .map(({ details, peering }) =>
      candidate(details.vpc, peering, snapshot?.fetchedAt ?? peering.updateTime),
    );
  // The list also holds ended records whose last announcement is still due: not offered. Nor are
  // peerings handed over to Terraform: they are deleted there.
  return [...records.filter((r) => isOpen(r.state) && !isManagedByTerraform(r)), ...unknown].filter(
    isDeletable,
  );
}

/**
 * The stored record for a picked peering: vpc-peer's own, or a snapshot-only peering stored now (its
 * deletion request, thread replies and history need a record).
 */
export async function recordForDeletion(
  store: PeeringRecordStore & SnapshotStore,
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
    const { record } = await store.insertPeering(adopted);
    return sameAivenPeering(record, found);
  } catch (error) {
    // An open record for the same VPCs is a different peering (a newer request): never delete that
    // one in place of the one picked.
    if (error instanceof DuplicatePeeringError) return sameAivenPeering(error.existing, found);
    throw error;
  }
}

function sameAivenPeering(stored: PeeringRecord, picked: PeeringRecord): PeeringRecord | undefined {
  return stored.aivenPeeringId === picked.aivenPeeringId ? stored : undefined;
}
