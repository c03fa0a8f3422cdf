// What vpc-peer did and will do for a peering, read from its record: the facts every message is
// derived from, so no message tells people to do what the bot did or is about to do.
import type { BotRoute } from './accept/model';
import { isExternal, type PeeringRecord } from './model';

/** What happened to the routes vpc-peer added in AWS for a peering. */
export type RouteOutcome =
  /** vpc-peer added none: any routes to the org VPC were added by people (or there are none). */
  | { kind: 'none' }
  /** vpc-peer added routes and they are still in place (the peering was not deleted through vpc-peer). */
  | { kind: 'in-place'; routes: BotRoute[] }
  /** The deletion removed (or pointed back) every route vpc-peer had added. */
  | { kind: 'removed'; routes: BotRoute[] }
  /** The deletion left some of vpc-peer's routes in place: why, route by route. */
  | { kind: 'left'; removed: BotRoute[]; left: { route: BotRoute; reason: string }[] };

export function routeOutcome(record: Pick<PeeringRecord, 'accept'>): RouteOutcome {
  const routes = record.accept?.routes ?? [];
  if (routes.length === 0) return { kind: 'none' };
  const cleanup = record.accept?.cleanup;
  if (!cleanup) return { kind: 'in-place', routes };
  // A route that is no longer there needs nothing from anybody.
  const left = cleanup.skipped.filter((s) => s.reason !== NO_LONGER_THERE);
  return left.length === 0
    ? { kind: 'removed', routes: cleanup.removed }
    : { kind: 'left', removed: cleanup.removed, left };
}

/** The reason cleanup gives for a route someone removed before it. */
export const NO_LONGER_THERE = 'no longer there';

/** What the messages about a peering may rely on. */
export interface PeeringFacts {
  /**
   * vpc-peer accepts the request in AWS itself: it has a role in the account, the peering was
   * requested through it and has a thread for the plan (src/peering/accept/on-pending-peer.ts).
   */
  botAccepts: boolean;
  routes: RouteOutcome;
}

/**
 * The facts of a record. `hasRole` is the worker's configuration; where it is unknown (the Slack
 * listeners), a plan already on the record shows that vpc-peer took the accepting on.
 */
export function peeringFacts(
  record: PeeringRecord,
  hasRole?: (awsAccountId: string) => boolean,
): PeeringFacts {
  const role = hasRole ? hasRole(record.spec.awsAccountId) : record.accept !== undefined;
  return {
    botAccepts: !isExternal(record) && record.thread !== undefined && role,
    routes: routeOutcome(record),
  };
}

/** "1 route table", "2 route tables". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Routes in a few words for a history line: "2 routes to 10.20.0.0/24 in rtb-1, rtb-2". */
export function describeRoutes(routes: readonly BotRoute[]): string {
  const destinations = [...new Set(routes.map((r) => r.destination))].join(', ');
  const tables = [...new Set(routes.map((r) => r.routeTableId))];
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ` and ${tables.length - 5} more` : '');
  return `${count(routes.length, 'route')} to ${destinations} in ${shown}`;
}
