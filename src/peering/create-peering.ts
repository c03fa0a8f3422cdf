// The create-peering job: post the root message, create the peering in Aiven exactly once, and
// tell the thread what happened. Safe to run again at any point (queue redelivery, retries).
import type { Logger } from '../logger';
import type { Preflight } from './accept/preflight';
import type { PeeringRecord } from './model';
import {
  type AivenApi,
  ChannelUnavailableError,
  type Clock,
  isAivenFailure,
  type PeeringNotifier,
  type PeeringPatch,
  type PeeringStore,
  StaleRecordError,
} from './ports';
import { peeringExists, samePeer } from './rules';

export interface CreatePeeringDeps {
  aiven: AivenApi;
  store: PeeringStore;
  notifier: PeeringNotifier;
  clock: Clock;
  logger: Logger;
  /** Checks in AWS before anything is created in Aiven (src/peering/accept/preflight.ts). */
  preflight?: Preflight;
}

const RETRY_HINT = 'Run `/vpc-peer` to request it again.';

export function makeCreatePeering(deps: CreatePeeringDeps) {
  const { aiven, store, notifier, clock } = deps;

  async function update(record: PeeringRecord, patch: PeeringPatch): Promise<PeeringRecord> {
    return store.updatePeering(record.id, record.version, patch);
  }

  async function fail(record: PeeringRecord, reason: string, nextStep = RETRY_HINT): Promise<void> {
    const failed = await update(record, {
      state: 'CREATE_FAILED',
      stateInfo: { type: 'vpc-peer', message: reason },
    });
    if (failed.thread) {
      await notifier.createFailed(failed, reason, nextStep);
      await notifier.updateRoot(failed);
    }
  }

  async function run(job: { peeringId: string; responseUrl?: string }): Promise<void> {
    const log = deps.logger.child({ peeringId: job.peeringId });
    let record = await store.getPeering(job.peeringId);
    if (record?.state !== 'REQUESTED') {
      log.info({ state: record?.state }, 'create job has nothing to do');
      return;
    }

    if (!record.thread) {
      try {
        const thread = await notifier.postRoot(record);
        record = await update(record, { thread });
      } catch (error) {
        if (!(error instanceof ChannelUnavailableError)) throw error;
        log.warn(
          { channelId: error.channelId, reason: error.reason },
          'cannot post in channel; nothing created',
        );
        await update(record, {
          state: 'CREATE_FAILED',
          stateInfo: { type: 'vpc-peer', message: error.message },
        });
        await notifier.cannotPost(record, job.responseUrl);
        return;
      }
    }

    // Look before creating: the real API happily creates a second peering for the same VPC.
    const details = await aiven.getOrgVpc(record.spec.orgVpcId);
    const spec = record.spec;
    const existing = details.peerings.find((p) => peeringExists(p) && samePeer(p, spec));
    if (existing && record.createStartedAt) {
      log.info({ aivenPeeringId: existing.id }, 'found the peering an earlier attempt created');
      await succeed(record, existing);
      return;
    }
    if (existing) {
      await fail(
        record,
        `a peering for this VPC already exists in Aiven: ${existing.id} (${existing.state}).`,
        'Use the existing peering; nothing new was created.',
      );
      return;
    }
    if (details.vpc.state !== 'ACTIVE') {
      await fail(record, `the organization VPC ${details.vpc.name} is ${details.vpc.state}, not ACTIVE.`);
      return;
    }
    const preflight = await deps.preflight?.(record);
    if (preflight && !preflight.ok) {
      log.info({ reason: preflight.reason }, 'pre-flight refused the request; nothing created');
      await fail(record, preflight.reason, preflight.nextStep);
      return;
    }
    try {
      record = await update(record, { createStartedAt: clock.now().toISOString() });
    } catch (error) {
      // Only one job exists per request (enqueued once, at submission); the compare-and-set on the
      // record guards against the rare double delivery of that job.
      if (error instanceof StaleRecordError) {
        log.info('another runner took this create; leaving it to them');
        return;
      }
      throw error;
    }

    try {
      const peering = await aiven.createPeering(spec);
      await succeed(record, peering);
    } catch (error) {
      if (isAivenFailure(error) && !error.retryable) {
        log.warn({ status: error.status, aivenMessage: error.aivenMessage }, 'Aiven refused the peering');
        await fail(record, `Aiven refused it: ${error.aivenMessage}`, nextStepFor(error.status));
        return;
      }
      // 5xx, timeout, network: the peering may exist now. The retry looks for it first.
      throw error;
    }

    async function succeed(
      current: PeeringRecord,
      peering: { id: string; state: PeeringRecord['state']; stateInfo: PeeringRecord['stateInfo'] },
    ) {
      const created = await update(current, {
        aivenPeeringId: peering.id,
        state: peering.state,
        ...(peering.stateInfo ? { stateInfo: peering.stateInfo } : {}),
      });
      log.info({ aivenPeeringId: peering.id, state: peering.state }, 'peering created in Aiven');
      await notifier.peeringCreated(created);
      await notifier.updateRoot(created);
    }
  }

  /** Called when the queue gives up on the job: the user hears about it, and the spec is free again. */
  async function giveUp(job: { peeringId: string; responseUrl?: string }, error: unknown): Promise<void> {
    const record = await store.getPeering(job.peeringId);
    if (record?.state !== 'REQUESTED') return;
    const reason = isAivenFailure(error)
      ? `Aiven did not answer properly after several tries: ${error.aivenMessage}`
      : `an internal error stopped it after several tries (${error instanceof Error ? error.message : String(error)})`;
    if (!record.thread) {
      await update(record, { state: 'CREATE_FAILED', stateInfo: { type: 'vpc-peer', message: reason } });
      await notifier.cannotPost(record, job.responseUrl);
      return;
    }
    await fail(
      record,
      reason,
      'vpc-peer checked Aiven before every attempt, so at most this one peering exists. ' +
        'If it appears in the Aiven Console, use it; otherwise run `/vpc-peer` again.',
    );
  }

  return { run, giveUp };
}

function nextStepFor(status: number | undefined): string {
  if (status === 401 || status === 403) {
    return 'The Aiven token vpc-peer uses lacks permission for organization VPCs: ask an Aiven organization admin.';
  }
  return 'Check the values, then run `/vpc-peer` to request it again.';
}
