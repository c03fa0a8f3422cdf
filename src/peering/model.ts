// The product's vocabulary. Plain data, no I/O: every other layer speaks in these types.
import type { AcceptRecord, TransitGatewayShare } from './accept/model';

/** Peering states as Aiven reports them (OrganizationVpcGetResponse.peering_connections[].state). */
export const AIVEN_PEERING_STATES = [
  'APPROVED',
  'APPROVED_PEER_REQUESTED',
  'PENDING_PEER',
  'ACTIVE',
  'DELETING',
  'DELETED',
  'DELETED_BY_PEER',
  'REJECTED_BY_PEER',
  'INVALID_SPECIFICATION',
  'ERROR',
] as const;
export type AivenPeeringState = (typeof AIVEN_PEERING_STATES)[number];

/**
 * The state of a peering request as vpc-peer tracks it: Aiven's state once Aiven has the peering,
 * REQUESTED while the create job has not run yet, CREATE_FAILED when Aiven refused it, EXPIRED when
 * nobody accepted the request in AWS within AWS's 7 days (AWS then drops it; Aiven has no such state).
 */
export type PeeringState = 'REQUESTED' | 'CREATE_FAILED' | 'EXPIRED' | AivenPeeringState;

/**
 * States in which a peering has ended: the same org VPC, account, VPC and region may be requested
 * again. ERROR is not among them: Aiven may still recover it, and support needs the peering as it is.
 */
export const CLOSED_STATES: ReadonlySet<PeeringState> = new Set<PeeringState>([
  'CREATE_FAILED',
  'EXPIRED',
  'DELETED',
  'DELETED_BY_PEER',
  'REJECTED_BY_PEER',
  'INVALID_SPECIFICATION',
]);

export function isOpen(state: PeeringState): boolean {
  return !CLOSED_STATES.has(state);
}

/**
 * Whether reconcile still walks a record: while it is open, and after it ended for as long as
 * announcements of its changes are pending (a failed "→ Deleted" reply is retried by the next run)
 * or its create outcome is untold (the sweeper tells it).
 * The spec lock follows isOpen alone: an ended peering frees its VPC at once.
 */
export function isTracked(record: {
  state: PeeringState;
  pendingChanges?: readonly unknown[];
  untoldCreateOutcome?: unknown;
}): boolean {
  return (
    isOpen(record.state) ||
    (record.pendingChanges?.length ?? 0) > 0 ||
    record.untoldCreateOutcome !== undefined
  );
}

/** AWS drops a peering request nobody accepts within this time. */
export const PENDING_PEER_EXPIRY_MS = 7 * 24 * 3600 * 1000;

/** An Aiven organization VPC, flattened to what the bot shows and needs. */
export interface OrgVpc {
  id: string;
  /** display_name, or the id when Aiven has none (the April 2025 spec predates display_name). */
  name: string;
  /** Aiven cloud name, e.g. `aws-eu-west-1`. */
  cloudName: string;
  /** Plain AWS region derived from the cloud name, e.g. `eu-west-1`; undefined for non-AWS clouds. */
  awsRegion: string | undefined;
  cidr: string;
  state: OrgVpcState;
}

/**
 * Org VPC states as Aiven names them. The spec lists four; a state it does not list (a newer Aiven's
 * `UPDATING`) is kept and shown as Aiven names it: such a VPC is still read, never taken for deleted.
 */
export type OrgVpcState = 'ACTIVE' | 'APPROVED' | 'DELETING' | 'DELETED' | (string & {});

/**
 * What the user asks for: one AWS VPC peered with one Aiven organization VPC, or one AWS Transit
 * Gateway the organization VPC attaches to (Aiven's `aws-tgw-vpc-attachment`).
 */
export interface PeeringSpec {
  orgVpcId: string;
  awsAccountId: string;
  /**
   * Aiven's peer_vpc: a `vpc-` id for a VPC peering, a `tgw-` id for a Transit Gateway attachment
   * (see peerKindOf). One field for both, as Aiven has one.
   */
  awsVpcId: string;
  awsRegion: string;
  /** Extra CIDRs to route through the peering (Aiven's user_peer_network_cidrs). */
  extraCidrs: string[];
}

/** What the AWS side of a request is: decides Aiven's connection type, the AWS work and the words. */
export type PeerKind = 'vpc-peering' | 'transit-gateway-attachment';

/** A `tgw-` peer is a Transit Gateway attachment; anything else is a VPC peering (as before). */
export function peerKindOf(spec: Pick<PeeringSpec, 'awsVpcId'>): PeerKind {
  return spec.awsVpcId.startsWith('tgw-') ? 'transit-gateway-attachment' : 'vpc-peering';
}

/** stateInfo.type of a record closed because Aiven stopped listing its peering (it may come back). */
export const GONE_INFO_TYPE = 'vpc-peer-gone';

/** A peering as Aiven reports it. */
export interface AivenPeering {
  id: string;
  orgVpcId: string;
  awsAccountId: string;
  awsVpcId: string;
  /** Plain AWS region; Aiven omits it when it equals the org VPC's region, the client fills it in. */
  awsRegion: string;
  state: AivenPeeringState;
  stateInfo: AivenStateInfo;
  extraCidrs: string[];
  /**
   * Aiven's answer had no readable user_peer_network_cidrs (the field is required): `extraCidrs` is
   * then [] by default and says nothing, so it never counts as a change of the peering's CIDRs.
   */
  extraCidrsUnread?: true;
  createTime: string;
  updateTime: string;
}

export interface AivenStateInfo {
  type: string;
  message: string;
  /** The AWS peering connection id (`pcx-...`), present once Aiven has made the request in AWS. */
  awsPeeringConnectionId?: string;
  warnings?: AivenWarning[];
}

export interface AivenWarning {
  type: string;
  message: string;
  /** For overlapping ranges: the AWS side of the conflict. */
  conflictingAwsAccountId?: string;
  conflictingAwsVpcId?: string;
  conflictingAwsPeeringConnectionId?: string;
}

/** An org VPC together with its peerings (the get-one-VPC response). */
export interface OrgVpcDetails {
  vpc: OrgVpc;
  peerings: AivenPeering[];
}

/** The Slack message that is the home of a peering: root message and its thread. */
export interface SlackThread {
  channelId: string;
  /** ts of the root message. */
  ts: string;
}

/** vpc-peer's record of a peering: the link between the request, Aiven's peering and its Slack thread. */
export interface PeeringRecord {
  /** vpc-peer's own id for the request (stable before Aiven has an id). */
  id: string;
  spec: PeeringSpec;
  /** Org VPC as it was when requested, for messages (name, cloud, CIDR). */
  orgVpc: OrgVpc;
  aivenPeeringId?: string;
  state: PeeringState;
  /** Aiven's state_info (or our error) to show the user. */
  stateInfo?: AivenStateInfo;
  /** Slack user id of the requester; EXTERNAL_REQUESTER for peerings made outside vpc-peer. */
  requestedBy: string;
  /** Channel the request came from (external: NOTIFY_CHANNEL, or '' when unset); the root is posted there. */
  channelId: string;
  thread?: SlackThread;
  /** 'external': made in the Aiven Console, Terraform or the API, found by reconcile. Absent: via Slack. */
  origin?: 'slack' | 'external';
  /** Aiven's update_time of the state last recorded: part of each change's announcement key. */
  aivenUpdateTime?: string;
  /** When the record entered PENDING_PEER (reminders and expiry count from here). */
  pendingPeerSince?: string;
  /** Reminders already sent for the current PENDING_PEER period, in days (1, 6). */
  remindedDays?: number[];
  /** State changes recorded but not yet fully announced (reply, root update, hooks): see reconcile. */
  pendingChanges?: PendingChange[];
  /**
   * Set just before the create call to Aiven. A later attempt that finds it set looks for the
   * peering in Aiven instead of creating it again (a timed-out POST may have succeeded).
   */
  createStartedAt?: string;
  /**
   * What the create job found, while the thread has not been fully told (reply and root rewrite).
   * Written in the same conditional write as the outcome's state, so that a Slack failure right after
   * it leaves the telling to the job's retry instead of to nobody (a closed record is never revisited).
   */
  untoldCreateOutcome?: CreateOutcome;
  /** Accepting in AWS: the plan, the decisions and the routes the bot added (src/peering/accept). */
  accept?: AcceptRecord;
  /**
   * An attachment's RAM share with Aiven's AWS account: what the bot did (or means to do: written
   * before the RAM call), so "Delete with approval" removes exactly the bot's share association.
   */
  transitGatewayShare?: TransitGatewayShare;
  /**
   * Handed over to Terraform ("Managed by Terraform now"): vpc-peer still reports its state but never
   * deletes, accepts, replaces or removes routes of it again (src/peering/terraform-hand-over.ts).
   */
  terraform?: { handedOverBy: string; handedOverAt: string };
  /**
   * Requested during a change freeze by one of its override members: the freeze (described) and their
   * reason, shown in the thread (root and Aiven's answer) as a deletion's request message shows it.
   */
  freezeOverride?: { by: string; freeze: string; reason: string };
  /** The extra CIDRs as Aiven answered the last edit; absent: spec.extraCidrs (as requested). */
  extraCidrs?: string[];
  /** The latest edit of the extra CIDRs, from the modal to Aiven's answer (src/peering/change-peer-cidrs.ts). */
  cidrChange?: PeerCidrChange;
  createdAt: string;
  updatedAt: string;
  /** When the record entered a closed state (list and App Home show recently ended peerings apart). */
  endedAt?: string;
  /** Optimistic-lock counter: every update must name the version it read. */
  version: number;
}

/** An edit of a live peering's extra CIDRs: what to add and delete, and how Aiven answered. */
export interface PeerCidrChange {
  /** From the modal's view id: a double submit or a Slack retry names the same change. */
  id: string;
  add: string[];
  delete: string[];
  requestedBy: string;
  requestedAt: string;
  /** queued: waits for the worker; sending: a run sent it (or is sending it); then done or failed. */
  status: 'queued' | 'sending' | 'done' | 'failed';
  /** The run that claimed the sending, and until when: a duplicate run backs off while it lives. */
  lease?: { token: string; until: string };
  /** Aiven's refusal or the failure, in plain words, and the log reference. */
  failure?: { reason: string; reference: string };
  /** When it was done or failed: a snapshot read before this does not know the new list yet. */
  answeredAt?: string;
}

/** The extra CIDRs a peering routes now, as far as vpc-peer knows. */
export function currentExtraCidrs(record: Pick<PeeringRecord, 'extraCidrs' | 'spec'>): string[] {
  return record.extraCidrs ?? record.spec.extraCidrs;
}

/** The create job's outcome as the thread hears it. */
export type CreateOutcome =
  /** Aiven created the peering; its state and state_info at that moment (the reply tells those). */
  | { kind: 'created'; state: PeeringState; stateInfo?: AivenStateInfo }
  /** Nothing was created: why, in plain words, and what the requester can do now. */
  | { kind: 'failed'; reason: string; nextStep: string };

/** `requestedBy` of a peering made outside vpc-peer: not a Slack user id, so it matches nobody. */
export const EXTERNAL_REQUESTER = 'external';

export function isExternal(record: Pick<PeeringRecord, 'origin'>): boolean {
  return record.origin === 'external';
}

/** Whether Terraform owns the peering now: vpc-peer only watches and reports it. */
export function isManagedByTerraform(record: Pick<PeeringRecord, 'terraform'>): boolean {
  return record.terraform !== undefined;
}

/** What vpc-peer says when asked to change a peering Terraform manages. */
export const MANAGED_BY_TERRAFORM =
  'This peering is managed by Terraform: change it there. vpc-peer only reports its state.';

/** A recorded state change waiting for its announcement; written with the state in one conditional write. */
export interface PendingChange {
  /** Unique per peering and change, e.g. `<recordId>:PENDING_PEER:<aiven update_time>`. */
  key: string;
  previous: PeeringState;
  state: PeeringState;
  stateInfo?: AivenStateInfo;
  /**
   * Set when the change is of the extra CIDRs, made outside vpc-peer (Aiven Console, API, Terraform),
   * not of the state (`previous` and `state` are then equal): the ranges before and after.
   */
  cidrs?: { before: string[]; after: string[] };
  /** Each change hook's progress on this change, by the hook's name (see HookProgress). */
  hooks?: Record<string, HookProgress>;
  /**
   * Stored by versions before hooks had names: indexes into the hook list of that time, and its
   * attempt. Read through hookProgressOf (src/peering/progress.ts), never written any more.
   */
  hooksLeft?: number[];
  hookAttempt?: number;
  /** Attempts at the root message rewrite that failed (each attempt is claimed once). */
  rootAttempt?: number;
  /** Slack asked to wait (Retry-After): nothing of this change is tried again before this time (ISO). */
  notBefore?: string;
}

/**
 * One hook's progress on one change. A run leases `hook:<name>:<change key>:<attempt>` before running
 * the hook; `done` is written after it returned, a failure bumps `attempt` (a fresh lease at once), and
 * a run that died half way leaves the lease to expire, after which the hook runs again.
 */
export interface HookProgress {
  attempt: number;
  done?: boolean;
}

/** Open requests are unique per org VPC, AWS account, VPC and region. */
export function specKey(
  spec: Pick<PeeringSpec, 'orgVpcId' | 'awsAccountId' | 'awsVpcId' | 'awsRegion'>,
): string {
  return [spec.orgVpcId, spec.awsAccountId, spec.awsVpcId, spec.awsRegion].join('|');
}

/** Org VPCs and their peerings as last read from Aiven: lets Slack requests answer without calling Aiven. */
export interface OrgVpcSnapshot {
  organizationId: string;
  fetchedAt: string;
  /** When reconcile first wrote a snapshot: before that, existing peerings are adopted silently. */
  reconciledAt?: string;
  vpcs: OrgVpcDetails[];
}
