// Wiring of the progress feature (reconcile, fast watch): worker side only, never imported by the
// Slack listeners, so the HTTP function carries no Aiven client and no reconcile code.

import type { WebClient } from '@slack/web-api';
import type { Store } from '../adapters/store/roles';
import type { Logger } from '../logger';
import type { AivenApi, Clock, JobQueue } from '../peering/ports';
import { makeReconcile, type PeeringChangeHooks, type Reconcile } from '../peering/reconcile';
import { makeWatchPeering, startWatching } from '../peering/watch';
import { type MessageDelivery, makeMessageDelivery } from '../slack/delivery';
import { makeSlackProgressNotifier } from '../slack/notifiers/progress';

/** The stable name of "Accept in AWS"'s change hook. */
export const ACCEPT_HOOK_NAME = 'accept-in-aws';
/** Records every state change in the peering's history (status shows it). */
export const STATE_HISTORY_HOOK_NAME = 'state-history';

export interface ProgressOptions {
  organizationId: string;
  aiven: AivenApi;
  store: Store;
  slack: WebClient;
  logger: Logger;
  clock: Clock;
  queue: JobQueue;
  /** The at-most-once poster the create job uses too (built here when not given: benches, tests). */
  delivery?: MessageDelivery;
  notifyChannelId: string | undefined;
  /** Run after each announced state change, by stable name ("Accept in AWS" queues its plan on PENDING_PEER). */
  hooks?: PeeringChangeHooks;
  /** Whether "Accept in AWS" has a role in an account: the PENDING_PEER reply then promises a plan. */
  botAccepts?: (awsAccountId: string) => boolean;
  /** ROUTE_TABLES: named in the manual steps of the PENDING_PEER reply. */
  routeTablesFor?: (awsVpcId: string) => readonly string[] | undefined;
  /** Seconds between fast-watch checks (default 12). */
  watchIntervalSeconds?: number;
}

/**
 * The hook list as it was before hooks had names (index 0 was "Accept in AWS"): changes stored then
 * name their pending hooks by these positions.
 */
export const LEGACY_HOOK_NAMES: readonly string[] = [ACCEPT_HOOK_NAME];

export function makeProgress(options: ProgressOptions): {
  reconcile: Reconcile;
  watchPeering: ReturnType<typeof makeWatchPeering>;
  startWatching: (peeringId: string) => Promise<void>;
} {
  const { store, clock } = options;
  const delivery =
    options.delivery ??
    makeMessageDelivery({
      client: options.slack,
      store,
      clock,
      logger: options.logger.child({ component: 'delivery' }),
    });
  const reconcile = makeReconcile({
    aiven: options.aiven,
    store,
    clock,
    notifier: makeSlackProgressNotifier({
      client: options.slack,
      delivery,
      store,
      clock,
      ...(options.botAccepts ? { botAccepts: options.botAccepts } : {}),
      ...(options.routeTablesFor ? { routeTablesFor: options.routeTablesFor } : {}),
    }),
    logger: options.logger.child({ component: 'reconcile' }),
    organizationId: options.organizationId,
    notifyChannelId: options.notifyChannelId,
    hooks: options.hooks ?? {},
    legacyHookNames: LEGACY_HOOK_NAMES,
  });
  const watchPeering = makeWatchPeering({
    aiven: options.aiven,
    store,
    queue: options.queue,
    clock,
    logger: options.logger.child({ job: 'watch-peering' }),
    reconcile,
    ...(options.watchIntervalSeconds ? { intervalSeconds: options.watchIntervalSeconds } : {}),
  });
  return {
    reconcile,
    watchPeering,
    startWatching: (peeringId) =>
      startWatching({ queue: options.queue, clock }, peeringId, {
        ...(options.watchIntervalSeconds ? { delaySeconds: options.watchIntervalSeconds } : {}),
      }),
  };
}
