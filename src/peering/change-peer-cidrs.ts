// The change-peer-cidrs job: sends a recorded edit of a peering's extra CIDRs (request-cidr-change.ts)
// to Aiven once and tells the thread. Once: a run claims the send with a lease (compare-and-set);
// a duplicate run backs off while the lease lives, and a run that finds a `sending` change whose
// lease ran out reads the peering in Aiven first and only sends again when Aiven does not show it.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { recordAudit } from './audit';
import { BOT_ACTOR, writeWithRereads } from './deletion';
import { StaleRecordError } from './errors';
import { currentExtraCidrs, type PeerCidrChange, type PeeringRecord } from './model';
import { describeChange } from './peer-cidrs';
import {
  type AivenApi,
  type AuditTrail,
  type ClaimStore,
  type Clock,
  isAivenFailure,
  type PeeringRecordStore,
} from './ports';

/** How long a run that claimed a change may take to send it before another run may take over. */
const SEND_LEASE_MS = 60_000;

/** How the job tells people: one reply per change when sent, one with Aiven's answer, the root rewritten. */
export interface CidrChangeNotifier {
  sending(record: PeeringRecord, change: PeerCidrChange): Promise<void>;
  answered(record: PeeringRecord, change: PeerCidrChange): Promise<void>;
  updateRoot(record: PeeringRecord): Promise<void>;
}

export function makeChangePeerCidrs(deps: {
  aiven: AivenApi;
  store: AuditTrail & ClaimStore & PeeringRecordStore;
  clock: Clock;
  logger: Logger;
  notifier: CidrChangeNotifier;
}) {
  const { store } = deps;
  const TTL = 30 * 24 * 3600;
  const leaseLive = (change: PeerCidrChange) =>
    change.lease !== undefined && Date.parse(change.lease.until) > deps.clock.now().getTime();

  /** Writes the change's new status (and the CIDRs Aiven now reports) unless another run moved it on. */
  const settle = (record: PeeringRecord, change: PeerCidrChange, patch: Partial<PeeringRecord>) =>
    writeWithRereads(
      record,
      (current) =>
        current.cidrChange?.id !== change.id
          ? Promise.resolve(current)
          : store.updatePeering(current.id, current.version, patch),
      () => store.getPeering(record.id),
      (error) => error instanceof StaleRecordError,
    );

  async function tellOutcome(record: PeeringRecord, change: PeerCidrChange): Promise<void> {
    if (await store.claimOnce(`audit:cidrs:${change.id}`, TTL)) {
      await recordAudit(store, deps.logger, {
        peeringId: record.id,
        action: change.status === 'done' ? 'cidrs-changed' : 'cidrs-change-failed',
        actor: BOT_ACTOR,
        at: deps.clock.now().toISOString(),
        detail:
          describeChange(change) +
          (change.failure ? `: ${change.failure.reason} (reference: ${change.failure.reference})` : ''),
      });
    }
    await deps.notifier.answered(record, change);
    await deps.notifier.updateRoot(record);
  }

  async function fail(record: PeeringRecord, change: PeerCidrChange, reason: string, reference: string) {
    const failed: PeerCidrChange = {
      ...change,
      status: 'failed',
      failure: { reason, reference },
      answeredAt: deps.clock.now().toISOString(),
    };
    const written = await settle(record, change, { cidrChange: failed });
    await tellOutcome(written, written.cidrChange?.id === change.id ? written.cidrChange : failed);
  }

  async function run(job: { id: string; peeringId: string; changeId: string }): Promise<void> {
    const log = deps.logger.child({ jobId: job.id, peeringId: job.peeringId, changeId: job.changeId });
    const record = await store.getPeering(job.peeringId);
    const change = record?.cidrChange;
    if (!record || !change || change.id !== job.changeId || !record.aivenPeeringId) {
      log.info('CIDR change job has nothing to do');
      return;
    }
    if (change.status === 'done' || change.status === 'failed') {
      await tellOutcome(record, change);
      return;
    }
    // Another run holds the lease and is sending right now (a duplicate delivery): it tells the outcome.
    if (change.status === 'sending' && leaseLive(change)) {
      log.info('another run is sending this CIDR change');
      return;
    }
    if (await store.claimOnce(`audit:cidrs-requested:${change.id}`, TTL)) {
      await recordAudit(store, deps.logger, {
        peeringId: record.id,
        action: 'cidrs-change-requested',
        actor: change.requestedBy,
        at: change.requestedAt,
        detail: describeChange(change),
      });
    }
    await deps.notifier.sending(record, change);
    if (change.status === 'sending') {
      // An earlier run may have sent it before it stopped: Aiven's current list decides.
      const details = await deps.aiven.getOrgVpc(record.spec.orgVpcId);
      const peering = details.peerings.find((p) => p.id === record.aivenPeeringId);
      if (
        peering &&
        change.add.every((c) => peering.extraCidrs.includes(c)) &&
        change.delete.every((c) => !peering.extraCidrs.includes(c))
      ) {
        const done = await settle(record, change, {
          cidrChange: { ...change, status: 'done', answeredAt: deps.clock.now().toISOString() },
          extraCidrs: peering.extraCidrs,
        });
        await tellOutcome(done, done.cidrChange ?? change);
        return;
      }
    }
    // The claim: one compare-and-set from queued (or an expired lease) to sending, with this run's token.
    const claim = randomUUID();
    const claimed: PeerCidrChange = {
      ...change,
      status: 'sending',
      lease: { token: claim, until: new Date(deps.clock.now().getTime() + SEND_LEASE_MS).toISOString() },
    };
    const sending = await writeWithRereads(
      record,
      (current) => {
        const now = current.cidrChange;
        const free =
          now?.id === change.id && (now.status === 'queued' || (now.status === 'sending' && !leaseLive(now)));
        return free
          ? store.updatePeering(current.id, current.version, { cidrChange: claimed })
          : Promise.resolve(current);
      },
      () => store.getPeering(record.id),
      (error) => error instanceof StaleRecordError,
    );
    if (sending.cidrChange?.lease?.token !== claim) {
      log.info('another run claimed this CIDR change');
      return;
    }
    const reference = `${record.id}/${job.id}`;
    try {
      const peering = await deps.aiven.updatePeerCidrs({
        orgVpcId: record.spec.orgVpcId,
        peeringId: record.aivenPeeringId,
        awsAccountId: record.spec.awsAccountId,
        awsVpcId: record.spec.awsVpcId,
        add: change.add,
        delete: change.delete,
      });
      const extraCidrs = peering?.extraCidrs ?? [
        ...currentExtraCidrs(record).filter((c) => !change.delete.includes(c)),
        ...change.add,
      ];
      log.info({ extraCidrs }, 'Aiven changed the extra CIDRs');
      const done = await settle(sending, change, {
        cidrChange: { ...change, status: 'done', answeredAt: deps.clock.now().toISOString() },
        extraCidrs,
      });
      await tellOutcome(done, done.cidrChange ?? change);
    } catch (error) {
      // Aiven said no (4xx): final. Anything else may have taken effect or may pass later: the queue
      // retries, and the next run looks in Aiven before sending again.
      if (isAivenFailure(error) && !error.retryable) {
        log.warn({ err: error, reference }, 'Aiven refused the CIDR change');
        await fail(sending, change, `Aiven answered: ${error.aivenMessage}`, reference);
        return;
      }
      throw error;
    }
  }

  async function giveUp(
    job: { id: string; peeringId: string; changeId: string },
    error: unknown,
  ): Promise<void> {
    const record = await store.getPeering(job.peeringId);
    const change = record?.cidrChange;
    if (
      !record ||
      !change ||
      change.id !== job.changeId ||
      change.status === 'done' ||
      change.status === 'failed'
    )
      return;
    const reference = `${record.id}/${job.id}`;
    deps.logger.error({ err: error, reference }, 'CIDR change failed');
    const reason = isAivenFailure(error)
      ? `Aiven did not answer in time or failed: ${error.aivenMessage}. Check the peering's CIDRs with /vpc-peer status before trying again`
      : 'an internal error stopped it (details are in the log)';
    await fail(record, change, reason, reference);
  }

  return { run, giveUp };
}
