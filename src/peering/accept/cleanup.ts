// Cleanup for "Delete with approval": removes exactly the routes this bot added for a peering. A
// route whose target changed since (someone re-pointed it) is left alone and reported; a route the
// bot re-pointed from another target gets that target back. For a Transit Gateway attachment the
// VPC routes live in the team's VPCs attached to the Transit Gateway, and a static route the bot
// added on the Transit Gateway (a tgw-rtb- table) is deleted there if it still leads to the
// attachment, and Aiven's share association is removed when the bot made it (share-cleanup.ts).
import { type PeeringRecord, peerKindOf } from '../model';
import { NO_LONGER_THERE } from '../outcome';
import type { PeeringRecordStore } from '../ports';
import type { BotRoute, CleanupReport } from './model';
import { type AwsAccess, type AwsNetwork, AwsRefusal, type AwsRouteTable } from './ports';
import { isTransitGatewayRoute } from './run-attachment';
import { removeShareAssociation } from './share-cleanup';
import type { AwsTransitGateways, TransitGatewayAccess } from './transit-gateway-ports';

export type { CleanupReport };

const refused = (error: AwsRefusal) => `AWS refused it (${error.code}): ${error.message}`;

export function makeRouteCleanup(deps: {
  access: AwsAccess & Partial<Pick<TransitGatewayAccess, 'connectTransitGateways'>>;
  /** The bot's other requests for the same Transit Gateway (an attachment's share stays while one is open). */
  store?: Pick<PeeringRecordStore, 'findPeeringsByAwsId'>;
}) {
  const removeRoutes = makeRemoveRoutes(deps);
  return async function removeBotRoutes(record: PeeringRecord): Promise<CleanupReport> {
    const report = await removeRoutes(record);
    if (!record.transitGatewayShare || peerKindOf(record.spec) !== 'transit-gateway-attachment')
      return report;
    const { spec } = record;
    const target = { accountId: spec.awsAccountId, region: spec.awsRegion, peeringId: record.id };
    const aws = deps.access.hasRole(spec.awsAccountId)
      ? ((await deps.access.connectTransitGateways?.(target)) ?? NO_TRANSIT_GATEWAYS)
      : { ok: false as const, reason: `vpc-peer has no role in AWS account ${spec.awsAccountId}` };
    const share = await removeShareAssociation({
      record,
      aws,
      sameTransitGateway: (await deps.store?.findPeeringsByAwsId(spec.awsVpcId)) ?? [],
    });
    return share ? { ...report, share } : report;
  };
}

const NO_TRANSIT_GATEWAYS = {
  ok: false as const,
  reason: 'vpc-peer cannot reach Transit Gateways in this account.',
};

function makeRemoveRoutes(deps: {
  access: AwsAccess & Partial<Pick<TransitGatewayAccess, 'connectTransitGateways'>>;
}) {
  return async function removeRoutes(record: PeeringRecord): Promise<CleanupReport> {
    const routes = record.accept?.routes ?? [];
    const report: CleanupReport = { removed: [], skipped: [] };
    if (routes.length === 0) return report;
    const { spec } = record;
    const target = { accountId: spec.awsAccountId, region: spec.awsRegion, peeringId: record.id };
    const connection = await deps.access.connect(target);
    if (!connection.ok) {
      report.skipped.push(...routes.map((route) => ({ route, reason: connection.reason })));
      return report;
    }
    const { network } = connection;
    if (peerKindOf(spec) === 'vpc-peering') {
      await removeVpcRoutes(network, await network.listRouteTables(spec.awsVpcId), routes, report);
      return report;
    }
    const tgwConnection = await deps.access.connectTransitGateways?.(target);
    if (!tgwConnection?.ok) {
      const reason = tgwConnection?.reason ?? NO_TRANSIT_GATEWAYS.reason;
      report.skipped.push(...routes.map((route) => ({ route, reason })));
      return report;
    }
    const tgws = tgwConnection.transitGateways;
    // The tables of the team's VPCs on the Transit Gateway now (a VPC detached since: its routes are reported).
    const vpcIds = (await tgws.vpcAttachmentsOf(spec.awsVpcId))
      .filter((a) => a.vpcOwnerId === spec.awsAccountId)
      .map((a) => a.vpcId);
    const tables: AwsRouteTable[] = [];
    for (const vpcId of new Set(vpcIds)) tables.push(...(await network.listRouteTables(vpcId)));
    await removeVpcRoutes(
      network,
      tables,
      routes.filter((r) => !isTransitGatewayRoute(r)),
      report,
    );
    await removeTransitGatewayRoutes(tgws, routes.filter(isTransitGatewayRoute), report);
    return report;
  };
}

async function removeVpcRoutes(
  network: AwsNetwork,
  tables: readonly AwsRouteTable[],
  routes: readonly BotRoute[],
  report: CleanupReport,
): Promise<void> {
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
      report.skipped.push({ route, reason: refused(error) });
    }
  }
}

/**
 * Static Transit Gateway routes the bot added: deleted when the route still leads to the attachment
 * the bot pointed it at (SearchTransitGatewayRoutes, exact destination); one that leads elsewhere now,
 * or became propagated, is left alone and reported, like a VPC route; one already gone is reported as such.
 */
async function removeTransitGatewayRoutes(
  tgws: AwsTransitGateways,
  routes: readonly BotRoute[],
  report: CleanupReport,
): Promise<void> {
  for (const route of routes) {
    try {
      const live = await tgws.transitGatewayRoute(route.routeTableId, route.destination);
      if (!live) {
        report.skipped.push({ route, reason: NO_LONGER_THERE });
        continue;
      }
      if (
        live.type !== 'static' ||
        live.attachmentIds.length !== 1 ||
        live.attachmentIds[0] !== route.target
      ) {
        const now =
          live.type !== 'static'
            ? `is ${live.type} now`
            : `now goes to ${live.attachmentIds.join(', ') || `no attachment (${live.state})`}`;
        report.skipped.push({ route, reason: `${now}; changed since, left alone` });
        continue;
      }
      await tgws.deleteTransitGatewayRoute(route.routeTableId, route.destination);
      report.removed.push(route);
    } catch (error) {
      if (!(error instanceof AwsRefusal)) throw error;
      const gone = /notfound/i.test(error.code);
      report.skipped.push({ route, reason: gone ? NO_LONGER_THERE : refused(error) });
    }
  }
}
