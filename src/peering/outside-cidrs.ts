// The extra CIDRs of a peering changed outside vpc-peer (Aiven Console, API, Terraform): reconcile and
// the fast watch copy Aiven's list onto the record and queue one announcement, in the same conditional
// write as any state change (see observeChange), so overlapping polls record and tell it once.
import { currentExtraCidrs, type PeeringRecord, type PeeringState, type PendingChange } from './model';
import type { Observation } from './progress';

/** States in which Aiven keeps the peering's CIDRs as they are; a deleting one may drop them. */
const LIVE: ReadonlySet<PeeringState> = new Set<PeeringState>(['APPROVED', 'PENDING_PEER', 'ACTIVE']);

const sameRanges = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

/**
 * The CIDR change to record, or undefined. Nothing is concluded from a peering Aiven no longer lists,
 * an answer without a readable list, a peering that is not live on both sides, or while vpc-peer's own
 * edit is on its way (its job writes Aiven's answer itself).
 */
export function observeExtraCidrs(
  record: PeeringRecord,
  observed: Observation | undefined,
): { extraCidrs: string[]; change: PendingChange } | undefined {
  if (observed === undefined || observed === 'gone' || observed.extraCidrsUnread) return undefined;
  if (!LIVE.has(record.state) || !LIVE.has(observed.state)) return undefined;
  const edit = record.cidrChange?.status;
  if (edit === 'queued' || edit === 'sending') return undefined;
  const before = currentExtraCidrs(record);
  const after = observed.extraCidrs;
  if (sameRanges(before, after)) return undefined;
  return {
    extraCidrs: [...after],
    change: {
      // The record's version makes the key unique: the same list again later is a change of its own.
      key: `${record.id}:${record.state}:cidrs:v${record.version}`,
      previous: record.state,
      state: record.state,
      cidrs: { before: [...before], after: [...after] },
    },
  };
}
