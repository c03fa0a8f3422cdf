// Announcing recorded changes: the thread reply and root rewrite for each pending change, the hooks,
// PENDING_PEER reminders, and the announcement of peerings made outside vpc-peer. Every message is
// claimed per key by the notifier; the record keeps what is still to do, so nothing is lost to a crash
// or to Slack being unwell: a change leaves the record only once its reply is known to be in the
// thread, the root shows it and every hook has finished.
import type { Logger } from '../logger';
import type { PeeringChangeHooks } from './change-hooks';
import { NotToldYetError, StaleRecordError } from './errors';
import { type HookProgress, isExternal, type PeeringRecord, type PendingChange } from './model';
import type { ClaimStore, Clock, PeeringRecordStore } from './ports';
import { asOfChange, dueReminder, hookProgressOf, type ProgressNotifier } from './progress';

/**
 * How long a run holds a hook before another run may take it over: a run that died half way leaves
 * its lease, and the hook runs again once it expires. Hooks are quick (they queue a job), far below it.
 */
export const HOOK_LEASE_SECONDS = 5 * 60;

const rootKey = (change: PendingChange) => `${change.key}:${change.rootAttempt ?? 0}`;

export function makeAnnouncer(deps: {
  store: PeeringRecordStore & ClaimStore;
  notifier: ProgressNotifier;
  clock: Clock;
  logger: Logger;
  hooks: PeeringChangeHooks;
  /** The hook list's order before hooks had names, for changes stored with `hooksLeft`. */
  legacyHookNames?: readonly string[];
}) {
  const { store, clock, logger } = deps;
  const hookNames = Object.keys(deps.hooks);
  const progressOf = (change: PendingChange) => hookProgressOf(change, hookNames, deps.legacyHookNames ?? []);

  /** What one run did for one change; merged into the stored change by settle. */
  interface Handled {
    told: boolean;
    /** The root rewrite attempt this run made for the change (the last one), and whether it failed. */
    rootTried?: number;
    rootFailed?: boolean;
    hooks: Record<string, HookProgress>;
  }

  async function announce(record: PeeringRecord): Promise<void> {
    const changes = record.pendingChanges ?? [];
    // A peering made outside vpc-peer whose thread is due (it has a channel) but not posted yet:
    // everything waits for it, so the first message can still name the change that brought it up.
    if (isExternal(record) && !record.thread && record.channelId !== '') return;
    const now = clock.now().getTime();
    // Slack asked to wait (Retry-After): asking again sooner only prolongs it.
    if (changes.some((c) => c.notBefore !== undefined && Date.parse(c.notBefore) > now)) return;
    const last = changes.at(-1);
    const handled = new Map<string, Handled>();
    let retryAt: Date | undefined;
    /** The change where telling stopped (reply or root not out): it carries Slack's wait. */
    let stoppedAt: string | undefined;

    // Replies in order, stopping at the first that is not known to be out: the thread never tells a
    // later change before an earlier one, and a change whose reply is in doubt stays for the next run.
    let allTold = true;
    for (const change of changes) {
      if (!record.thread) break;
      try {
        await deps.notifier.stateChanged(asOfChange(record, change), change);
        handled.set(change.key, { told: true, hooks: {} });
      } catch (error) {
        retryAt = notTold(error, record, 'state reply');
        handled.set(change.key, { told: false, hooks: {} });
        stoppedAt = change.key;
        allTold = false;
        break;
      }
    }
    if (!record.thread) for (const change of changes) handled.set(change.key, { told: true, hooks: {} });

    if (record.thread && last && allTold) {
      const entry = handled.get(last.key) as Handled;
      entry.rootTried = last.rootAttempt ?? 0;
      try {
        await deps.notifier.rootChanged(record, rootKey(last));
      } catch (error) {
        // The replies are out; only the root is stale. A later run tries again under a new claim.
        retryAt = notTold(error, record, 'root rewrite');
        entry.rootFailed = true;
        stoppedAt = last.key;
      }
    }

    // Hooks run for changes the thread has heard of, so what they post follows the state reply.
    for (const change of changes) {
      const entry = handled.get(change.key);
      if (!entry?.told) break;
      entry.hooks = await runHooks(record, change);
    }
    await settle(record, handled, stoppedAt, retryAt);
  }

  function notTold(error: unknown, record: PeeringRecord, what: string): Date | undefined {
    const retryAt = error instanceof NotToldYetError ? error.retryAt : undefined;
    logger.warn(
      { err: error, peeringId: record.id, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
      `${what} not out yet; the next run tries again`,
    );
    return retryAt;
  }

  async function runHooks(
    record: PeeringRecord,
    change: PendingChange,
  ): Promise<Record<string, HookProgress>> {
    const progress = { ...progressOf(change) };
    for (const [name, hook] of Object.entries(deps.hooks)) {
      const attempt = progress[name]?.attempt ?? 0;
      if (progress[name]?.done) continue;
      // A lease, not a mark: of overlapping runs one runs the hook; if that run dies half way the
      // lease expires and a later run runs it again. Done is written only after the hook returned.
      const lease = `hook:${name}:${change.key}:${attempt}`;
      if (!(await store.claimOnce(lease, HOOK_LEASE_SECONDS))) continue;
      try {
        await hook({
          record: asOfChange(record, change),
          previous: change.previous,
          ...(change.cidrs ? { cidrs: change.cidrs } : {}),
        });
        progress[name] = { attempt, done: true };
      } catch (error) {
        logger.error(
          { err: error, peeringId: record.id, changeKey: change.key, hook: name },
          'peering change hook failed; retrying on the next run',
        );
        progress[name] = { attempt: attempt + 1 };
      }
    }
    return progress;
  }

  /**
   * Merges what this run did into the stored changes (an overlapping run may have done some of it, or
   * recorded newer changes) and takes off the changes that are fully done.
   */
  async function settle(
    record: PeeringRecord,
    handled: Map<string, Handled>,
    stoppedAt: string | undefined,
    retryAt: Date | undefined,
  ) {
    const merge = (stored: PendingChange): PendingChange[] => {
      const mine = handled.get(stored.key);
      if (!mine) return [stored]; // recorded after this run read the record
      const hooks = mergeProgress(progressOf(stored), mine.hooks);
      const storedRoot = stored.rootAttempt ?? 0;
      const rootAttempt =
        mine.rootFailed && mine.rootTried !== undefined
          ? Math.max(storedRoot, mine.rootTried + 1)
          : storedRoot;
      // Done by this run only for the attempt it made: an overlapping run may have failed and re-queued it.
      const rootPending = mine.rootTried !== undefined && (mine.rootFailed || storedRoot !== mine.rootTried);
      if (mine.told && !rootPending && hookNames.every((name) => hooks[name]?.done)) return [];
      const {
        hooksLeft: _left,
        hookAttempt: _attempt,
        notBefore: _wait,
        rootAttempt: _root,
        ...rest
      } = stored;
      const wait = stored.key === stoppedAt ? retryAt?.toISOString() : undefined;
      return [
        {
          ...rest,
          ...(Object.keys(hooks).length > 0 ? { hooks } : {}),
          ...(rootAttempt > 0 ? { rootAttempt } : {}),
          ...(wait ? { notBefore: wait } : {}),
        },
      ];
    };
    let current: PeeringRecord | undefined = record;
    for (let attempt = 0; current && attempt < 5; attempt++) {
      const before = current.pendingChanges ?? [];
      const after = before.flatMap(merge);
      if (JSON.stringify(after) === JSON.stringify(before)) return;
      try {
        await store.updatePeering(current.id, current.version, { pendingChanges: after });
        return;
      } catch (error) {
        if (!(error instanceof StaleRecordError)) throw error;
        current = await store.getPeering(record.id);
      }
    }
  }

  async function remind(record: PeeringRecord): Promise<void> {
    const days = dueReminder(record, clock.now());
    if (days === undefined) return;
    try {
      if (record.thread) await deps.notifier.reminder(record, days);
    } catch (error) {
      // Not recorded as sent: the next run tries again (the reminder is claimed per day, never doubled).
      notTold(error, record, 'reminder');
      return;
    }
    try {
      await store.updatePeering(record.id, record.version, {
        remindedDays: [...(record.remindedDays ?? []), days],
      });
    } catch (error) {
      // The reminder itself is claimed per day: the next run posts nothing twice and retries this write.
      if (!(error instanceof StaleRecordError)) throw error;
    }
  }

  async function announceExternal(record: PeeringRecord, change?: PendingChange): Promise<PeeringRecord> {
    let thread: Awaited<ReturnType<ProgressNotifier['announceExternal']>>;
    try {
      thread = await deps.notifier.announceExternal(record, change);
    } catch (error) {
      // No thread yet: the record's changes wait for it, and the next run posts (or finds) it.
      notTold(error, record, 'announcement');
      return record;
    }
    if (!thread) return record;
    try {
      return await store.updatePeering(record.id, record.version, { thread });
    } catch (error) {
      if (!(error instanceof StaleRecordError)) throw error;
      return (await store.getPeering(record.id)) ?? record;
    }
  }

  return { announce, remind, announceExternal };
}

/** Done wins; otherwise the higher attempt (a failure seen by either run). */
function mergeProgress(
  stored: Record<string, HookProgress>,
  mine: Record<string, HookProgress>,
): Record<string, HookProgress> {
  const merged: Record<string, HookProgress> = { ...stored };
  for (const [name, progress] of Object.entries(mine)) {
    const other = merged[name];
    if (other?.done) continue;
    merged[name] = progress.done || !other || progress.attempt > other.attempt ? progress : other;
  }
  return merged;
}
