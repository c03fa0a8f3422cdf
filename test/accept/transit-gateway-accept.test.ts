// Accepting a Transit Gateway attachment with the accepter role, on moto: the plan (Aiven's
// attachment, VPC routes via the tgw- in the team's VPCs attached to it, the Transit Gateway's
// routing), the run, a second run changing nothing. moto makes attachments `available` at once and
// has no cross-account view, so Aiven's attachment is a stand-in VPC in the team's account, named by
// id as Aiven's message names it (docs/transit-gateway-aws.md).
import {
  CreateRouteCommand,
  CreateTransitGatewayRouteCommand,
  DeleteTransitGatewayRouteCommand,
} from '@aws-sdk/client-ec2';
import { planAttachment } from '../../src/peering/accept/attachment-plan';
import { makeRouteCleanup } from '../../src/peering/accept/cleanup';
import type { BotRoute } from '../../src/peering/accept/model';
import { runAttachmentAccept } from '../../src/peering/accept/run-attachment';
import type { PeeringRecord } from '../../src/peering/model';
import {
  AIVEN,
  accepterAccess,
  createTransitGatewayWorld,
  ORG_CIDR,
  routeNotes,
  staticRoutes,
  type TransitGatewayWorld,
  useTransitGatewayProxy,
  vpcRoutesVia,
} from '../support/transit-gateway';

const proxyOf = useTransitGatewayProxy();

/** The team's world; its own clients go through the proxy too, so its changes are seen as the bot's are. */
const hub = (propagation: 'enable' | 'disable') =>
  createTransitGatewayWorld({ propagation, endpoint: proxyOf().url });

const accessFor = () => accepterAccess(proxyOf().url);

/** "Delete with approval"'s route cleanup, for the record with the routes the run noted. */
const cleanUp = (record: PeeringRecord, routes: BotRoute[]) =>
  makeRouteCleanup({ access: accessFor() })({
    ...record,
    accept: { pcxId: 'x', status: 'applied', round: 1, plan: {} as never, routes },
  } as PeeringRecord);

async function connected(accountId: string) {
  const access = accessFor();
  const target = { accountId, region: 'eu-west-1', peeringId: 'p-tgw-accept' };
  const tg = await access.connectTransitGateways(target);
  const net = await access.connect(target);
  if (!tg.ok || !net.ok) throw new Error('no connection');
  return { transitGateways: tg.transitGateways, network: net.network };
}

/** The plan for Aiven's attachment (or none named), as the plan job makes it. */
async function planFor(
  h: TransitGatewayWorld,
  aws: Awaited<ReturnType<typeof connected>>,
  attachmentId?: string,
) {
  return planAttachment({
    record: h.record,
    ...aws,
    aivenAccountId: AIVEN,
    attachmentId,
    routeTablesFor: () => undefined,
  });
}

describe('accepting a Transit Gateway attachment (moto)', () => {
  it('plans the VPC routes via the tgw- in the team VPC only; runs once; a second run adds nothing', async () => {
    const h = await hub('enable');
    const aws = await connected(h.accountId);
    const planned = await planFor(h, aws, h.aiven.attachmentId);
    if (!planned.ok) throw new Error(planned.problems.join(' '));
    const plan = planned.plan;
    expect(plan.attachmentId).toBe(h.aiven.attachmentId);
    // moto: available at once, so already accepted.
    expect(plan.acceptNeeded).toBe(false);
    expect(plan.vpcIds).toEqual([h.team.vpcId]);
    expect(plan.vpcRoutes.steps).toEqual([
      { kind: 'add', routeTableId: expect.stringMatching(/^rtb-/), destination: ORG_CIDR },
    ]);
    expect(plan.transitGatewayRouting).toEqual({ kind: 'defaults', routeTableId: h.routeTableId });

    const notes = routeNotes();
    const { noted } = notes;
    const deps = { ...aws, ...notes };
    const outcome = await runAttachmentAccept(deps, plan);
    expect(outcome.failed).toEqual([]);
    expect(outcome.added).toEqual([
      { routeTableId: plan.vpcRoutes.steps[0]?.routeTableId, destination: ORG_CIDR, target: h.tgwId },
    ]);
    expect(await vpcRoutesVia(h.ec2, h.team.vpcId, h.tgwId)).toEqual([
      `${plan.vpcRoutes.steps[0]?.routeTableId} ${ORG_CIDR}`,
    ]);
    expect(await vpcRoutesVia(h.ec2, h.aiven.vpcId, h.tgwId)).toEqual([]);

    // A redelivery re-plans from AWS: the route is there, nothing is added.
    const again = await planFor(h, aws, h.aiven.attachmentId);
    if (!again.ok) throw new Error(again.problems.join(' '));
    const second = await runAttachmentAccept(deps, again.plan);
    expect(second.added).toEqual([]);
    expect(second.present).toHaveLength(1);
    expect(noted).toHaveLength(1);

    // The team's own route through the Transit Gateway stays; delete removes exactly the bot's.
    const table = plan.vpcRoutes.steps[0]?.routeTableId as string;
    await h.ec2.send(
      new CreateRouteCommand({
        RouteTableId: table,
        DestinationCidrBlock: '10.99.0.0/16',
        TransitGatewayId: h.tgwId,
      }),
    );
    const report = await cleanUp(h.record, noted);
    expect(report).toEqual({ removed: noted, skipped: [] });
    expect(await vpcRoutesVia(h.ec2, h.team.vpcId, h.tgwId)).toEqual([`${table} 10.99.0.0/16`]);
  });

  it('with propagation off: a static route to the org VPC CIDR in the default route table, once', async () => {
    const h = await hub('disable');
    const aws = await connected(h.accountId);
    const planned = await planFor(h, aws, h.aiven.attachmentId);
    if (!planned.ok) throw new Error(planned.problems.join(' '));
    expect(planned.plan.transitGatewayRouting).toEqual({
      kind: 'static-route',
      routeTableId: h.routeTableId,
      destination: ORG_CIDR,
    });
    const notes = routeNotes();
    const { noted } = notes;
    const deps = { ...aws, ...notes };
    const outcome = await runAttachmentAccept(deps, planned.plan);
    expect(outcome.added).toContainEqual({
      routeTableId: h.routeTableId,
      destination: ORG_CIDR,
      target: h.aiven.attachmentId,
    });
    expect(await staticRoutes(h.ec2, h.routeTableId)).toEqual([ORG_CIDR]);
    const second = await runAttachmentAccept(deps, planned.plan);
    expect(second.added).toEqual([]);
    expect(noted.filter((r) => r.routeTableId === h.routeTableId)).toHaveLength(1);
    expect(await staticRoutes(h.ec2, h.routeTableId)).toEqual([ORG_CIDR]);

    const report = await cleanUp(h.record, noted);
    expect(report.skipped).toEqual([]);
    expect(report.removed).toEqual(noted);
    expect(await staticRoutes(h.ec2, h.routeTableId)).toEqual([]);
    expect(await vpcRoutesVia(h.ec2, h.team.vpcId, h.tgwId)).toEqual([]);
  });

  it('delete leaves a static route that leads elsewhere since, and says so; a gone one is "no longer there"', async () => {
    const h = await hub('disable');
    const aws = await connected(h.accountId);
    const planned = await planFor(h, aws, h.aiven.attachmentId);
    if (!planned.ok) throw new Error(planned.problems.join(' '));
    const notes = routeNotes();
    await runAttachmentAccept({ ...aws, ...notes }, planned.plan);
    const bots = notes.noted.filter((r) => r.routeTableId === h.routeTableId);
    expect(bots).toEqual([
      { routeTableId: h.routeTableId, destination: ORG_CIDR, target: h.aiven.attachmentId },
    ]);
    // Someone re-points the org VPC's CIDR at the team's own attachment.
    await h.ec2.send(
      new DeleteTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: h.routeTableId,
        DestinationCidrBlock: ORG_CIDR,
      }),
    );
    await h.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: h.routeTableId,
        DestinationCidrBlock: ORG_CIDR,
        TransitGatewayAttachmentId: h.team.attachmentId,
      }),
    );
    const deletesBefore = proxyOf().actions('DeleteTransitGatewayRoute').length;
    const report = await cleanUp(h.record, bots);
    expect(report).toEqual({
      removed: [],
      skipped: [{ route: bots[0], reason: `now goes to ${h.team.attachmentId}; changed since, left alone` }],
    });
    expect(await staticRoutes(h.ec2, h.routeTableId)).toEqual([ORG_CIDR]);
    expect(proxyOf().actions('DeleteTransitGatewayRoute')).toHaveLength(deletesBefore);
    // The check asked EC2 for exactly that destination in that table.
    const search = proxyOf()
      .actions('SearchTransitGatewayRoutes')
      .filter((c) => c.params.get('Filter.1.Name') === 'route-search.exact-match')
      .at(-1);
    expect(search?.params.get('TransitGatewayRouteTableId')).toBe(h.routeTableId);
    expect(search?.params.get('Filter.1.Value.1')).toBe(ORG_CIDR);

    // Gone altogether: nothing to delete, nothing to do.
    await h.ec2.send(
      new DeleteTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: h.routeTableId,
        DestinationCidrBlock: ORG_CIDR,
      }),
    );
    expect(await cleanUp(h.record, bots)).toEqual({
      removed: [],
      skipped: [{ route: bots[0], reason: 'no longer there' }],
    });
    expect(proxyOf().actions('DeleteTransitGatewayRoute')).toHaveLength(deletesBefore + 1);
  });

  it('refuses when no attachment from Aiven waits on the Transit Gateway', async () => {
    const h = await hub('enable');
    const aws = await connected(h.accountId);
    const planned = await planFor(h, aws);
    expect(planned).toEqual({
      ok: false,
      problems: [`No attachment from Aiven's AWS account ${AIVEN} waits on ${h.tgwId}.`],
    });
  });
});
