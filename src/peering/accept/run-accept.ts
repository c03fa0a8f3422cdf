// One run of "accept and add routes": verify again, accept if still pending, then each route step.
// Re-plans from AWS as it is now, so a resumed run (Retry, redelivery) skips what already succeeded.
import type { Logger } from '../../logger';
import type { PeeringRecord } from '../model';
import type { PeeringRecordStore } from '../ports';
import { updateAccept, withoutRoute, withRoute } from './accept-record';
import { mayAcceptIn } from './deletion-guard';
import type { AcceptMode, AcceptOutcome, BotRoute, RouteStep } from './model';
import { acceptDestinations, buildAcceptPlan, chooseRouteTables } from './plan';
import { type AwsNetwork, AwsRefusal } from './ports';
import { verifyPeeringConnection } from './verify';

export interface RunAcceptDeps {
  store: PeeringRecordStore;
  logger: Logger;
  routeTablesFor(vpcId: string): string[] | undefined;
  allowRemoteDns: boolean;
}

export function emptyOutcome(): AcceptOutcome {
  return {
    accepted: 'before',
    added: [],
    replaced: [],
    present: [],
    conflicts: [],
    failed: [],
    dnsEnabled: false,
  };
}

const awsWords = (error: AwsRefusal) => `AWS refused it (${error.code}): ${error.message}`;

export async function runAccept(
  deps: RunAcceptDeps,
  network: AwsNetwork,
  record: PeeringRecord,
  pcxId: string,
  mode: AcceptMode,
): Promise<AcceptOutcome> {
  const { spec } = record;
  const outcome = emptyOutcome();
  const connection = await network.describePeeringConnection(pcxId);
  const vpcCidrs = await network.describeVpcCidrs(spec.awsVpcId);
  const problems = verifyPeeringConnection(record, pcxId, connection, vpcCidrs, { allowActive: true });
  if (problems.length > 0) return { ...outcome, stopped: problems.join(' ') };

  if (connection?.status === 'pending-acceptance') {
    try {
      await network.acceptPeeringConnection(pcxId);
      outcome.accepted = 'now';
    } catch (error) {
      if (!(error instanceof AwsRefusal)) throw error;
      // A duplicate run of the same decision may have accepted it a moment ago.
      const now = await network.describePeeringConnection(pcxId);
      if (now?.status !== 'active' && now?.status !== 'provisioning') {
        return { ...outcome, stopped: `Accepting ${pcxId}: ${awsWords(error)}` };
      }
    }
  }

  const tables = chooseRouteTables(
    await network.listRouteTables(spec.awsVpcId),
    deps.routeTablesFor(spec.awsVpcId),
  );
  for (const missing of tables.missing) {
    outcome.failed.push({
      step: { kind: 'add', routeTableId: missing, destination: acceptDestinations(record).join(', ') },
      problem: `ROUTE_TABLES names ${missing}, which is not a route table of ${spec.awsVpcId}.`,
    });
  }
  const plan = buildAcceptPlan({
    pcxId,
    destinations: acceptDestinations(record),
    tables: tables.chosen,
    acceptNeeded: false,
  });
  const run: StepRun = { deps, network, peeringId: record.id, vpcId: spec.awsVpcId, pcxId, mode, outcome };
  for (const step of plan.steps) await runStep(run, step);

  if (deps.allowRemoteDns) {
    try {
      await network.allowDnsFromRemote(pcxId);
      outcome.dnsEnabled = true;
    } catch (error) {
      if (!(error instanceof AwsRefusal)) throw error;
      outcome.failed.push({
        step: { kind: 'present', routeTableId: '-', destination: 'DNS resolution' },
        problem: `Allowing DNS resolution from the Aiven VPC: ${awsWords(error)}`,
      });
    }
  }
  return outcome;
}

interface StepRun {
  deps: RunAcceptDeps;
  network: AwsNetwork;
  peeringId: string;
  vpcId: string;
  pcxId: string;
  mode: AcceptMode;
  outcome: AcceptOutcome;
}

async function runStep(run: StepRun, step: RouteStep): Promise<void> {
  const { deps, network, peeringId, pcxId, outcome } = run;
  if (outcome.stopped) return;
  if (step.kind === 'present') {
    outcome.present.push(step);
    return;
  }
  if (step.kind === 'conflict' && run.mode !== 'replace') {
    outcome.conflicts.push(step);
    return;
  }
  const route: BotRoute = {
    routeTableId: step.routeTableId,
    destination: step.destination,
    target: pcxId,
    ...(step.kind === 'conflict' ? { replacedTarget: step.currentTarget } : {}),
  };
  // Noted before the call: if the process dies after AWS made the route, cleanup still knows it.
  // Once the peering is being deleted (or ended) no new route is made: the cleanup may be done.
  const noted = await updateAccept(deps.store, peeringId, (record, accept) =>
    accept && mayAcceptIn(record) ? withRoute(accept, route) : undefined,
  );
  if (!noted) {
    outcome.stopped = 'The peering is being deleted or has ended: vpc-peer added no more routes.';
    return;
  }
  try {
    if (step.kind === 'add') await network.createRoute(step.routeTableId, step.destination, pcxId);
    else await network.replaceRoute(step.routeTableId, step.destination, pcxId);
  } catch (error) {
    if (!(error instanceof AwsRefusal)) throw error;
    // Another run of the same decision (a duplicate delivery) made it a moment ago: it is there.
    if (error.is('RouteAlreadyExists') && (await liveTarget(run, step)) === pcxId) {
      outcome.present.push({
        kind: 'present',
        routeTableId: step.routeTableId,
        destination: step.destination,
      });
      return;
    }
    deps.logger.warn({ step, code: error.code }, 'AWS refused a route change');
    await updateAccept(deps.store, peeringId, (_r, accept) => accept && withoutRoute(accept, route));
    outcome.failed.push({ step, problem: awsWords(error) });
    return;
  }
  (step.kind === 'add' ? outcome.added : outcome.replaced).push(route);
}

async function liveTarget(run: StepRun, step: RouteStep): Promise<string | undefined> {
  const tables = await run.network.listRouteTables(run.vpcId);
  const table = tables.find((t) => t.id === step.routeTableId);
  return table?.routes.find((r) => r.destination === step.destination)?.target;
}
