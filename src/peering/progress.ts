// Pure rules of peering progress: what counts as a change of a peering, how it is recorded, and when
// reminders are due. No I/O here; reconcile.ts applies these with conditional writes.
import { createHash } from 'node:crypto';
import {
  type AivenPeering,
  type AivenStateInfo,
  CLOSED_STATES,
  GONE_INFO_TYPE,
  type HookProgress,
  PENDING_PEER_EXPIRY_MS,
  type PeeringRecord,
  type PendingChange,
  type SlackThread,
} from './model';
import type { PeeringPatch } from './ports';

const DAY_MS = 24 * 3600 * 1000;

/** Reminders in PENDING_PEER, in days since the request reached AWS. */
export const REMINDER_DAYS: readonly number[] = [1, 6];

/** What reconcile saw of a peering: Aiven's view, or that Aiven no longer lists it. */
export type Observation = AivenPeering | 'gone';

/** How vpc-peer tells people about progress. The Slack adapter renders these as Block Kit. */
export interface ProgressNotifier {
  /** The thread reply for one change, at most once per change key. */
  stateChanged(record: PeeringRecord, change: PendingChange): Promise<void>;
  /** Rewrites the root message to the record's current state, at most once per change key. */
  rootChanged(record: PeeringRecord, changeKey: string): Promise<void>;
  /** The PENDING_PEER reminder after `days` days, at most once per record, period and day. */
  reminder(record: PeeringRecord, days: number): Promise<void>;
  /**
   * Announces a peering made outside vpc-peer in the record's channel; returns the new thread. With
   * `change`: a peering adopted silently (it predates vpc-peer) whose first change brings it up.
   */
  announceExternal(record: PeeringRecord, change?: PendingChange): Promise<SlackThread | undefined>;
}

/**
 * A change's hook progress by hook name. Changes stored before hooks had names carry `hooksLeft`
 * (indexes into the hook list of that time, `legacyNames`): those map to names here, and every other
 * hook counts as done for them (it did not exist, or had run, when the change was recorded).
 */
export function hookProgressOf(
  change: PendingChange,
  names: readonly string[],
  legacyNames: readonly string[],
): Record<string, HookProgress> {
  if (change.hooks) return change.hooks;
  if (change.hooksLeft === undefined) return {};
  const attempt = change.hookAttempt ?? 0;
  const left = new Set(change.hooksLeft.map((index) => legacyNames[index]));
  return Object.fromEntries(
    names.map((name) => [name, left.has(name) ? { attempt } : { attempt, done: true }]),
  );
}

function fingerprint(info: AivenStateInfo | undefined): string {
  const warnings = (info?.warnings ?? []).map((w) => [w.type, w.message]);
  return JSON.stringify([info?.message ?? '', warnings]);
}

/** The record as it was right after `change`: replies render what happened then, not what is now. */
export function asOfChange(record: PeeringRecord, change: PendingChange): PeeringRecord {
  const { stateInfo, ...rest } = record;
  return { ...rest, state: change.state, ...(change.stateInfo ? { stateInfo: change.stateInfo } : {}) };
}

function recordChange(
  record: PeeringRecord,
  next: Pick<PendingChange, 'state' | 'stateInfo'>,
  keyPart: string,
  now: Date,
  extra: PeeringPatch = {},
): { patch: PeeringPatch; change: PendingChange } {
  const change: PendingChange = {
    key: `${record.id}:${next.state}:${keyPart}`,
    previous: record.state,
    state: next.state,
    ...(next.stateInfo ? { stateInfo: next.stateInfo } : {}),
  };
  const enteringPendingPeer = next.state === 'PENDING_PEER' && record.state !== 'PENDING_PEER';
  return {
    change,
    patch: {
      state: next.state,
      ...(next.stateInfo ? { stateInfo: next.stateInfo } : {}),
      ...(enteringPendingPeer ? { pendingPeerSince: now.toISOString(), remindedDays: [] } : {}),
      ...extra,
      pendingChanges: [...(record.pendingChanges ?? []), change],
    },
  };
}

/** What to write for an observation; without `change` it is recorded silently (nothing to announce). */
export interface Observed {
  patch: PeeringPatch;
  change?: PendingChange;
}

/**
 * The change to record for an open record, given what Aiven reports now, or undefined when nothing
 * changed. Keys are unique per peering and change (Aiven's update_time, plus a fingerprint of
 * state_info so a new message in the same state is a change of its own).
 */
export function observeChange(record: PeeringRecord, observed: Observation, now: Date): Observed | undefined {
  if (observed === 'gone') {
    const stateInfo = {
      type: GONE_INFO_TYPE,
      message: 'Aiven no longer lists this peering: it has been deleted.',
    };
    return recordChange(record, { state: 'DELETED', stateInfo }, 'gone', now);
  }
  const sameState = observed.state === record.state;
  if (sameState && fingerprint(observed.stateInfo) === fingerprint(record.stateInfo)) {
    return observeExpiry(record, now);
  }
  if (sameState && record.state === 'DELETING') {
    // The delete job moves the record to DELETING itself and keeps the stateInfo of the state before;
    // Aiven's own DELETING message is news to nobody ("Deleting → Deleting"): kept, not announced.
    return { patch: { stateInfo: observed.stateInfo, aivenUpdateTime: observed.updateTime } };
  }
  const hash = createHash('sha256').update(fingerprint(observed.stateInfo)).digest('hex').slice(0, 8);
  const pendingSince =
    observed.state === 'PENDING_PEER' && record.state !== 'PENDING_PEER'
      ? { pendingPeerSince: validTime(observed.updateTime, now) }
      : {};
  return recordChange(
    record,
    { state: observed.state, stateInfo: observed.stateInfo },
    `${observed.updateTime}:${hash}`,
    now,
    { aivenUpdateTime: observed.updateTime, ...pendingSince },
  );
}

/**
 * A record closed because Aiven stopped listing its peering, which Aiven lists again in an open state
 * (the org VPC was unreadable for a while, or Aiven's answer was briefly incomplete): the record takes
 * Aiven's state again, and the change is told in its thread like any other. Undefined otherwise.
 */
export function observeRevival(
  record: PeeringRecord,
  observed: AivenPeering,
  now: Date,
): Observed | undefined {
  if (record.state !== 'DELETED' || record.stateInfo?.type !== GONE_INFO_TYPE) return undefined;
  if (CLOSED_STATES.has(observed.state)) return undefined;
  return recordChange(
    record,
    { state: observed.state, stateInfo: observed.stateInfo },
    `revived:${observed.updateTime}`,
    now,
    {
      aivenUpdateTime: observed.updateTime,
      ...(observed.state === 'PENDING_PEER' ? { pendingPeerSince: validTime(observed.updateTime, now) } : {}),
    },
  );
}

function validTime(iso: string, fallback: Date): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback.toISOString() : new Date(ms).toISOString();
}

/** AWS drops a request nobody accepts within 7 days; Aiven has no state for it, so vpc-peer counts. */
export function observeExpiry(record: PeeringRecord, now: Date): Observed | undefined {
  if (record.state !== 'PENDING_PEER' || !record.pendingPeerSince) return undefined;
  if (now.getTime() - Date.parse(record.pendingPeerSince) < PENDING_PEER_EXPIRY_MS) return undefined;
  const stateInfo = {
    type: 'vpc-peer',
    message: `Nobody accepted the peering request in AWS within 7 days (waiting since ${record.pendingPeerSince}).`,
    ...(record.stateInfo?.awsPeeringConnectionId
      ? { awsPeeringConnectionId: record.stateInfo.awsPeeringConnectionId }
      : {}),
  };
  return recordChange(record, { state: 'EXPIRED', stateInfo }, record.pendingPeerSince, now);
}

/** The reminder due now (the latest one not yet sent), or undefined. */
export function dueReminder(record: PeeringRecord, now: Date): number | undefined {
  if (record.state !== 'PENDING_PEER' || !record.pendingPeerSince) return undefined;
  const elapsed = now.getTime() - Date.parse(record.pendingPeerSince);
  const sent = record.remindedDays ?? [];
  // After a long outage only the latest reminder is worth sending; the earlier ones count as sent.
  const due = REMINDER_DAYS.filter((days) => elapsed >= days * DAY_MS);
  const latest = due.at(-1);
  return latest !== undefined && !sent.includes(latest) ? latest : undefined;
}
