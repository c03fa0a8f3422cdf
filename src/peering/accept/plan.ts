// The plan: which route tables get a route to the org VPC's CIDR through the peering, what is
// already there, and what conflicts. Computed from AWS as it is now, every time (so a resumed run
// skips what an earlier one did).
import type { PeeringRecord } from '../model';
import type { AcceptPlan, PlannedRouteTable, RouteStep } from './model';
import type { AwsRouteTable } from './ports';

/**
 * Only the org VPC's CIDR is routed from AWS to Aiven. Aiven's user_peer_network_cidrs are ranges on
 * the AWS side (behind this VPC) that Aiven routes towards it; routing them to the peering from here
 * would send the VPC's own traffic for those ranges into Aiven.
 */
export function acceptDestinations(record: PeeringRecord): string[] {
  return [record.orgVpc.cidr];
}

/**
 * Route tables of the VPC: those listed in ROUTE_TABLES for it, else every table associated with a
 * subnet plus the main table (subnets without an explicit association use the main one).
 */
export function chooseRouteTables(
  tables: readonly AwsRouteTable[],
  configured: readonly string[] | undefined,
): { chosen: AwsRouteTable[]; missing: string[] } {
  if (configured && configured.length > 0) {
    const chosen = configured
      .map((id) => tables.find((t) => t.id === id))
      .filter((t): t is AwsRouteTable => !!t);
    return { chosen, missing: configured.filter((id) => !tables.some((t) => t.id === id)) };
  }
  return { chosen: tables.filter((t) => t.main || t.hasSubnets), missing: [] };
}

export function buildAcceptPlan(input: {
  pcxId: string;
  destinations: string[];
  tables: readonly AwsRouteTable[];
  acceptNeeded: boolean;
}): AcceptPlan {
  const steps: RouteStep[] = [];
  for (const table of input.tables) {
    for (const destination of input.destinations) {
      const existing = table.routes.find((r) => r.destination === destination);
      if (!existing) steps.push({ kind: 'add', routeTableId: table.id, destination });
      else if (existing.target === input.pcxId)
        steps.push({ kind: 'present', routeTableId: table.id, destination });
      else
        steps.push({
          kind: 'conflict',
          routeTableId: table.id,
          destination,
          currentTarget: existing.target ?? 'an unknown target',
        });
    }
  }
  const routeTables: PlannedRouteTable[] = input.tables.map((t) => ({ id: t.id, main: t.main }));
  return {
    pcxId: input.pcxId,
    routeTables,
    destinations: input.destinations,
    steps,
    acceptNeeded: input.acceptNeeded,
  };
}
