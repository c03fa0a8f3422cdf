// What other features run after a peering's state change is recorded and announced. Its own module so
// that reconcile.ts (which registers the hooks) and announce.ts (which runs them) both name it without
// importing each other.
import type { PeeringRecord, PeeringState } from './model';

export interface PeeringChange {
  record: PeeringRecord /* after the change */;
  previous: PeeringState;
  /** A change of the extra CIDRs made outside vpc-peer (state unchanged): the ranges before and after. */
  cidrs?: { before: string[]; after: string[] };
}

/** Runs once per recorded state change, after it is announced ("Accept in AWS" queues its plan on PENDING_PEER). */
export type PeeringChangeHook = (change: PeeringChange) => Promise<void>;

/**
 * Hooks by a stable name (e.g. `accept-in-aws`): a change's pending retry names the hook it is for,
 * so registering, removing or reordering hooks never hands a retry to another hook.
 */
export type PeeringChangeHooks = Readonly<Record<string, PeeringChangeHook>>;
