// "Managed by Terraform now": after the hand-off file is imported, the peering belongs to Terraform.
// vpc-peer records it once (compare-and-set on the record, an audit event, a thread reply by a job)
// and from then on only watches and reports: no delete, no accept or Replace, no route removal.
import type { Logger } from '../logger';
import { recordAudit } from './audit';
import { writeWithRereads } from './deletion';
import { StaleRecordError } from './errors';
import { tellHandOverJob } from './job-ids';
import { isManagedByTerraform, isOpen, type PeeringRecord } from './model';
import type {
  AuditTrail,
  ClaimStore,
  Clock,
  DeletionRequestStore,
  JobQueue,
  PeeringRecordStore,
} from './ports';
import { STATE_DESCRIPTIONS } from './states';

export type HandOverOutcome =
  | { kind: 'handed-over'; record: PeeringRecord }
  | { kind: 'already'; record: PeeringRecord }
  | { kind: 'refused'; reason: string; record?: PeeringRecord };

export interface HandOverDeps {
  store: PeeringRecordStore & DeletionRequestStore & AuditTrail;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}

/** Why this peering cannot be handed over now, in plain words; undefined when it can. */
async function refusal(
  store: DeletionRequestStore & AuditTrail,
  record: PeeringRecord,
): Promise<string | undefined> {
  if (!record.aivenPeeringId) {
    return 'Aiven has not created this peering yet: there is nothing for Terraform to import.';
  }
  if (!isOpen(record.state) || record.state === 'DELETING') {
    return `This peering is *${STATE_DESCRIPTIONS[record.state].label}*: there is nothing to hand over.`;
  }
  if (record.accept?.status === 'applying') {
    return 'vpc-peer is accepting this peering or adding its routes right now: hand it over once the thread shows the result.';
  }
  if (await store.findOpenDeletionRequest(record.id)) {
    return 'A deletion of this peering waits for a decision: cancel or reject it first.';
  }
  const history = await store.listAuditEvents(record.id);
  if (history.some((event) => event.action === 'deletion-approved')) {
    return 'An approver approved deleting this peering: it is not handed over.';
  }
  return undefined;
}

export async function handOverToTerraform(
  deps: HandOverDeps,
  input: {
    peeringId: string;
    userId: string;
    /** Who may act on this peering's account (the policy file's ownership): the words when not. */
    refuseOwner?: (record: PeeringRecord) => Promise<string | undefined>;
  },
): Promise<HandOverOutcome> {
  const record = await deps.store.getPeering(input.peeringId);
  if (!record) return { kind: 'refused', reason: 'vpc-peer has no record of this peering.' };
  const notYours = await input.refuseOwner?.(record);
  if (notYours) return { kind: 'refused', reason: notYours, record };
  if (isManagedByTerraform(record)) return already(deps, record);
  const why = await refusal(deps.store, record);
  if (why) return { kind: 'refused', reason: why, record };
  const at = deps.clock.now().toISOString();
  const written = await writeWithRereads(
    record,
    async (current) =>
      isManagedByTerraform(current)
        ? current
        : deps.store.updatePeering(current.id, current.version, {
            terraform: { handedOverBy: input.userId, handedOverAt: at },
          }),
    () => deps.store.getPeering(record.id),
    (error) => error instanceof StaleRecordError,
  );
  // Another click (or a Slack retry) won the write.
  if (written.terraform?.handedOverAt !== at || written.terraform.handedOverBy !== input.userId) {
    return already(deps, written);
  }
  deps.logger.info({ peeringId: record.id, userId: input.userId }, 'peering handed over to Terraform');
  await enqueueTelling(deps, written);
  return { kind: 'handed-over', record: written };
}

/**
 * The audit event and the thread reply come from one idempotent job, queued after the write: a crash
 * in between is healed by the next click (which finds the record handed over and queues it again).
 */
function enqueueTelling(deps: HandOverDeps, record: PeeringRecord): Promise<void> {
  return deps.queue.enqueue(tellHandOverJob(record.id));
}

async function already(deps: HandOverDeps, record: PeeringRecord): Promise<HandOverOutcome> {
  await enqueueTelling(deps, record);
  return { kind: 'already', record };
}

/** The tell-hand-over job: the audit event once, the thread reply once, the root rewritten. */
export function makeTellHandOver(deps: {
  store: PeeringRecordStore & AuditTrail & ClaimStore;
  logger: Logger;
  /** Posts the reply in the peering's thread at most once per key. */
  tellThread: (key: string, record: PeeringRecord) => Promise<void>;
  updateRoot: (record: PeeringRecord) => Promise<void>;
}) {
  const TTL = 30 * 24 * 3600;
  async function run(job: { peeringId: string }): Promise<void> {
    const record = await deps.store.getPeering(job.peeringId);
    const handOver = record?.terraform;
    if (!record || !handOver) return;
    if (await deps.store.claimOnce(`audit:handed-to-terraform:${record.id}`, TTL)) {
      await recordAudit(deps.store, deps.logger, {
        peeringId: record.id,
        action: 'handed-to-terraform',
        actor: handOver.handedOverBy,
        at: handOver.handedOverAt,
        ...(record.channelId ? { channelId: record.channelId } : {}),
      });
    }
    await deps.tellThread(`hand-over:${record.id}`, record);
    await deps.updateRoot(record);
  }
  return {
    run,
    async giveUp(job: { peeringId: string }, error: unknown): Promise<void> {
      deps.logger.error(
        { err: error, peeringId: job.peeringId },
        'could not tell the hand-over to Terraform',
      );
    },
  };
}
