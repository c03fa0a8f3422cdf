// What the two accept jobs carry, and what each kind of request gives them: a peering connection
// (accept-peering-connection.ts) and a Transit Gateway attachment (accept-attachment.ts) are planned
// and run their own way, while the decision between plan and run (the click, its compare-and-set,
// Retry) is one for both (accept-round.ts). Types only, so the sweeper can name a job without the work.
import type { Logger } from '../../logger';
import type { PeeringRecord } from '../model';
import type { AcceptMode, AcceptOutcome } from './model';

export interface AcceptSettings {
  autoAccept: boolean;
  allowRemoteDns: boolean;
  /** ROUTE_TABLES: the route tables to use for a VPC, when not all of them. */
  routeTables: Record<string, string[]>;
}

export interface PlanAcceptJob {
  id: string;
  peeringId: string;
  /** The pcx- of a peering; for an attachment, the tgw-attach- Aiven named, else its tgw- (accept-attachment.ts). */
  pcxId: string;
}

export interface ApplyAcceptJob {
  id: string;
  peeringId: string;
  /** The round the clicked button was shown in. */
  round: number;
  mode: AcceptMode;
  userId: string;
}

/** How one kind of request is planned and run; the jobs pick the kind from the record. */
export interface AcceptPath {
  /** Reads the request in AWS and stores its plan; false when it posted why not instead. */
  makePlan(record: PeeringRecord, key: string, log: Logger): Promise<boolean>;
  /** One run of the decided round, from AWS as it is now (a resumed run skips what is done). */
  run(record: PeeringRecord, mode: AcceptMode, log: Logger): Promise<AcceptOutcome>;
}
