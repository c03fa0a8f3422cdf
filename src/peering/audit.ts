// Every request, decision and outcome of a deletion is stored and logged as one structured line, so
// the thread, `/vpc-peer status` and the logs tell the same story.
import type { Logger } from '../logger';
import { type AuditEvent, BOT_ACTOR } from './deletion';
import type { AuditTrail, ClaimStore, Clock } from './ports';
import type { PeeringChangeHook } from './reconcile';
import { aivenTransition, STATE_DESCRIPTIONS } from './states';

/** Logs an event the store already holds (written together with a request or a decision). */
export function logAudit(logger: Logger, event: AuditEvent): void {
  logger.info({ audit: event }, `audit: ${event.action}`);
}

export async function recordAudit(
  store: AuditTrail & ClaimStore,
  logger: Logger,
  event: AuditEvent,
): Promise<void> {
  await store.appendAuditEvent(event);
  logAudit(logger, event);
}

/** How long a claim that an event was recorded lasts: longer than any retry of what records it. */
const AUDIT_CLAIM_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Records `event` once per `key`: the jobs that record outcomes run again after a crash or a
 * redelivery, and the history must not show a step twice.
 */
export async function recordAuditOnce(
  store: AuditTrail & ClaimStore,
  logger: Logger,
  key: string,
  event: AuditEvent,
): Promise<void> {
  if (!(await store.claimOnce(`audit:${key}`, AUDIT_CLAIM_TTL_SECONDS))) return;
  await recordAudit(store, logger, event);
}

/**
 * Every recorded state change (each Aiven state, DELETED, EXPIRED) goes into the peering's history:
 * a change hook, so reconcile and the fast watch record it where they announce it.
 */
export function makeStateHistoryHook(deps: {
  store: AuditTrail & ClaimStore;
  logger: Logger;
  clock: Clock;
}): PeeringChangeHook {
  // The announcer runs each hook once per change and attempt (claimed); only a failed append is retried.
  return async ({ record, previous, cidrs }) => {
    if (cidrs) {
      const ranges = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : 'none');
      await recordAudit(deps.store, deps.logger, {
        peeringId: record.id,
        action: 'cidrs-changed-outside',
        actor: BOT_ACTOR,
        at: deps.clock.now().toISOString(),
        detail: `${ranges(cidrs.before)} → ${ranges(cidrs.after)}`,
      });
      return;
    }
    // A new message in the same state is told in the thread; the history keeps states.
    if (previous === record.state) return;
    const words = `${STATE_DESCRIPTIONS[previous].label} → ${STATE_DESCRIPTIONS[record.state].label}`;
    await recordAudit(deps.store, deps.logger, {
      peeringId: record.id,
      action: 'state-changed',
      actor: BOT_ACTOR,
      at: deps.clock.now().toISOString(),
      detail: `${words}${aivenTransition(previous, record.state)}`,
    });
  };
}
