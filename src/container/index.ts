// The composition root: the only place that creates clients and wires adapters to the domain.
// Each entry point calls the builder it needs, so a Lambda bundle carries only its own adapters: this
// file is the worker's half (no Bolt), slack-app.ts the listeners' half.
import type { WebClient } from '@slack/web-api';
import { DEFAULT_RETRY, worstCaseCallMs } from '../adapters/aiven/retry';
import type { AwsClientSettings } from '../adapters/ec2/access';
import type { Store } from '../adapters/store/roles';
import type { Config } from '../config';
import type { JobRunner } from '../jobs';
import { makeJobRunner } from '../jobs';
import type { Logger } from '../logger';
import { makeStateHistoryHook } from '../peering/audit';
import { makeCreatePeering } from '../peering/create-peering';
import type { Clock, JobQueue } from '../peering/ports';
import type { Reconcile, ReconcileResult } from '../peering/reconcile';
import { makeSweep, type SweepResult } from '../peering/sweep';
import { makeMessageDelivery } from '../slack/delivery';
import { makeFindPeeringForDeletion } from '../slack/jobs/find-for-deletion';
import { makeLoadCreateForm } from '../slack/jobs/load-create-form';
import { makeResponseUrlPoster, makeSlackNotifier } from '../slack/notifiers/peering';
import { type AcceptWork, makeAcceptWork } from './accept';
import { type AivenApiConfig, makeAiven } from './clients';
import { systemClock } from './clock';
import { makeDeletionWork } from './deletion';
import { makeHandOffWork } from './hand-off';
import type { WorkerParts } from './parts';
import { ACCEPT_HOOK_NAME, makeProgress, STATE_HISTORY_HOOK_NAME } from './progress';

export type { AivenApiConfig } from './clients';

export { systemClock } from './clock';

/** What the scheduled poller did in one run; `resumed`: stuck work the sweeper queued again. */
export type PollResult = ReconcileResult & { expiredDeletionRequests: number; resumed: number };

/** What the worker is configured with; `aiven` resolved (npm start may bring its own sandbox). */
export type WorkerConfig = Pick<Config, 'accept' | 'notifyChannelId' | 'aivenAwsAccountId'> & {
  aiven: AivenApiConfig;
  /** Seconds between fast-watch checks (default 12; tests make it short). */
  watchIntervalSeconds?: number;
};

/** What differs between `npm start` and the Lambda functions: the adapters around the worker. */
export interface WorkerAdapters {
  store: Store;
  /** Jobs enqueue jobs (the fast watch re-enqueues itself). */
  queue: JobQueue;
  /**
   * Whether a job is waiting or running, where the queue can tell (npm start's): the sweeper asks.
   * Its own field, not probed on the queue: Lambda's queue is a lazy stand-in that has every method.
   */
  isQueued?: (jobId: string) => Promise<boolean>;
  /** The worker's Slack client (clients.ts: no client retries). */
  slack: WebClient;
  /** SDK settings for STS and EC2 (tests: moto); absent: the SDK's defaults. */
  aws?: AwsClientSettings | undefined;
  clock?: Clock;
  logger: Logger;
}

export type Worker = JobRunner & {
  /** Accept in AWS: the PENDING_PEER hook, pre-flight and cleanup. */
  accept: AcceptWork;
  reconcile: Reconcile;
  /** The sweeper alone (the poll runs it too). */
  sweep: { run(): Promise<SweepResult> };
  poll: { run(): Promise<PollResult> };
};

/**
 * The worker's half of the system, the same for `npm start` and the Lambda worker and poller: every
 * job, the poll, and "Accept in AWS", sharing one Aiven client and one MessageDelivery.
 */
export function makeWorker(config: WorkerConfig, adapters: WorkerAdapters): Worker {
  const { store, slack, logger } = adapters;
  const clock = adapters.clock ?? systemClock;
  const parts: WorkerParts = {
    aiven: makeAiven(config.aiven, logger),
    store,
    slack,
    delivery: makeMessageDelivery({
      client: slack,
      store,
      clock,
      logger: logger.child({ component: 'delivery' }),
    }),
    queue: adapters.queue,
    clock,
    logger,
  };
  const { aiven, delivery } = parts;
  const accept = makeAcceptWork(parts, {
    config: config.accept,
    aws: adapters.aws,
    aivenAwsAccountId: config.aivenAwsAccountId,
  });
  const progress = makeProgress(parts, {
    organizationId: config.aiven.organizationId,
    notifyChannelId: config.notifyChannelId,
    hooks: {
      [ACCEPT_HOOK_NAME]: accept.acceptOnPendingPeer,
      [STATE_HISTORY_HOOK_NAME]: makeStateHistoryHook({ store, logger, clock }),
    },
    accept,
    ...(config.watchIntervalSeconds ? { watchIntervalSeconds: config.watchIntervalSeconds } : {}),
  });
  const postToResponseUrl = makeResponseUrlPoster({ timeoutMs: 10_000 });
  const notifier = makeSlackNotifier({
    client: slack,
    delivery,
    postToResponseUrl,
    botAccepts: accept.hasRole,
  });
  // A create is one try (never retried by the client); the margin covers Aiven making it visible.
  const aivenTimeoutMs = config.aiven.timeoutMs;
  const createWindowMs = aivenTimeoutMs + Math.min(aivenTimeoutMs, 5000);
  const createPeering = makeCreatePeering({
    aiven,
    store,
    notifier,
    clock,
    logger: logger.child({ job: 'create-peering' }),
    createWindowMs,
    aivenCallBudgetMs: worstCaseCallMs(DEFAULT_RETRY, aivenTimeoutMs),
    watch: progress.startWatching,
    preflight: accept.preflight,
    prepareTransitGateway: accept.prepareTransitGateway,
  });
  const organizationId = config.aiven.organizationId;
  const loadCreateForm = makeLoadCreateForm({
    aiven,
    store,
    clock,
    organizationId,
    client: slack,
    logger: logger.child({ job: 'load-create-form' }),
  });
  const deletion = makeDeletionWork({
    ...parts,
    notifier,
    aivenAccountId: config.aivenAwsAccountId,
    hooks: {
      removeRoutes: (record) => accept.removeBotRoutes(record),
      // The thread moves from DELETING to DELETED while the people who decided are looking.
      afterDelete: (record) => progress.startWatching(record.id),
    },
  });
  const sweep = makeSweep({
    store,
    queue: adapters.queue,
    ...(adapters.isQueued ? { isQueued: adapters.isQueued } : {}),
    clock,
    logger,
    createWindowMs,
    endAcceptRun: (job, error) =>
      accept.handlers['apply-accept'].giveUp({ kind: 'apply-accept', ...job }, error),
  });
  const runner = makeJobRunner({
    'create-peering': createPeering,
    'load-create-form': loadCreateForm,
    'watch-peering': progress.watchPeering,
    ...accept.handlers,
    'show-deletion-request': deletion.showDeletionRequest,
    'delete-peering': deletion.deletePeering,
    ...makeHandOffWork({ ...parts, notifier, organizationId }),
    'find-peering-for-deletion': makeFindPeeringForDeletion({
      aiven,
      store,
      clock,
      organizationId,
      client: slack,
      postToResponseUrl,
      logger: logger.child({ job: 'find-peering-for-deletion' }),
    }),
  });
  return {
    ...runner,
    accept,
    reconcile: progress.reconcile,
    sweep,
    poll: {
      /**
       * One scheduled run: expire due deletion requests, reconcile with Aiven and sweep for stuck work
       * (src/peering/sweep.ts). They run side by side (a cold poller loads DynamoDB and reads Aiven at
       * once), and each finishes even when another fails: an Aiven outage cannot keep requests open,
       * nor keep stuck work from being resumed.
       */
      async run(): Promise<PollResult> {
        const [expired, reconciled, swept] = await Promise.allSettled([
          deletion.expireDeletionRequests(),
          progress.reconcile.run(),
          sweep.run(),
        ]);
        if (reconciled.status === 'rejected') throw reconciled.reason;
        if (expired.status === 'rejected') throw expired.reason;
        if (swept.status === 'rejected') throw swept.reason;
        return {
          ...reconciled.value,
          expiredDeletionRequests: expired.value,
          resumed: swept.value.resumed,
        };
      },
    },
  };
}
