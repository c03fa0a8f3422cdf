// What accepting in AWS needs from the outside world: EC2 in the peering's account (through an
// assumed role), the queue, and a way to tell the thread. Adapters: src/adapters/ec2, src/slack.
import type { PeeringRecord } from '../model';
import type { AcceptOutcome, AcceptPlan } from './model';

/** The accept work reacts to the state changes the reconcile loop reports. */
export type { PeeringChange, PeeringChangeHook } from '../reconcile';

export interface AwsPeeringConnection {
  id: string;
  /** AWS status code: pending-acceptance, active, rejected, deleted, failed, expired, ... */
  status: string;
  accepter: { accountId: string; vpcId: string; region?: string };
  requester: { accountId: string; vpcId: string; cidrs: string[] };
}

export interface AwsRoute {
  destination: string;
  /** pcx-, igw-, nat-, tgw-, eni-, vgw-, local... or undefined when AWS shows none. */
  target: string | undefined;
}

export interface AwsRouteTable {
  id: string;
  main: boolean;
  /** Associated with at least one subnet. */
  hasSubnets: boolean;
  routes: AwsRoute[];
}

/** EC2 in one account and region. Errors AWS answers with are thrown as AwsRefusal. */
export interface AwsNetwork {
  describePeeringConnection(pcxId: string): Promise<AwsPeeringConnection | undefined>;
  /** The VPC's IPv4 CIDRs, or undefined when there is no such VPC. */
  describeVpcCidrs(vpcId: string): Promise<string[] | undefined>;
  listRouteTables(vpcId: string): Promise<AwsRouteTable[]>;
  acceptPeeringConnection(pcxId: string): Promise<void>;
  /** A route to `target`: the peering's pcx-, or the Transit Gateway's tgw- for an attachment. */
  createRoute(routeTableId: string, destination: string, target: string): Promise<void>;
  /** Points an existing route at `target` (pcx-, igw-, nat-, tgw-, vgw-, eni-). */
  replaceRoute(routeTableId: string, destination: string, target: string): Promise<void>;
  deleteRoute(routeTableId: string, destination: string): Promise<void>;
  allowDnsFromRemote(pcxId: string): Promise<void>;
}

/** AWS said no: `code` is AWS's error code (e.g. RouteAlreadyExists), `message` its words. */
export class AwsRefusal extends Error {
  override readonly name = 'AwsRefusal';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  is(code: string): boolean {
    return this.code.toLowerCase() === code.toLowerCase();
  }
}

export type AwsConnection =
  | { ok: true; network: AwsNetwork }
  /** No role for the account, or the role could not be assumed: the manual path, with this reason. */
  | { ok: false; reason: string };

export interface AwsAccess {
  /** Whether a role is configured for the account (no AWS call). */
  hasRole(accountId: string): boolean;
  connect(target: { accountId: string; region: string; peeringId: string }): Promise<AwsConnection>;
}

/** How accepting tells the peering's thread. Every method posts at most once per purpose. */
export interface AcceptNotifier {
  /** The steps to do it by hand, saying why; `routeTableIds` when ROUTE_TABLES names them. */
  postManualSteps(
    record: PeeringRecord,
    pcxId: string,
    reason: string,
    routeTableIds?: readonly string[],
  ): Promise<void>;
  postRefused(record: PeeringRecord, pcxId: string, problems: string[]): Promise<void>;
  /** Posts the plan (with the button unless auto-accepting); returns the message ts when posted. */
  postPlan(record: PeeringRecord, plan: AcceptPlan, auto: boolean): Promise<string | undefined>;
  /** Replaces a message's buttons by the decision (who, when, what). */
  showDecision(record: PeeringRecord, which: 'plan' | 'result'): Promise<void>;
  postResult(record: PeeringRecord, outcome: AcceptOutcome, round: number): Promise<string | undefined>;
  /**
   * Tells why a decision was not carried out (the peering is being deleted or has ended): the person
   * who clicked, privately, or the thread when AUTO_ACCEPT decided. Once per job.
   */
  postNotAccepted(record: PeeringRecord, decidedBy: string, reason: string, jobId: string): Promise<void>;
  /** Tells that a run failed after every attempt (with the log reference); returns the message ts when posted. */
  postRunFailed(record: PeeringRecord, reference: string, round: number): Promise<string | undefined>;
}
