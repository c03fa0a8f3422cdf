// Compare-and-set updates of a peering's accept record. Every change that decides something or
// claims an AWS call goes through here, so two runners never both act on the same decision.

import { StaleRecordError } from '../errors';
import type { PeeringRecord } from '../model';
import type { PeeringRecordStore } from '../ports';
import type { AcceptRecord, BotRoute } from './model';

const MAX_TRIES = 8;

/**
 * Re-reads the record and writes `change(record)` with the version it read; retries when another
 * writer (e.g. the reconcile loop) got there first. `change` returning undefined means "nothing to do
 * any more" (e.g. another click already decided), which is returned as undefined.
 */
export async function updateAccept(
  store: PeeringRecordStore,
  peeringId: string,
  change: (record: PeeringRecord, accept: AcceptRecord | undefined) => AcceptRecord | undefined,
): Promise<PeeringRecord | undefined> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const record = await store.getPeering(peeringId);
    if (!record) return undefined;
    const next = change(record, record.accept);
    if (!next) return undefined;
    try {
      return await store.updatePeering(record.id, record.version, { accept: next });
    } catch (error) {
      if (!(error instanceof StaleRecordError)) throw error;
    }
  }
  throw new StaleRecordError(peeringId);
}

export function sameRoute(a: Pick<BotRoute, 'routeTableId' | 'destination'>, b: typeof a): boolean {
  return a.routeTableId === b.routeTableId && a.destination === b.destination;
}

/** The accept record with `route` noted as the bot's (replacing an older note for the same route). */
export function withRoute(accept: AcceptRecord, route: BotRoute): AcceptRecord {
  return { ...accept, routes: [...accept.routes.filter((r) => !sameRoute(r, route)), route] };
}

export function withoutRoute(accept: AcceptRecord, route: BotRoute): AcceptRecord {
  return { ...accept, routes: accept.routes.filter((r) => !sameRoute(r, route)) };
}
