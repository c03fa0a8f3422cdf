// Accepting a peering in AWS: the plan shown before anything changes, what was done, and the record
// of the bot's own routes (so cleanup removes exactly those). Plain data, stored on the PeeringRecord.
import type { Approval } from '../approval';

/** One destination in one route table, as the plan sees it. */
export type RouteStep =
  | { kind: 'add'; routeTableId: string; destination: string }
  /** The route exists with this peering as target: left alone. */
  | { kind: 'present'; routeTableId: string; destination: string }
  /** The route exists with another target: reported, replaced only on request. */
  | { kind: 'conflict'; routeTableId: string; destination: string; currentTarget: string };

export interface PlannedRouteTable {
  id: string;
  main: boolean;
}

export interface AcceptPlan {
  pcxId: string;
  /** Route tables the plan covers: subnet tables plus the main table, or ROUTE_TABLES for the VPC. */
  routeTables: PlannedRouteTable[];
  /** Destinations routed through the peering: the org VPC's CIDR. */
  destinations: string[];
  steps: RouteStep[];
  /** The connection still waits for acceptance (false: already active, only routes remain). */
  acceptNeeded: boolean;
}

/** A route the bot created or replaced; `replacedTarget` is the target it had before. */
export interface BotRoute {
  routeTableId: string;
  destination: string;
  target: string;
  replacedTarget?: string;
}

/** What the Transit Gateway's route tables need for the org VPC's CIDR. */
export type TransitGatewayRouting =
  /** Default association and propagation are on: AWS routes the attachment itself. */
  | { kind: 'defaults'; routeTableId: string }
  /** Propagation is off: a static route to the org VPC's CIDR through the attachment. */
  | { kind: 'static-route'; routeTableId: string; destination: string }
  /** No default route table to use: people associate the attachment themselves. */
  | { kind: 'by-hand'; reason: string };

export interface AttachmentPlan {
  transitGatewayId: string;
  attachmentId: string;
  /** pendingAcceptance: accept it; false: it is available already (accepted before). */
  acceptNeeded: boolean;
  /** The team's own VPCs attached to the Transit Gateway, whose route tables get the route. */
  vpcIds: string[];
  /** VPC-side routes; `pcxId` is the Transit Gateway (the routes' target). */
  vpcRoutes: AcceptPlan;
  transitGatewayRouting: TransitGatewayRouting;
}

export type AcceptMode = 'apply' | 'replace' | 'retry';

export interface AcceptOutcome {
  accepted: 'now' | 'before';
  added: BotRoute[];
  replaced: BotRoute[];
  present: RouteStep[];
  conflicts: Extract<RouteStep, { kind: 'conflict' }>[];
  failed: { step: RouteStep; problem: string }[];
  /** Why the run stopped before the routes (e.g. the connection is no longer pending). */
  stopped?: string;
  dnsEnabled: boolean;
}

export interface AcceptRecord {
  /** The pcx- of a peering, or the tgw-attach- of a Transit Gateway attachment. */
  pcxId: string;
  /**
   * The request the plan job was queued for, when not `pcxId`: an attachment Aiven's message did not
   * name is planned under its Transit Gateway's id (one plan per PENDING_PEER).
   */
  planKey?: string;
  /** An attachment's whole plan (`plan` holds its VPC-side routes); absent for a peering. */
  attachment?: AttachmentPlan;
  /**
   * planned: waiting for a decision; applying: a run owns it; applied: done (conflicts may remain);
   * partial: a run failed half-way, Retry resumes.
   */
  status: 'planned' | 'applying' | 'applied' | 'partial';
  /** Bumped by every decision. A button carries the round it was shown in, so a second click of it finds a newer round. */
  round: number;
  plan: AcceptPlan;
  /** The job that owns the current run: its redelivery resumes, anyone else backs off. */
  runJobId?: string;
  decidedBy?: string;
  decidedAt?: string;
  lastMode?: AcceptMode;
  planMessageTs?: string;
  /** The last message with buttons after the plan: a run's result, or the notice that a run failed. */
  resultMessage?: { ts: string; kind: 'outcome' } | { ts: string; kind: 'failed'; reference: string };
  lastOutcome?: AcceptOutcome;
  /**
   * Routes this bot created (or replaced), written just BEFORE the AWS call: cleanup deletes only
   * those whose live target is still this peering, so an entry whose call never happened is harmless.
   */
  routes: BotRoute[];
  /** What the deletion's route cleanup did with `routes`: messages say what is left, if anything. */
  cleanup?: CleanupReport;
  /** With a policy file, Replace waits for approvers: the latest such request (replace-approval.ts). */
  replaceRequest?: ReplaceRequest;
}

/**
 * "Replace conflicting routes" asked by a team member, waiting for `required` distinct approvers other
 * than them (a Quorum). The approval that completes it decides `round` for the run.
 */
export interface ReplaceRequest {
  /** The round of the result whose Replace was clicked. */
  round: number;
  requestedBy: string;
  requestedAt: string;
  approvers: string[];
  required: number;
  approvals: Approval[];
  status: 'open' | 'approved' | 'rejected';
  /** The approver whose approval completed it, or who rejected it. */
  decidedBy?: string;
  decidedAt?: string;
  /** The request's message in the thread, once posted. */
  messageTs?: string;
}

/** The outcome of removing the bot's routes for a deleted peering. */
export interface CleanupReport {
  /** Deleted, or (for replaced routes) pointed back at `replacedTarget`. */
  removed: BotRoute[];
  skipped: { route: BotRoute; reason: string }[];
  /** An attachment's RAM share association with Aiven's account, when the record holds one. */
  share?: ShareRemoval;
}

/** Who made a decision: a Slack user id, or AUTO_ACCEPT. */
export const AUTO_ACCEPT_DECIDER = 'AUTO_ACCEPT';

/**
 * How the Transit Gateway came to be shared with Aiven's AWS account for an attachment.
 * created: the bot created its share `vpc-peer-<tgw>`; principal-added: it added Aiven's account to
 * that share; already-shared: a share (the team's, or one another request made) held it already, and
 * the bot changed nothing. `status: 'intended'` is written before the RAM call, `done` after.
 */
export interface TransitGatewayShare {
  transitGatewayId: string;
  /** Aiven's AWS account id. */
  principal: string;
  action: 'created' | 'principal-added' | 'already-shared';
  status: 'intended' | 'done';
  /** The share's ARN; absent while a new share is only intended (the bot's share is found by name). */
  arn?: string;
  /** What "Delete with approval" did with the share association (src/peering/accept/share-cleanup.ts). */
  removal?: ShareRemoval;
}

/**
 * The share association on delete: Aiven's account removed from the share, the bot's whole share
 * deleted (it held nothing else), already gone (RAM said so), or left alone (`reason` says why).
 */
export interface ShareRemoval {
  outcome: 'principal-removed' | 'share-deleted' | 'already-gone' | 'left';
  arn?: string;
  reason?: string;
}
