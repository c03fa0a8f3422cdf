// The reconcile loop: compares Aiven's peerings with vpc-peer's records and turns every change into
// exactly one announcement. The conditional write that records a change also queues its
// announcement (PendingChange), so a run that crashes after recording it leaves the announcement for
// the next run; overlapping runs and the fast watch lose the compare-and-set and announce nothing twice
// (replies and root updates are additionally claimed per change key by the notifier).
import type { Logger } from '../logger';
import { makeAnnouncer } from './announce';
import type { PeeringChangeHooks } from './change-hooks';
import { DuplicatePeeringError, StaleRecordError } from './errors';
import { externalPeeringRecord } from './external';
import { type AivenPeering, isExternal, isOpen, type OrgVpc, type PeeringRecord } from './model';
import { observeExtraCidrs } from './outside-cidrs';
import type { AivenApi, ClaimStore, Clock, PeeringRecordStore, SnapshotStore } from './ports';
import {
  type Observation,
  observeChange,
  observeExpiry,
  observeRevival,
  type ProgressNotifier,
} from './progress';
import { AIVEN_CONCURRENCY, mapLimit, readOrganization } from './snapshot';

export type { PeeringChange, PeeringChangeHook, PeeringChangeHooks } from './change-hooks';

export interface ReconcileDeps {
  aiven: AivenApi;
  store: PeeringRecordStore & ClaimStore & SnapshotStore;
  notifier: ProgressNotifier;
  clock: Clock;
  logger: Logger;
  organizationId: string;
  /** Channel id where peerings made outside vpc-peer are announced; undefined: tracked silently. */
  notifyChannelId: string | undefined;
  /** Called at least once per change (retried on failure, or after a lost run's lease): idempotent. */
  hooks: PeeringChangeHooks;
  /** The hook list's order before hooks had names: maps `hooksLeft` of changes stored back then. */
  legacyHookNames?: readonly string[];
}

export interface ReconcileResult {
  vpcs: number;
  peerings: number;
  /** Changes recorded by this run. */
  changes: number;
  /** Peerings made outside vpc-peer seen for the first time. */
  adopted: number;
  /** Records closed as gone whose peering Aiven lists again. */
  revived: number;
}

export function makeReconcile(deps: ReconcileDeps) {
  const { store, clock, logger } = deps;
  const { announce, remind, announceExternal } = makeAnnouncer(deps);

  /** Records what Aiven reports (if it changed), then announces whatever is still unannounced. */
  async function step(record: PeeringRecord, observed: Observation | undefined): Promise<boolean> {
    let current = record;
    let changed = false;
    const now = clock.now();
    const next = observed === undefined ? observeExpiry(current, now) : observeChange(current, observed, now);
    // The extra CIDRs as Aiven reports them, judged on the record as this write leaves its state.
    const cidrs = observeExtraCidrs({ ...current, ...next?.patch } as PeeringRecord, observed);
    const patch = cidrs
      ? {
          ...next?.patch,
          extraCidrs: cidrs.extraCidrs,
          pendingChanges: [...(next?.patch.pendingChanges ?? current.pendingChanges ?? []), cidrs.change],
        }
      : next?.patch;
    if (patch) {
      try {
        current = await store.updatePeering(current.id, current.version, patch);
        changed = next?.change !== undefined || cidrs !== undefined;
        if (next?.change) {
          logger.info(
            { peeringId: current.id, from: next.change.previous, to: next.change.state },
            'peering changed state',
          );
        }
        if (cidrs) {
          logger.info(
            { peeringId: current.id, before: cidrs.change.cidrs?.before, after: cidrs.extraCidrs },
            'extra CIDRs changed outside vpc-peer',
          );
        }
      } catch (error) {
        if (!(error instanceof StaleRecordError)) throw error;
        // The record changed after this observation was made (the create job wrote its Aiven id, the
        // delete job moved it to DELETING, an overlapping run or the fast watch recorded it): the
        // observation may predate that write, so nothing is concluded from it. The next run looks again.
        logger.debug({ peeringId: current.id }, 'record changed while observing; skipped until next run');
        return false;
      }
    }
    if (isExternal(current) && !current.thread) current = await bringUp(current);
    if (current.pendingChanges?.length) await announce(current);
    else await remind(current);
    return changed;
  }

  /**
   * Gives a peering made outside vpc-peer its thread. One adopted silently (it predates vpc-peer's first
   * run) has no channel: its first change moves it to NOTIFY_CHANNEL, with a message naming that change,
   * so it and the later ones are told somewhere. Unchanged, it stays quiet: announcing a whole
   * organization at the first run would be noise.
   */
  async function bringUp(record: PeeringRecord): Promise<PeeringRecord> {
    // The changes wait on the record until the thread exists (announce holds them), so the message
    // names the first one also when an earlier attempt to post it failed.
    const first = record.pendingChanges?.[0];
    if (record.channelId !== '') return announceExternal(record, first);
    if (!first || deps.notifyChannelId === undefined) return record;
    let current: PeeringRecord;
    try {
      // The channel first (a conditional write): a run that dies after it still announces next time.
      current = await store.updatePeering(record.id, record.version, { channelId: deps.notifyChannelId });
    } catch (error) {
      if (!(error instanceof StaleRecordError)) throw error;
      return record; // an overlapping run is bringing it up
    }
    return announceExternal(current, first);
  }

  /** A record closed as gone whose peering Aiven lists again takes Aiven's state again, told in its thread. */
  async function revive(record: PeeringRecord, peering: AivenPeering): Promise<boolean> {
    const next = observeRevival(record, peering, clock.now());
    if (!next) return false;
    let revived: PeeringRecord;
    try {
      revived = await store.updatePeering(record.id, record.version, next.patch);
    } catch (error) {
      if (error instanceof StaleRecordError) return false; // another run revived it
      if (error instanceof DuplicatePeeringError) {
        // Someone requested the same peering again meanwhile: that open request owns the spec now.
        logger.warn(
          { peeringId: record.id, aivenPeeringId: peering.id, openRequest: error.existing.id },
          'Aiven lists a peering closed as gone again, but another open request has its VPC; left closed',
        );
        return false;
      }
      throw error;
    }
    logger.info(
      { peeringId: record.id, aivenPeeringId: peering.id, state: peering.state },
      'Aiven lists a peering closed as gone again: tracking it again',
    );
    await step(revived, undefined);
    return true;
  }

  /**
   * A peering made outside vpc-peer becomes a record: list, status and delete then work for it too.
   * A closed record of the same Aiven peering is revived if it was closed as gone, else left alone.
   */
  async function adopt(
    peering: AivenPeering,
    vpc: OrgVpc,
    silently: boolean,
  ): Promise<'adopted' | 'revived' | false> {
    // A closed record (e.g. EXPIRED while Aiven still says PENDING_PEER) must not come back as external.
    const closed = await store.findByAivenPeeringId(peering.id);
    if (closed) return (await revive(closed, peering)) ? 'revived' : false;
    const now = clock.now().toISOString();
    const announced = !silently && deps.notifyChannelId !== undefined;
    const record = externalPeeringRecord(vpc, peering, {
      now,
      channelId: announced ? (deps.notifyChannelId as string) : '',
    });
    try {
      const { record: stored, created } = await store.insertPeering(record);
      if (!created) return false;
      logger.info(
        { peeringId: stored.id, aivenPeeringId: peering.id },
        'tracking a peering made outside vpc-peer',
      );
      if (announced) await announceExternal(stored);
      return 'adopted';
    } catch (error) {
      // An open record for the same VPC exists: its create job owns this peering.
      if (error instanceof DuplicatePeeringError) return false;
      throw error;
    }
  }

  async function safely<T>(what: Record<string, unknown>, work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      logger.error({ err: error, ...what }, 'reconcile step failed; trying again next run');
      return fallback;
    }
  }

  return {
    step,
    /** One pass over the organization. Throws only when Aiven's VPC list cannot be read. */
    async run(): Promise<ReconcileResult> {
      // Records first, Aiven second: a record written after this listing (the create job's Aiven id,
      // the delete job's DELETING) has a new version, so comparing it with an Aiven read that predates
      // the write loses the compare-and-set instead of announcing "→ Deleted" or "Deleting → Active".
      const records = await store.listOpenPeerings();
      const previous = await store.loadSnapshot(deps.organizationId);
      const { snapshot, unreadVpcIds } = await readOrganization({ ...deps, previous });
      const byAivenId = new Map(records.filter((r) => r.aivenPeeringId).map((r) => [r.aivenPeeringId, r]));
      const details = new Map(snapshot.vpcs.map((d) => [d.vpc.id, d]));

      const observationOf = (record: PeeringRecord): Observation | undefined => {
        // Ended records are listed only to drain their pending announcements: Aiven has no say any more.
        if (!isOpen(record.state) || !record.aivenPeeringId || unreadVpcIds.has(record.spec.orgVpcId))
          return undefined;
        // "Gone" only where this run read the org VPC's peerings (or Aiven lists the VPC as DELETED);
        // a VPC missing from the list was not read, so nothing is concluded about its peerings.
        const vpc = details.get(record.spec.orgVpcId);
        if (!vpc) return undefined;
        return vpc.peerings.find((p) => p.id === record.aivenPeeringId) ?? 'gone';
      };
      const changed = await mapLimit(records, AIVEN_CONCURRENCY, (record) =>
        safely({ peeringId: record.id }, () => step(record, observationOf(record)), false),
      );

      // The very first reconcile adopts what exists silently: announcing a whole organization is noise.
      const silently = previous?.reconciledAt === undefined;
      const unknown = snapshot.vpcs.flatMap((d) =>
        d.peerings.filter((p) => isOpen(p.state) && !byAivenId.has(p.id)).map((p) => ({ p, vpc: d.vpc })),
      );
      const adopted = await mapLimit(unknown, AIVEN_CONCURRENCY, ({ p, vpc }) =>
        safely({ aivenPeeringId: p.id }, () => adopt(p, vpc, silently), false),
      );
      return {
        vpcs: snapshot.vpcs.length,
        peerings: snapshot.vpcs.reduce((sum, d) => sum + d.peerings.length, 0),
        changes: changed.filter(Boolean).length,
        adopted: adopted.filter((a) => a === 'adopted').length,
        revived: adopted.filter((a) => a === 'revived').length,
      };
    },
  };
}

export type Reconcile = ReturnType<typeof makeReconcile>;
