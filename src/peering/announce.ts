// Announcing recorded changes: the thread reply and root rewrite for each pending change, the hooks,
// PENDING_PEER reminders, and the announcement of peerings made outside vpc-peer. Every message is
// claimed per key by the notifier; the record keeps what is still to do, so nothing is lost to a crash.
import type { Logger } from '../logger';
import type { PeeringRecord, PendingChange } from './model';
import { type Clock, type PeeringStore, StaleRecordError } from './ports';
import { asOfChange, dueReminder, type ProgressNotifier } from './progress';
import type { PeeringChangeHook } from './reconcile';

const HOOK_CLAIM_TTL_SECONDS = 24 * 3600;

export function makeAnnouncer(deps: {
  store: PeeringStore;
  notifier: ProgressNotifier;
  clock: Clock;
  logger: Logger;
  hooks: PeeringChangeHook[];
}) {
  const { store, clock, logger } = deps;

  async function announce(record: PeeringRecord): Promise<void> {
    const changes = record.pendingChanges ?? [];
    const last = changes.at(-1);
    let rootFailed = false;
    if (record.thread && last) {
      for (const change of changes) await deps.notifier.stateChanged(asOfChange(record, change), change);
      try {
        await deps.notifier.rootChanged(record, `${last.key}:${last.rootAttempt ?? 0}`);
      } catch (error) {
        // The replies are out; only the root is stale. The next run tries again under a new claim.
        logger.warn(
          { err: error, peeringId: record.id },
          'could not rewrite the root message; retrying next run',
        );
        rootFailed = true;
      }
    }
    const kept: PendingChange[] = [];
    for (const change of changes) {
      const left = await runHooks(record, change);
      const retryRoot = rootFailed && change === last;
      if (left.length === 0 && !retryRoot) continue;
      kept.push({
        ...change,
        hooksLeft: left,
        ...(left.length > 0 ? { hookAttempt: (change.hookAttempt ?? 0) + 1 } : {}),
        ...(retryRoot ? { rootAttempt: (change.rootAttempt ?? 0) + 1 } : {}),
      });
    }
    await settle(record, changes, kept);
  }

  async function runHooks(record: PeeringRecord, change: PendingChange): Promise<number[]> {
    const indexes = change.hooksLeft ?? deps.hooks.map((_, i) => i);
    const failed: number[] = [];
    for (const index of indexes) {
      const hook = deps.hooks[index];
      if (!hook) continue;
      // Claimed per attempt: of overlapping runs one runs the hook; after a failure the next attempt may.
      const claim = `hook:${index}:${change.key}:${change.hookAttempt ?? 0}`;
      if (!(await store.claimOnce(claim, HOOK_CLAIM_TTL_SECONDS))) continue;
      try {
        await hook({ record: asOfChange(record, change), previous: change.previous });
      } catch (error) {
        logger.error(
          { err: error, peeringId: record.id, changeKey: change.key, hook: index },
          'peering change hook failed; retrying on the next run',
        );
        failed.push(index);
      }
    }
    return failed;
  }

  /** Takes the announced changes off the record; changes whose hooks failed stay for the next run. */
  async function settle(record: PeeringRecord, done: PendingChange[], failed: PendingChange[]) {
    // Only the attempt this run handled: an overlapping run may have re-queued the change for a retry.
    const attemptOf = (c: PendingChange) => `${c.key}|${c.hookAttempt ?? 0}|${c.rootAttempt ?? 0}`;
    const handled = new Set(done.map(attemptOf));
    const requeued = new Set(failed.map((c) => c.key));
    let current: PeeringRecord | undefined = record;
    for (let attempt = 0; current && attempt < 5; attempt++) {
      const kept = (current.pendingChanges ?? []).filter(
        (c) => !handled.has(attemptOf(c)) && !requeued.has(c.key),
      );
      try {
        await store.updatePeering(current.id, current.version, { pendingChanges: [...failed, ...kept] });
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
    if (record.thread) await deps.notifier.reminder(record, days);
    try {
      await store.updatePeering(record.id, record.version, {
        remindedDays: [...(record.remindedDays ?? []), days],
      });
    } catch (error) {
      // The reminder itself is claimed per day: the next run posts nothing twice and retries this write.
      if (!(error instanceof StaleRecordError)) throw error;
    }
  }

  async function announceExternal(record: PeeringRecord): Promise<PeeringRecord> {
    const thread = await deps.notifier.announceExternal(record);
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
