// Asking to edit the extra CIDRs of a live peering (the modal's submission, on Slack's ack path): the
// change is recorded on the peering with a compare-and-set, one at a time, and its job is queued. The
// change id comes from the modal's view, so a double submit or a Slack retry finds the change it made.
import type { Logger } from '../logger';
import { StaleRecordError } from './errors';
import { changePeerCidrsJob } from './job-ids';
import { currentExtraCidrs, type OrgVpc, type PeerCidrChange, type PeeringRecord } from './model';
import {
  describeCidrProblems,
  diffPeerCidrs,
  mayEditCidrs,
  type UsedCidr,
  validatePeerCidrs,
} from './peer-cidrs';
import type { Clock, JobQueue, PeeringRecordStore } from './ports';

/** A change still queued this long was probably never queued (a crash): the next edit sends it again. */
const STUCK_MS = 2 * 60_000;

export type CidrChangeRequestOutcome =
  | { kind: 'queued'; change: PeerCidrChange }
  | { kind: 'invalid' /** Every bad line, in one plain-text field error. */; problem: string }
  | { kind: 'no-change' }
  | { kind: 'busy'; change: PeerCidrChange }
  | { kind: 'refused'; reason: string };

interface RequestDeps {
  store: PeeringRecordStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

const jobOf = (record: PeeringRecord, change: PeerCidrChange) => changePeerCidrsJob(record.id, change.id);

export async function requestCidrChange(
  deps: RequestDeps,
  input: {
    changeId: string;
    peeringId: string;
    userId: string;
    cidrs: string;
    orgVpc: OrgVpc | undefined;
    usedElsewhere: readonly UsedCidr[];
    /** The CIDRs as Aiven last listed them (the snapshot), when it has the peering. */
    current?: readonly string[];
  },
): Promise<CidrChangeRequestOutcome> {
  const record = await deps.store.getPeering(input.peeringId);
  if (!record) return { kind: 'refused', reason: 'vpc-peer has no record of this peering.' };
  const pending = record.cidrChange;
  if (pending?.id === input.changeId) {
    // The same submission again (double click, Slack retry): queue its job again; the job runs once.
    if (pending.status === 'queued') await deps.queue.enqueue(jobOf(record, pending));
    return { kind: 'queued', change: pending };
  }
  if (!mayEditCidrs(record)) {
    return {
      kind: 'refused',
      reason: `This peering is ${record.state}: only a live peering's CIDRs can be edited.`,
    };
  }
  const validation = validatePeerCidrs(input.cidrs, {
    orgVpc: input.orgVpc ?? record.orgVpc,
    usedElsewhere: input.usedElsewhere,
  });
  if (!validation.ok) return { kind: 'invalid', problem: describeCidrProblems(validation) };
  if (pending && (pending.status === 'queued' || pending.status === 'sending')) {
    const age = deps.clock.now().getTime() - Date.parse(pending.requestedAt);
    // A change whose run stopped (never queued, or its lease ran out) is sent again by a new job run,
    // which looks in Aiven first.
    const leaseOver =
      pending.lease === undefined || Date.parse(pending.lease.until) < deps.clock.now().getTime();
    if (age > STUCK_MS && (pending.status === 'queued' || leaseOver)) {
      await deps.queue.enqueue(jobOf(record, pending));
    }
    return { kind: 'busy', change: pending };
  }
  const diff = diffPeerCidrs(input.current ?? currentExtraCidrs(record), validation.cidrs);
  if (diff.add.length === 0 && diff.delete.length === 0) return { kind: 'no-change' };
  const change: PeerCidrChange = {
    id: input.changeId,
    ...diff,
    requestedBy: input.userId,
    requestedAt: deps.clock.now().toISOString(),
    status: 'queued',
  };
  try {
    const written = await deps.store.updatePeering(record.id, record.version, { cidrChange: change });
    await deps.queue.enqueue(jobOf(written, change));
  } catch (error) {
    // Someone else changed the record since it was read (another edit, reconcile): let the user retry.
    if (error instanceof StaleRecordError) {
      return { kind: 'refused', reason: 'The peering changed while you were editing. Submit again.' };
    }
    throw error;
  }
  deps.logger.info(
    { peeringId: record.id, changeId: change.id, add: diff.add, delete: diff.delete },
    'CIDR change queued',
  );
  return { kind: 'queued', change };
}
