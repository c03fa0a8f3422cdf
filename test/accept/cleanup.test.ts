// Cleanup for "Delete with approval": only the routes the bot added go, a route re-pointed since is
// left alone, and a route the bot had re-pointed gets its old target back.
import { CreateRouteCommand, ReplaceRouteCommand } from '@aws-sdk/client-ec2';
import { requestPeeringFromAiven, routesOf } from '../support/aws-accounts';
import {
  type AcceptWorld,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
} from './helpers';

describe('removing the routes the bot added', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  it('removes only the bot routes, restores a replaced one and skips one whose target changed', async () => {
    w = await startAcceptWorld();
    const before = (await requestPeeringFromAiven(w.team, '10.98.0.0/24')).pcxId;
    const later = (await requestPeeringFromAiven(w.team, '10.97.0.0/24')).pcxId;
    await w.team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.team.subnetTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: before,
      }),
    );
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    await w.t.click(plan, 'accept_apply');
    await w.t.idle();
    const result = postContaining(w.t, 'Accept in AWS: done') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    await w.t.click(result, 'accept_replace_conflicts');
    await w.t.idle();
    // Someone adds their own route to the peering, and another person re-points the bot's main-table route.
    await w.team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.team.spareTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: w.pcxId,
      }),
    );
    await w.team.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: w.team.mainTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: later,
      }),
    );

    const record = await w.t.bot.store.getPeering(w.record.id);
    const report = await w.t.bot.accept.removeBotRoutes(record as NonNullable<typeof record>);

    expect(report.removed).toEqual([
      {
        routeTableId: w.team.subnetTableId,
        destination: ORG_VPC_CIDR,
        target: w.pcxId,
        replacedTarget: before,
      },
    ]);
    expect(report.skipped).toEqual([
      {
        route: { routeTableId: w.team.mainTableId, destination: ORG_VPC_CIDR, target: w.pcxId },
        reason: `now goes to ${later}; changed since, left alone`,
      },
    ]);
    const routes = await routesOf(w.team);
    expect(routes[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(before);
    expect(routes[w.team.mainTableId]?.[ORG_VPC_CIDR]).toBe(later);
    expect(routes[w.team.spareTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
  });

  it('deletes a route the bot created', async () => {
    w = await startAcceptWorld({ AUTO_ACCEPT: 'true' });
    await reachPendingPeer(w);
    const record = await w.t.bot.store.getPeering(w.record.id);
    const report = await w.t.bot.accept.removeBotRoutes(record as NonNullable<typeof record>);
    expect(report.removed.map((r) => r.routeTableId).sort()).toEqual(
      [w.team.mainTableId, w.team.subnetTableId].sort(),
    );
    expect(report.skipped).toEqual([]);
    const routes = await routesOf(w.team);
    expect(Object.values(routes).some((r) => r[ORG_VPC_CIDR])).toBe(false);
    // Run again: nothing left to remove, nothing touched.
    const again = await w.t.bot.accept.removeBotRoutes(record as NonNullable<typeof record>);
    expect(again.removed).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['no longer there', 'no longer there']);
  });
});
