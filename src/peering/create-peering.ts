// The create-peering job: post the root message, create the peering in Aiven exactly once, and
// tell the thread what happened. Safe to run again at any point (queue redelivery, retries).
import type { Logger } from '../logger';
import type { Preflight } from './accept/preflight';
import type { PrepareTransitGateway } from './accept/prepare-transit-gateway';
import { makeCreateOutcome } from './create-outcome';
import { ChannelUnavailableError, RootInDoubtError, StaleRecordError, TryAgainLaterError } from './errors';
import { type AivenPeering, type PeeringRecord, peerKindOf } from './model';
import {
  type AivenApi,
  type AuditTrail,
  type ClaimStore,
  type Clock,
  isAivenFailure,
  type PeeringNotifier,
  type PeeringPatch,
  type PeeringRecordStore,
} from './ports';
import { peeringExists, samePeer } from './rules';

export interface CreatePeeringDeps {
  aiven: AivenApi;
  store: PeeringRecordStore & AuditTrail & ClaimStore;
  notifier: PeeringNotifier;
  clock: Clock;
  logger: Logger;
  /**
   * How long after `createStartedAt` a POST to Aiven may still be in flight (the Aiven client's
   * timeout for one create, plus a margin). Within it, a second runner waits and looks; never POSTs.
   */
  createWindowMs: number;
  /** The longest one Aiven call can take with its retries: not started when the deadline is nearer. */
  aivenCallBudgetMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Starts the fast watch once Aiven has the peering, so its thread moves while the requester looks. */
  watch?: (peeringId: string) => Promise<void>;
  /** Checks in AWS before anything is created in Aiven (src/peering/accept/preflight.ts). */
  preflight?: Preflight;
  /** For an attachment instead: the Transit Gateway is checked and shared with Aiven (RAM). */
  prepareTransitGateway?: PrepareTransitGateway;
}

const RETRY_HINT = 'Run `/vpc-peer` to request it again.';
const DEFAULT_RUN_MS = 5 * 60_000;

type JobInfo = { id: string; peeringId: string; responseUrl?: string };

export function makeCreatePeering(deps: CreatePeeringDeps) {
  const { aiven, store, notifier, clock } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const outcome = makeCreateOutcome({
    store,
    notifier,
    ...(deps.watch ? { watch: deps.watch } : {}),
  });

  async function update(record: PeeringRecord, patch: PeeringPatch): Promise<PeeringRecord> {
    return store.updatePeering(record.id, record.version, patch);
  }

  const fail = (record: PeeringRecord, log: Logger, reason: string, nextStep = RETRY_HINT) =>
    outcome.failed(record, log, reason, nextStep);

  /** A refusal stops the create; without a role the team shares the Transit Gateway by hand. */
  /** The record comes back with what the bot did with the RAM share (each step a conditional write). */
  async function prepareAttachment(record: PeeringRecord, log: Logger) {
    let current = record;
    const prepared = await deps.prepareTransitGateway?.(current, async (transitGatewayShare) => {
      current = await update(current, { transitGatewayShare });
    });
    if (prepared?.outcome === 'refused')
      return { record: current, refused: { ok: false as const, ...prepared } };
    if (prepared) log.info({ prepared }, 'Transit Gateway checked before creating in Aiven');
    return { record: current, refused: undefined };
  }

  async function run(job: JobInfo, context?: { deadline: number }): Promise<void> {
    const log = deps.logger.child({ peeringId: job.peeringId, jobId: job.id });
    const deadline = context?.deadline ?? clock.now().getTime() + DEFAULT_RUN_MS;
    /** Refuses to start a call of `budgetMs` that could not finish before the deadline. */
    const ensureTime = (budgetMs: number, what: string) => {
      if (clock.now().getTime() + budgetMs > deadline) {
        throw new TryAgainLaterError(`not enough time left in this run to ${what}`);
      }
    };

    let record = await store.getPeering(job.peeringId);
    if (record?.untoldCreateOutcome) {
      // An earlier run recorded the outcome but Slack failed before the thread had it all.
      await outcome.tell(record, log);
      return;
    }
    if (record?.state !== 'REQUESTED') {
      log.info({ state: record?.state }, 'create job has nothing to do');
      return;
    }

    /**
     * The root message; when Slack may have it already (a timeout, or a run that died posting it),
     * waits until a look in Slack is conclusive and tries once more, rather than fail a valid request.
     */
    const postRoot = async (current: PeeringRecord) => {
      for (let look = 1; ; look++) {
        try {
          return await notifier.postRoot(current);
        } catch (error) {
          if (!(error instanceof RootInDoubtError) || look > 2) throw error;
          // First look again at once (a post that timed out is usually found), then after the wait.
          const waitMs = look === 1 ? 0 : error.conclusiveInMs;
          ensureTime(waitMs + deps.aivenCallBudgetMs, 'wait for a root message in doubt');
          log.info({ waitMs }, 'root message in doubt; looking for it again');
          if (waitMs > 0) await sleep(waitMs);
        }
      }
    };

    if (!record.thread) {
      try {
        const thread = await postRoot(record);
        record = await update(record, { thread });
      } catch (error) {
        if (!(error instanceof ChannelUnavailableError)) throw error;
        log.warn(
          { channelId: error.channelId, reason: error.reason },
          'cannot post in channel; nothing created',
        );
        // Tell first, then close: a closed record is never looked at again, so a failed telling
        // must leave the job to be retried.
        await notifier.cannotPost(record, job.responseUrl);
        await update(record, {
          state: 'CREATE_FAILED',
          stateInfo: { type: 'vpc-peer', message: `vpc-peer may not post in the channel (${error.reason})` },
        });
        return;
      }
    }

    const spec = record.spec;
    // Look before creating: the real API happily creates a second peering for the same VPC.
    for (;;) {
      ensureTime(deps.aivenCallBudgetMs, 'read the organization VPC');
      const details = await aiven.getOrgVpc(spec.orgVpcId);
      const existing = details.peerings.find((p) => peeringExists(p, clock.now()) && samePeer(p, spec));
      if (existing && record.createStartedAt) {
        log.info({ aivenPeeringId: existing.id }, 'found the peering an earlier attempt created');
        await outcome.created(record, log, existing);
        return;
      }
      if (existing) {
        await fail(
          record,
          log,
          `a peering for this VPC already exists in Aiven: ${existing.id} (${existing.state}).`,
          'Use the existing peering; nothing new was created.',
        );
        return;
      }
      if (details.vpc.state !== 'ACTIVE') {
        await fail(
          record,
          log,
          `the organization VPC ${details.vpc.name} is ${details.vpc.state}, not ACTIVE.`,
        );
        return;
      }
      // Another run (a duplicate delivery of this job) may have a POST in flight that Aiven has not
      // made visible yet: wait and look again rather than POST a second peering.
      const startedAt = record.createStartedAt ? Date.parse(record.createStartedAt) : undefined;
      const inFlightUntil = startedAt === undefined ? 0 : startedAt + deps.createWindowMs;
      if (clock.now().getTime() >= inFlightUntil) break;
      const pause = Math.min(inFlightUntil - clock.now().getTime(), Math.max(100, deps.createWindowMs / 5));
      ensureTime(pause + deps.aivenCallBudgetMs, 'wait for the create in flight');
      log.info({ createStartedAt: record.createStartedAt }, 'a create may be in flight; looking again');
      await sleep(pause);
      const latest = await store.getPeering(job.peeringId);
      if (latest?.state !== 'REQUESTED') return;
      record = latest;
    }

    let preflight: Awaited<ReturnType<Preflight>> | undefined;
    if (peerKindOf(record.spec) === 'transit-gateway-attachment') {
      try {
        const prepared = await prepareAttachment(record, log);
        record = prepared.record;
        preflight = prepared.refused;
      } catch (error) {
        // Another runner (a duplicate delivery) wrote the share first: it carries on from there.
        if (!(error instanceof StaleRecordError)) throw error;
        log.info('another runner is sharing the Transit Gateway; leaving it to them');
        return;
      }
    } else preflight = await deps.preflight?.(record);
    if (preflight && !preflight.ok) {
      log.info({ reason: preflight.reason }, 'pre-flight refused the request; nothing created');
      await fail(record, log, preflight.reason, preflight.nextStep);
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

    let peering: AivenPeering;
    try {
      ensureTime(deps.createWindowMs, 'create the peering');
      peering = await aiven.createPeering(spec);
    } catch (error) {
      if (isAivenFailure(error) && !error.retryable) {
        log.warn({ status: error.status, aivenMessage: error.aivenMessage }, 'Aiven refused the peering');
        await fail(record, log, `Aiven refused it: ${error.aivenMessage}`, nextStepFor(error.status));
        return;
      }
      // A 2xx we could not read, 5xx, timeout, network: the peering may exist now. Look once at
      // once; otherwise the retry looks again (after the in-flight window) before creating.
      if (isAivenFailure(error) && error.status !== undefined && error.status < 300) {
        const found = (await aiven.getOrgVpc(spec.orgVpcId)).peerings.find(
          (p) => peeringExists(p) && samePeer(p, spec),
        );
        if (found) {
          log.warn(
            { aivenPeeringId: found.id, aivenMessage: error.aivenMessage },
            'adopted the peering an unreadable answer created',
          );
          await outcome.created(record, log, found);
          return;
        }
      }
      throw error;
    }
    // Outside the try: a Slack failure while telling must not be taken for an answer from Aiven.
    await outcome.created(record, log, peering);
  }

  /** Called when the queue gives up on the job: the user hears about it, and the spec is free again. */
  async function giveUp(job: JobInfo, error: unknown): Promise<void> {
    const record = await store.getPeering(job.peeringId);
    const log = deps.logger.child({ peeringId: job.peeringId, jobId: job.id });
    // The last attempt decided the outcome but Slack failed while telling it: this is the last chance.
    if (record?.untoldCreateOutcome) return outcome.tell(record, log);
    if (record?.state !== 'REQUESTED') return;
    if (!record.thread && error instanceof RootInDoubtError) {
      // Slack did not answer for the root message: the request is valid and nothing was created. The
      // sweeper queues it again once it has been idle a while; the root is looked up before posting.
      log.warn({ err: error }, 'root message in doubt; the sweeper resumes this request');
      return;
    }
    const reference = `${record.id}/${job.id}`;
    // Internal error text stays in the log; the user gets plain words and a reference to quote.
    log.error({ err: error, reference }, 'create gave up');
    const reason = isAivenFailure(error)
      ? `Aiven did not answer properly after several tries: ${error.aivenMessage} (reference: ${reference})`
      : error instanceof TryAgainLaterError
        ? `Aiven did not answer in the time vpc-peer has for each try (reference: ${reference})`
        : `vpc-peer ran into an internal problem after several tries (reference: ${reference})`;
    const nextStep = record.createStartedAt
      ? 'vpc-peer checked Aiven before every attempt, so at most this one peering exists. ' +
        'If it appears in the Aiven Console, use it; otherwise run `/vpc-peer` again.'
      : 'Nothing was created in Aiven. Run `/vpc-peer` to request it again; if it keeps failing, ' +
        'give your vpc-peer administrators the reference.';
    if (!record.thread) {
      await notifier.createFailedPrivately(record, reason, nextStep, job.responseUrl);
      await update(record, { state: 'CREATE_FAILED', stateInfo: { type: 'vpc-peer', message: reason } });
      return;
    }
    await fail(record, log, reason, nextStep);
  }

  return { run, giveUp };
}

function nextStepFor(status: number | undefined): string {
  if (status === 401 || status === 403) {
    return 'The Aiven token vpc-peer uses lacks permission for organization VPCs: ask an Aiven organization admin.';
  }
  return 'Check the values, then run `/vpc-peer` to request it again.';
}
