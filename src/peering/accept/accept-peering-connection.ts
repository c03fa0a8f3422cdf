// The peering-connection half of the accept jobs (accept-peering.ts): the pcx- Aiven made is verified
// against the record and the VPC before a plan is stored, and a decided round accepts it and routes
// through it (run-accept.ts). The attachment half is accept-attachment.ts.
import type { Logger } from '../../logger';
import type { PeeringRecord } from '../model';
import type { PeeringRecordStore } from '../ports';
import type { AcceptPath } from './accept-jobs';
import { updateAccept } from './accept-record';
import type { AcceptMode, AcceptOutcome } from './model';
import { acceptDestinations, buildAcceptPlan, chooseRouteTables } from './plan';
import type { AcceptNotifier, AwsAccess } from './ports';
import { emptyOutcome, runAccept } from './run-accept';
import { verifyPeeringConnection } from './verify';

export interface PeeringConnectionAcceptDeps {
  store: PeeringRecordStore;
  access: AwsAccess;
  notifier: AcceptNotifier;
  allowRemoteDns: boolean;
  routeTablesFor(vpcId: string): string[] | undefined;
}

export function makePeeringConnectionAccept(deps: PeeringConnectionAcceptDeps): AcceptPath {
  const { store, access, notifier, routeTablesFor } = deps;
  const connectTo = (record: PeeringRecord) =>
    access.connect({
      accountId: record.spec.awsAccountId,
      region: record.spec.awsRegion,
      peeringId: record.id,
    });
  const manualPath = (record: PeeringRecord, pcxId: string, reason: string) =>
    notifier.postManualSteps(record, pcxId, reason, routeTablesFor(record.spec.awsVpcId));

  /** Verifies the connection and stores the plan; false when it posted why not instead. */
  async function makePlan(record: PeeringRecord, pcxId: string, log: Logger): Promise<boolean> {
    const connection = await connectTo(record);
    if (!connection.ok) {
      await manualPath(record, pcxId, connection.reason);
      return false;
    }
    const { network } = connection;
    const found = await network.describePeeringConnection(pcxId);
    const vpcCidrs = await network.describeVpcCidrs(record.spec.awsVpcId);
    const problems = verifyPeeringConnection(record, pcxId, found, vpcCidrs, { allowActive: false });
    const tables = chooseRouteTables(
      await network.listRouteTables(record.spec.awsVpcId),
      routeTablesFor(record.spec.awsVpcId),
    );
    for (const missing of tables.missing)
      problems.push(
        `ROUTE_TABLES names ${missing} for ${record.spec.awsVpcId}, which has no such route table.`,
      );
    if (problems.length > 0) {
      log.warn({ problems }, 'peering connection refused; nothing changed');
      await notifier.postRefused(record, pcxId, problems);
      return false;
    }
    const shown = buildAcceptPlan({
      pcxId,
      destinations: acceptDestinations(record),
      tables: tables.chosen,
      acceptNeeded: true,
    });
    // The first plan for this connection is the one people decide on. Routes added for an earlier
    // connection of the same peering stay listed, for cleanup.
    await updateAccept(store, record.id, (_r, accept) =>
      accept?.pcxId === pcxId
        ? undefined
        : { pcxId, status: 'planned', round: 0, plan: shown, routes: accept?.routes ?? [] },
    );
    return true;
  }

  /** A decided round: accept the pcx- and route through it (run-accept.ts). */
  async function run(record: PeeringRecord, mode: AcceptMode, log: Logger): Promise<AcceptOutcome> {
    const pcxId = record.accept?.pcxId;
    if (!pcxId) return { ...emptyOutcome(), stopped: 'There is no plan to carry out.' };
    const connection = await connectTo(record);
    if (!connection.ok) {
      await manualPath(record, pcxId, connection.reason);
      return { ...emptyOutcome(), stopped: connection.reason };
    }
    const runDeps = { store, logger: log, routeTablesFor, allowRemoteDns: deps.allowRemoteDns };
    return runAccept(runDeps, connection.network, record, pcxId, mode);
  }

  return { makePlan, run };
}
