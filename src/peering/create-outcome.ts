// Recording and telling what the create job found. The outcome is recorded on the peering in the same
// conditional write as its state (`untoldCreateOutcome`) and cleared only once the reply is in the
// thread and the root message shows it. A run that fails in between (one Slack 429/5xx is enough: the
// worker's Slack client never retries) leaves the telling to the job's retry or to giveUp, which
// would otherwise find the state already decided and do nothing. The reply goes through postOnce, so
// telling again never doubles it; nothing here calls Aiven, so telling again never creates twice.
import type { Logger } from '../logger';
import { recordAuditOnce } from './audit';
import { BOT_ACTOR } from './deletion';
import { StaleRecordError } from './errors';
import type { AivenPeering, PeeringRecord } from './model';
import type { AuditTrail, ClaimStore, PeeringNotifier, PeeringRecordStore } from './ports';
import { stateName } from './states';

export interface CreateOutcomeDeps {
  store: AuditTrail & ClaimStore & PeeringRecordStore;
  notifier: PeeringNotifier;
  /** Starts the fast watch once the thread knows Aiven has the peering. */
  watch?: (peeringId: string) => Promise<void>;
}

export function makeCreateOutcome(deps: CreateOutcomeDeps) {
  const { store, notifier } = deps;

  /** Clears the outcome, also when the record moved on meanwhile (reconcile, a duplicate run). */
  async function markTold(record: PeeringRecord): Promise<void> {
    let current: PeeringRecord | undefined = record;
    while (current?.untoldCreateOutcome) {
      try {
        await store.updatePeering(current.id, current.version, { untoldCreateOutcome: undefined });
        return;
      } catch (error) {
        if (!(error instanceof StaleRecordError)) throw error;
        current = await store.getPeering(record.id);
      }
    }
  }

  /** Tells `record`'s untold outcome, if any (reply, root rewrite), then records that it was told. */
  async function tell(record: PeeringRecord, log: Logger): Promise<void> {
    const outcome = record.untoldCreateOutcome;
    if (!outcome) return;
    // Into its history first, once: at the time the outcome was written.
    await recordAuditOnce(store, log, `create-outcome:${record.id}`, {
      peeringId: record.id,
      action: outcome.kind === 'created' ? 'peering-created' : 'create-failed',
      actor: BOT_ACTOR,
      at: record.updatedAt,
      detail:
        outcome.kind === 'created'
          ? `Aiven peering ${record.aivenPeeringId ?? '?'}, ${stateName(outcome.state)}`
          : outcome.reason,
    });
    if (record.thread) {
      if (outcome.kind === 'failed') {
        await notifier.createFailed(record, outcome.reason, outcome.nextStep);
      } else {
        // The reply tells what Aiven answered to the create, even if the state has moved on since.
        const { stateInfo: _current, ...rest } = record;
        await notifier.peeringCreated({
          ...rest,
          state: outcome.state,
          ...(outcome.stateInfo ? { stateInfo: outcome.stateInfo } : {}),
        });
      }
      await notifier.updateRoot(record);
    }
    await markTold(record);
    log.info({ outcome: outcome.kind }, 'told the thread the outcome of the create');
    if (outcome.kind !== 'created') return;
    try {
      await deps.watch?.(record.id);
    } catch (error) {
      // Only speed is lost: the minute poll reports the same progress.
      log.warn({ err: error }, 'could not start the fast watch');
    }
  }

  return {
    tell,

    /** Closes the request as not created, then tells the thread why and what to do now. */
    async failed(record: PeeringRecord, log: Logger, reason: string, nextStep: string): Promise<void> {
      const failed = await store.updatePeering(record.id, record.version, {
        state: 'CREATE_FAILED',
        stateInfo: { type: 'vpc-peer', message: reason },
        untoldCreateOutcome: { kind: 'failed', reason, nextStep },
      });
      await tell(failed, log);
    },

    /** Records the peering Aiven has, then tells the thread. */
    async created(
      record: PeeringRecord,
      log: Logger,
      peering: Pick<AivenPeering, 'id' | 'state' | 'stateInfo'>,
    ): Promise<void> {
      const stateInfo = peering.stateInfo ? { stateInfo: peering.stateInfo } : {};
      let created: PeeringRecord;
      try {
        created = await store.updatePeering(record.id, record.version, {
          aivenPeeringId: peering.id,
          state: peering.state,
          ...stateInfo,
          untoldCreateOutcome: { kind: 'created', state: peering.state, ...stateInfo },
        });
      } catch (error) {
        // A duplicate run recorded it first and tells the thread.
        const latest = await store.getPeering(record.id);
        if (error instanceof StaleRecordError && latest?.state !== 'REQUESTED') return;
        throw error;
      }
      log.info({ aivenPeeringId: peering.id, state: peering.state }, 'peering created in Aiven');
      await tell(created, log);
    },
  };
}
