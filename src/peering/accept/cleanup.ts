// Cleanup for "Delete with approval": removes exactly the routes this bot added for a peering. A
// route whose target changed since (someone re-pointed it) is left alone and reported; a route the
// bot re-pointed from another target gets that target back.
import type { PeeringRecord } from '../model';
import { NO_LONGER_THERE } from '../outcome';
import type { CleanupReport } from './model';
import { type AwsAccess, AwsRefusal } from './ports';

export type { CleanupReport };

export function makeRouteCleanup(deps: { access: AwsAccess }) {
  return async function removeBotRoutes(record: PeeringRecord): Promise<CleanupReport> {
    const routes = record.accept?.routes ?? [];
    const report: CleanupReport = { removed: [], skipped: [] };
    if (routes.length === 0) return report;
    const { spec } = record;
    const connection = await deps.access.connect({
      accountId: spec.awsAccountId,
      region: spec.awsRegion,
      peeringId: record.id,
    });
    if (!connection.ok) {
      report.skipped.push(...routes.map((route) => ({ route, reason: connection.reason })));
      return report;
    }
    const { network } = connection;
    const tables = await network.listRouteTables(spec.awsVpcId);
    for (const route of routes) {
      const live = tables
        .find((t) => t.id === route.routeTableId)
        ?.routes.find((r) => r.destination === route.destination);
      if (!live) {
        report.skipped.push({ route, reason: NO_LONGER_THERE });
        continue;
      }
      if (live.target !== route.target) {
        report.skipped.push({
          route,
          reason: `now goes to ${live.target ?? 'another target'}; changed since, left alone`,
        });
        continue;
      }
      try {
        if (route.replacedTarget)
          await network.replaceRoute(route.routeTableId, route.destination, route.replacedTarget);
        else await network.deleteRoute(route.routeTableId, route.destination);
        report.removed.push(route);
      } catch (error) {
        if (!(error instanceof AwsRefusal)) throw error;
        report.skipped.push({ route, reason: `AWS refused it (${error.code}): ${error.message}` });
      }
    }
    return report;
  };
}
