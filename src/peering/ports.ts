// Ports: what the domain needs from the outside world. Adapters in src/adapters implement them.
import type { AuditEvent, DeletionDecision, DeletionRequest, DeletionRequestPatch } from './deletion';
import { StaleRecordError } from './errors';
import {
  type AivenPeering,
  isOpen,
  type OrgVpc,
  type OrgVpcDetails,
  type OrgVpcSnapshot,
  type PeeringRecord,
  type PeeringSpec,
} from './model';
import type { Approval, ApprovalResult } from './quorum';

export interface AivenApi {
  listOrgVpcs(): Promise<OrgVpc[]>;
  getOrgVpc(orgVpcId: string): Promise<OrgVpcDetails>;
  /** Never retried blindly by the client: the caller looks for the peering before trying again. */
  createPeering(spec: PeeringSpec): Promise<AivenPeering>;
  /** Treats 404 as already gone. */
  deletePeering(orgVpcId: string, peeringId: string): Promise<void>;
  /**
   * Adds and deletes extra CIDRs of a peering (PUT .../user-peer-network-cidrs, EXPERIMENTAL in
   * Aiven's spec). One try: the caller reads the peering before sending again. Returns the peering as
   * Aiven's answer shows it, or undefined when the answer does not list it.
   */
  updatePeerCidrs(change: PeerCidrsUpdate): Promise<AivenPeering | undefined>;
}

export interface PeerCidrsUpdate {
  orgVpcId: string;
  peeringId: string;
  /** The peer account and VPC each added CIDR belongs to (the spec asks for them per CIDR). */
  awsAccountId: string;
  awsVpcId: string;
  add: string[];
  delete: string[];
}

export type PeeringPatch = Partial<Omit<PeeringRecord, 'id' | 'spec' | 'version' | 'createdAt'>>;

/**
 * The record after a compare-and-set update: both stores apply patches with this, so they agree on
 * what may change (never the id, spec or creation time) and on how the version moves.
 */
export function applyPatch(
  current: PeeringRecord,
  expectedVersion: number,
  patch: PeeringPatch,
  now: Date,
): PeeringRecord {
  if (current.version !== expectedVersion) throw new StaleRecordError(current.id);
  const next: PeeringRecord = {
    ...current,
    ...patch,
    id: current.id,
    spec: current.spec,
    createdAt: current.createdAt,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  // Ending stamps when; reopening clears it (list shows recently ended peerings apart).
  if (isOpen(next.state)) delete next.endedAt;
  else if (isOpen(current.state) || !next.endedAt) next.endedAt = next.updatedAt;
  // The AWS connection id stays the peering's after Aiven stops naming it (DELETED, no longer listed):
  // status finds an ended peering by it, and its messages still show it.
  const pcx = current.stateInfo?.awsPeeringConnectionId;
  if (pcx && next.stateInfo && !next.stateInfo.awsPeeringConnectionId)
    next.stateInfo = { ...next.stateInfo, awsPeeringConnectionId: pcx };
  return next;
}

/** The AWS ids a peering is known by, lowercase: its VPC and (once it had one) its pcx. */
export function awsIdsOf(record: PeeringRecord): string[] {
  const ids = [record.spec.awsVpcId, record.stateInfo?.awsPeeringConnectionId, record.accept?.pcxId];
  return [...new Set(ids.filter((id): id is string => Boolean(id)).map((id) => id.toLowerCase()))];
}

/**
 * The store's roles. Each consumer names only the roles it uses; both stores play all of them
 * (PeeringStore, for the composition root). Slack's message intents are a role of their own, defined
 * beside their one user (src/slack/message-intents.ts).
 */

/** Deletion requests (delete with approval); each write also appends its audit event. */
export interface DeletionRequestStore {
  /**
   * Stores a new open request and its audit event in one write. The same id again returns the stored
   * one with `created: false` (Slack retries); another open request for the peering throws
   * OpenDeletionRequestError.
   */
  openDeletionRequest(
    request: DeletionRequest,
    event: AuditEvent,
    jobs?: readonly Job[],
  ): Promise<{ request: DeletionRequest; created: boolean }>;
  getDeletionRequest(id: string): Promise<DeletionRequest | undefined>;
  findOpenDeletionRequest(peeringId: string): Promise<DeletionRequest | undefined>;
  /** Open requests whose expiresAt is at or before `now` (the poller expires them). */
  listDueDeletionRequests(now: Date): Promise<DeletionRequest[]>;
  /**
   * Approved requests whose current attempt has not failed and that the sweep has not settled: the
   * deletions whose delete job should be running. The sweep reads this instead of every history.
   */
  listApprovedDeletionRequests(): Promise<DeletionRequest[]>;
  /**
   * The first decision wins: if the request is still open, records the decision and its audit event
   * in one write and returns `won: true`; otherwise changes nothing and returns the decided request.
   */
  decideDeletionRequest(
    id: string,
    decision: DeletionDecision,
    event: AuditEvent,
    jobs?: readonly Job[],
  ): Promise<{ request: DeletionRequest; won: boolean }>;
  /**
   * One approver's approval, as one conditional write (applyApproval): counted once per approver while
   * the request is open. The write that completes the quorum approves the request and queues
   * `jobs.complete` (the delete); any other counted approval queues `jobs.counted`.
   */
  approveDeletionRequest(
    id: string,
    approval: Approval,
    event: AuditEvent,
    jobs?: { counted: readonly Job[]; complete: readonly Job[] },
  ): Promise<ApprovalResult>;
  /** Compare-and-set like updatePeering; throws StaleDeletionRequestError. */
  updateDeletionRequest(
    id: string,
    expectedVersion: number,
    patch: DeletionRequestPatch,
  ): Promise<DeletionRequest>;
}

/** A peering's history: who asked, decided and did what (shown by status, read by refusals). */
export interface AuditTrail {
  appendAuditEvent(event: AuditEvent): Promise<void>;
  /** A peering's history, oldest first. */
  listAuditEvents(peeringId: string): Promise<AuditEvent[]>;
}

/**
 * The outbox: the write methods that take `jobs` (insertPeering, openDeletionRequest,
 * decideDeletionRequest, approveDeletionRequest) queue them only when their write happened (created, won). SQLite adds them in
 * the write's own transaction; DynamoDB sends them to SQS right after the write
 * (src/adapters/store/outbox.ts), and the sweeper re-queues the work of a send lost in between.
 */
export interface PeeringRecordStore {
  /**
   * Stores a new record. If the same id exists, does nothing and returns the stored one with
   * `created: false` (Slack retries). If another open record has the same spec key, throws
   * DuplicatePeeringError.
   */
  insertPeering(
    record: PeeringRecord,
    jobs?: readonly Job[],
  ): Promise<{ record: PeeringRecord; created: boolean }>;
  getPeering(id: string): Promise<PeeringRecord | undefined>;
  findByAivenPeeringId(aivenPeeringId: string): Promise<PeeringRecord | undefined>;
  /**
   * Every record, open or ended, that an AWS id (`vpc-…`, `pcx-…`, any case) ever belonged to
   * (awsIdsOf), oldest first: `/vpc-peer status` finds ended peerings by them too.
   */
  findPeeringsByAwsId(awsId: string): Promise<PeeringRecord[]>;
  /** Records that ended (endedAt) at or after `since`, newest first: list and App Home show them apart. */
  listEndedPeerings(since: Date): Promise<PeeringRecord[]>;
  /** The open record for a spec key, if any. */
  findOpenBySpecKey(specKey: string): Promise<PeeringRecord | undefined>;
  /**
   * The records the poller walks: all in open states, plus ended ones whose announcements are still
   * pending (isTracked). Callers that want open peerings only filter on isOpen(state).
   */
  listOpenPeerings(): Promise<PeeringRecord[]>;
  /**
   * Applies the patch if the stored version equals `expectedVersion`; bumps version and updatedAt.
   * Moving to a closed state frees the spec key for a new request. Throws StaleRecordError otherwise.
   */
  updatePeering(id: string, expectedVersion: number, patch: PeeringPatch): Promise<PeeringRecord>;
}

/** Claims that make work happen once across retries, redeliveries and overlapping runs. */
export interface ClaimStore {
  /**
   * Records that `key` happened; true the first time, false after. The claim expires after ttlSeconds
   * (DynamoDB TTL / SQLite expiry), so keys can be per-event and need no cleanup.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
}

/** The last fetched org VPCs of an organization (list, App Home and the poller compare against it). */
export interface SnapshotStore {
  saveSnapshot(snapshot: OrgVpcSnapshot): Promise<void>;
  loadSnapshot(organizationId: string): Promise<OrgVpcSnapshot | undefined>;
}

/** Every domain role of a store: built by the composition root, never asked for by a consumer. */
export interface PeeringStore
  extends PeeringRecordStore,
    DeletionRequestStore,
    AuditTrail,
    ClaimStore,
    SnapshotStore {
  close?(): Promise<void>;
}

/** Work that must not run on Slack's ack path. Every job has a unique id for idempotency. */
export type Job =
  | {
      kind: 'load-create-form';
      id: string;
      viewId: string;
      userId: string;
      /** Absent when the form was opened from the Home tab: it asks for the channel itself. */
      channelId?: string;
      responseUrl?: string;
      /** The change freeze in force when the form was opened: the form asks for an override reason. */
      freeze?: string;
    }
  | {
      kind: 'create-peering';
      id: string;
      peeringId: string;
      /** Slash command response_url: reaches the user even where the bot cannot post. */
      responseUrl?: string;
    }
  | {
      /** Checks one peering in Aiven every few seconds until `until`, after someone acted on it. */
      kind: 'watch-peering';
      id: string;
      /** vpc-peer's record id. */
      peeringId: string;
      /** ISO time after which the watch stops; the minute poll carries on from there. */
      until: string;
    }
  /** Verify the AWS connection Aiven made and post the plan (src/peering/accept). */
  | { kind: 'plan-accept'; id: string; peeringId: string; pcxId: string }
  /** A decision on the plan or result: accept and add routes, replace conflicts, or retry. */
  | {
      kind: 'apply-accept';
      id: string;
      peeringId: string;
      round: number;
      mode: 'apply' | 'replace' | 'retry';
      userId: string;
    }
  /** Posts a Replace request's message in the thread, or rewrites it with its approvals. Safe to repeat. */
  | { kind: 'show-replace-request'; id: string; peeringId: string; round: number }
  /** Posts a deletion request's message, or rewrites it to show the decision. Safe to repeat. */
  | { kind: 'show-deletion-request'; id: string; requestId: string }
  /** Deletes an approved peering in Aiven; one job per attempt (`delete-peering:<request>:<attempt>`). */
  | { kind: 'delete-peering'; id: string; requestId: string; attempt: number }
  /** Tells a hand-over to Terraform: audit event, thread reply, root rewrite. Safe to repeat. */
  | { kind: 'tell-hand-over'; id: string; peeringId: string }
  /** Shares a peering's Terraform file in its thread, once per content (src/slack/notifiers/terraform-file.ts). */
  | { kind: 'share-terraform-file'; id: string; peeringId: string; userId: string }
  /** Sends a peering's pending extra-CIDR change to Aiven, once (src/peering/change-peer-cidrs.ts). */
  | { kind: 'change-peer-cidrs'; id: string; peeringId: string; changeId: string }
  /**
   * `/vpc-peer delete <id>` for an id the store does not know (yet): looks it up in Aiven and answers
   * the user privately through the command's response_url (src/slack/jobs/find-for-deletion.ts).
   */
  | {
      kind: 'find-peering-for-deletion';
      id: string;
      /** The Aiven peering id or pcx id as typed. */
      name: string;
      userId: string;
      channelId: string;
      responseUrl: string;
    };

export type JobKind = Job['kind'];

export interface EnqueueOptions {
  /** Run the job no sooner than this (SQS DelaySeconds: 0 to 900). */
  delaySeconds?: number;
}

/** SQS caps DelaySeconds at 15 minutes; the durable local queue keeps the same limit. */
export const MAX_JOB_DELAY_SECONDS = 900;

export interface JobQueue {
  enqueue(job: Job, options?: EnqueueOptions): Promise<void>;
}

/**
 * Thrown by an outbox write whose record change was stored but whose jobs (`jobs`: those not sent) could not be sent (SQS unavailable): the caller undoes the change or reports it.
 */
export class JobsNotQueuedError extends Error {
  override readonly name = 'JobsNotQueuedError';
  constructor(
    readonly jobs: readonly Job[],
    override readonly cause: unknown,
  ) {
    super(`the record change was stored but its jobs (${jobs.map((j) => j.id).join(', ')}) were not queued`);
  }
}

export interface Clock {
  now(): Date;
}

/** How the domain tells people what happened. The Slack adapter renders these as Block Kit. */
export interface PeeringNotifier {
  /**
   * Posts the root message of a new request; throws ChannelUnavailableError if the bot cannot post,
   * RootInDoubtError if Slack may have posted it.
   */
  postRoot(record: PeeringRecord): Promise<SlackThreadRef>;
  /** Rewrites the root message to show the record's current state. */
  updateRoot(record: PeeringRecord): Promise<void>;
  peeringCreated(record: PeeringRecord): Promise<void>;
  createFailed(record: PeeringRecord, reason: string, nextStep: string): Promise<void>;
  /** Tells the requester privately that the bot cannot post in the channel. */
  cannotPost(record: PeeringRecord, responseUrl: string | undefined): Promise<void>;
  /** Tells the requester privately that the request failed before it had a thread. */
  createFailedPrivately(
    record: PeeringRecord,
    reason: string,
    nextStep: string,
    responseUrl: string | undefined,
  ): Promise<void>;
}

export type SlackThreadRef = { channelId: string; ts: string };

/** What the domain needs to know of an Aiven failure (the Aiven adapter's AivenApiError has these). */
export interface AivenFailure {
  aivenMessage: string;
  retryable: boolean;
  status?: number;
}

export function isAivenFailure(error: unknown): error is Error & AivenFailure {
  return (
    error instanceof Error &&
    typeof (error as Partial<AivenFailure>).aivenMessage === 'string' &&
    typeof (error as Partial<AivenFailure>).retryable === 'boolean'
  );
}
