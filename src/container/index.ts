// The composition root: the only place that creates clients and wires adapters to the domain.
// Each entry point calls the builder it needs, so a Lambda bundle carries only its own adapters: this
// file is the worker's half (no Bolt), slack-app.ts the listeners' half.

import type { WebClient } from '@slack/web-api';
import { DEFAULT_RETRY, worstCaseCallMs } from '../adapters/aiven/retry';
import type { Store } from '../adapters/store/roles';
import type { AivenConfig } from '../config';
import type { JobRunner } from '../jobs';
import { makeJobRunner } from '../jobs';
import type { Logger } from '../logger';
import { makeStateHistoryHook } from '../peering/audit';
import { makeCreatePeering } from '../peering/create-peering';
import type { AivenApi, Clock, JobQueue } from '../peering/ports';
import type { PeeringChangeHooks, Reconcile, ReconcileResult } from '../peering/reconcile';
import { makeSweep, type SweepResult } from '../peering/sweep';
import { makeMessageDelivery } from '../slack/delivery';
import { makeFindPeeringForDeletion } from '../slack/jobs/find-for-deletion';
import { makeLoadCreateForm } from '../slack/jobs/load-create-form';
import { makeResponseUrlPoster, makeSlackNotifier } from '../slack/notifier';
import type { AcceptWork } from './accept';
import { systemClock } from './clock';
import { makeDeletionWork } from './deletion';
import { makeHandOffWork } from './hand-off';
import { ACCEPT_HOOK_NAME, makeProgress, STATE_HISTORY_HOOK_NAME } from './progress';

export type AivenApiConfig = Extract<AivenConfig, { mode: 'api' }>;

export { systemClock } from './clock';

/** What the scheduled poller did in one run; `resumed`: stuck work the sweeper queued again. */
export type PollResult = ReconcileResult & { expiredDeletionRequests: number; resumed: number };

/** Everything a job needs to run: the worker's half of the system. */
export function makeJobs(options: {
  organizationId: string;
  aiven: AivenApi;
  /** AIVEN_TIMEOUT_MS: sizes how long a create may be in flight and what a run must leave time for. */
  aivenTimeoutMs: number;
  store: Store;
  slack: WebClient;
  logger: Logger;
  clock?: Clock;
  /** Jobs enqueue jobs (the fast watch re-enqueues itself). */
  queue: JobQueue;
  /** Whether a job is waiting or running, where the queue can tell (npm start's): the sweeper asks. */
  isQueued?: (jobId: string) => Promise<boolean>;
  notifyChannelId?: string | undefined;
  watchIntervalSeconds?: number;
  /** Run after each announced state change, by stable name, besides "Accept in AWS" on PENDING_PEER. */
  hooks?: PeeringChangeHooks;
  /** Accept in AWS (built by container/accept.ts, which only worker-side entry points import). */
  accept: Pick<
    AcceptWork,
    'handlers' | 'preflight' | 'acceptOnPendingPeer' | 'hasRole' | 'removeBotRoutes' | 'routeTablesFor'
  >;
}): JobRunner & {
  reconcile: Reconcile;
  /** The sweeper alone (the poll runs it too). */
  sweep: { run(): Promise<SweepResult> };
  poll: { run(): Promise<PollResult> };
} {
  const clock = options.clock ?? systemClock;
  const delivery = makeMessageDelivery({
    client: options.slack,
    store: options.store,
    clock,
    logger: options.logger.child({ component: 'delivery' }),
  });
  const progress = makeProgress({
    ...options,
    clock,
    delivery,
    notifyChannelId: options.notifyChannelId,
    hooks: {
      ...options.hooks,
      [ACCEPT_HOOK_NAME]: options.accept.acceptOnPendingPeer,
      [STATE_HISTORY_HOOK_NAME]: makeStateHistoryHook({
        store: options.store,
        logger: options.logger,
        clock,
      }),
    },
    botAccepts: options.accept.hasRole,
    routeTablesFor: options.accept.routeTablesFor,
  });
  const postToResponseUrl = makeResponseUrlPoster({ timeoutMs: 10_000 });
  const notifier = makeSlackNotifier({
    client: options.slack,
    delivery,
    postToResponseUrl,
    botAccepts: options.accept.hasRole,
  });
  // A create is one try (never retried by the client); the margin covers Aiven making it visible.
  const createWindowMs = options.aivenTimeoutMs + Math.min(options.aivenTimeoutMs, 5000);
  const createPeering = makeCreatePeering({
    aiven: options.aiven,
    store: options.store,
    notifier,
    clock,
    logger: options.logger.child({ job: 'create-peering' }),
    createWindowMs,
    aivenCallBudgetMs: worstCaseCallMs(DEFAULT_RETRY, options.aivenTimeoutMs),
    watch: progress.startWatching,
    preflight: options.accept.preflight,
  });
  const loadCreateForm = makeLoadCreateForm({
    aiven: options.aiven,
    store: options.store,
    clock,
    organizationId: options.organizationId,
    client: options.slack,
    logger: options.logger.child({ job: 'load-create-form' }),
  });
  const deletion = makeDeletionWork({
    ...options,
    notifier,
    delivery,
    clock,
    hooks: {
      removeRoutes: (record) => options.accept.removeBotRoutes(record),
      // The thread moves from DELETING to DELETED while the people who decided are looking.
      afterDelete: (record) => progress.startWatching(record.id),
    },
  });
  const sweep = makeSweep({
    store: options.store,
    queue: options.queue,
    ...(options.isQueued ? { isQueued: options.isQueued } : {}),
    clock,
    logger: options.logger,
    createWindowMs,
    endAcceptRun: (job, error) =>
      options.accept.handlers['apply-accept'].giveUp({ kind: 'apply-accept', ...job }, error),
  });
  const runner = makeJobRunner({
    'create-peering': createPeering,
    'load-create-form': loadCreateForm,
    'watch-peering': progress.watchPeering,
    ...options.accept.handlers,
    'show-deletion-request': deletion.showDeletionRequest,
    'delete-peering': deletion.deletePeering,
    ...makeHandOffWork({ ...options, notifier, delivery, clock }),
    'find-peering-for-deletion': makeFindPeeringForDeletion({
      aiven: options.aiven,
      store: options.store,
      clock,
      organizationId: options.organizationId,
      client: options.slack,
      postToResponseUrl,
      logger: options.logger.child({ job: 'find-peering-for-deletion' }),
    }),
  });
  return {
    ...runner,
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
