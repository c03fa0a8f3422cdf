// Wiring of the progress feature (reconcile, fast watch): worker side only, never imported by the
// Slack listeners, so the HTTP function carries no Aiven client and no reconcile code.
import { makeReconcile, type PeeringChangeHooks, type Reconcile } from '../peering/reconcile';
import { makeWatchPeering, startWatching } from '../peering/watch';
import { makeSlackProgressNotifier } from '../slack/notifiers/progress';
import type { AcceptWork } from './accept';
import type { WorkerParts } from './parts';

/** The stable name of "Accept in AWS"'s change hook. */
export const ACCEPT_HOOK_NAME = 'accept-in-aws';
/** Records every state change in the peering's history (status shows it). */
export const STATE_HISTORY_HOOK_NAME = 'state-history';

/** What the progress wiring varies; the rest are the worker's parts. */
export interface ProgressOptions {
  organizationId: string;
  notifyChannelId: string | undefined;
  /** Run after each announced state change, by stable name ("Accept in AWS" queues its plan on PENDING_PEER). */
  hooks?: PeeringChangeHooks;
  /**
   * "Accept in AWS": whether it has a role in an account (the PENDING_PEER reply then promises a
   * plan) and the ROUTE_TABLES its manual steps name.
   */
  accept?: Pick<AcceptWork, 'hasRole' | 'routeTablesFor' | 'aivenAccountId'>;
  /** Seconds between fast-watch checks (default 12). */
  watchIntervalSeconds?: number;
}

/**
 * The hook list as it was before hooks had names (index 0 was "Accept in AWS"): changes stored then
 * name their pending hooks by these positions.
 */
export const LEGACY_HOOK_NAMES: readonly string[] = [ACCEPT_HOOK_NAME];

export function makeProgress(
  parts: WorkerParts,
  options: ProgressOptions,
): {
  reconcile: Reconcile;
  watchPeering: ReturnType<typeof makeWatchPeering>;
  startWatching: (peeringId: string) => Promise<void>;
} {
  const { aiven, store, clock, delivery, queue, logger } = parts;
  const { accept } = options;
  const reconcile = makeReconcile({
    aiven,
    store,
    clock,
    notifier: makeSlackProgressNotifier({
      client: parts.slack,
      delivery,
      store,
      clock,
      ...(accept
        ? {
            botAccepts: accept.hasRole,
            routeTablesFor: accept.routeTablesFor,
            aivenAccountId: accept.aivenAccountId,
          }
        : {}),
    }),
    logger: logger.child({ component: 'reconcile' }),
    organizationId: options.organizationId,
    notifyChannelId: options.notifyChannelId,
    hooks: options.hooks ?? {},
    legacyHookNames: LEGACY_HOOK_NAMES,
  });
  const watchPeering = makeWatchPeering({
    aiven,
    store,
    queue,
    clock,
    logger: logger.child({ job: 'watch-peering' }),
    reconcile,
    ...(options.watchIntervalSeconds ? { intervalSeconds: options.watchIntervalSeconds } : {}),
  });
  return {
    reconcile,
    watchPeering,
    startWatching: (peeringId) =>
      startWatching({ queue, clock }, peeringId, {
        ...(options.watchIntervalSeconds ? { delaySeconds: options.watchIntervalSeconds } : {}),
      }),
  };
}
