// Every request, decision and outcome of a deletion is stored and logged as one structured line, so
// the thread, `/vpc-peer status` and the logs tell the same story.
import type { Logger } from '../logger';
import type { AuditEvent } from './deletion';
import type { PeeringStore } from './ports';

/** Logs an event the store already holds (written together with a request or a decision). */
export function logAudit(logger: Logger, event: AuditEvent): void {
  logger.info({ audit: event }, `audit: ${event.action}`);
}

export async function recordAudit(store: PeeringStore, logger: Logger, event: AuditEvent): Promise<void> {
  await store.appendAuditEvent(event);
  logAudit(logger, event);
}
