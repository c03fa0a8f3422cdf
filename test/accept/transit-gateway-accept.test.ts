// Accepting a Transit Gateway attachment with the accepter role, on moto: the plan (Aiven's
// attachment, VPC routes via the tgw- in the team's VPCs attached to it, the Transit Gateway's
// routing), the run, a second run changing nothing. moto makes attachments `available` at once and
// has no cross-account view, so Aiven's attachment is a stand-in VPC in the team's account, named by
// id as Aiven's message names it (docs/transit-gateway-aws.md).
import {
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { makeLogger } from '../../src/logger';
import { planAttachment } from '../../src/peering/accept/attachment-plan';
import { makeRouteCleanup } from '../../src/peering/accept/cleanup';
import type { BotRoute } from '../../src/peering/accept/model';
import { runAttachmentAccept } from '../../src/peering/accept/run-attachment';
import type { PeeringRecord } from '../../src/peering/model';
import { awsClientConfig } from '../support/aws';
import { ec2ForAccount, newAccountId } from '../support/aws-accounts';

const logger = makeLogger({ level: 'silent' });
const AIVEN = '675999398324';
const ORG_CIDR = '10.20.0.0/24';

async function attachVpc(ec2: EC2Client, tgwId: string, cidr: string) {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId as string;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet
    ?.SubnetId as string;
  const out = await ec2.send(
    new CreateTransitGatewayVpcAttachmentCommand({
      TransitGatewayId: tgwId,
      VpcId: vpcId,
      SubnetIds: [subnetId],
    }),
  );
  return { vpcId, attachmentId: out.TransitGatewayVpcAttachment?.TransitGatewayAttachmentId as string };
}

async function hub(propagation: 'enable' | 'disable') {
  const accountId = newAccountId();
  const ec2 = await ec2ForAccount(accountId);
  const tgw = (
    await ec2.send(
      new CreateTransitGatewayCommand({
        Description: 'hub',
        Options: { DefaultRouteTableAssociation: 'enable', DefaultRouteTablePropagation: propagation },
      }),
    )
  ).TransitGateway;
  const tgwId = tgw?.TransitGatewayId as string;
  const team = await attachVpc(ec2, tgwId, '10.1.0.0/16');
  const aiven = await attachVpc(ec2, tgwId, ORG_CIDR);
  const record = {
    id: 'p-tgw-accept',
    spec: { orgVpcId: 'v', awsAccountId: accountId, awsVpcId: tgwId, awsRegion: 'eu-west-1', extraCidrs: [] },
    orgVpc: { cidr: ORG_CIDR },
  } as unknown as PeeringRecord;
  return {
    accountId,
    ec2,
    tgwId,
    team,
    aiven,
    record,
    routeTableId: tgw?.Options?.AssociationDefaultRouteTableId,
  };
}

const accessFor = () =>
  makeAwsAccess({
    roles: { roles: {}, roleName: 'vpc-peer-accepter' },
    client: awsClientConfig(),
    logger,
  });

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

const vpcRoutesVia = async (ec2: EC2Client, vpcId: string, tgwId: string) =>
  (
    (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
      .RouteTables ?? []
  ).flatMap((t) =>
    (t.Routes ?? [])
      .filter((r) => r.TransitGatewayId === tgwId)
      .map((r) => `${t.RouteTableId} ${r.DestinationCidrBlock}`),
  );

describe('accepting a Transit Gateway attachment (moto)', () => {
  it('plans the VPC routes via the tgw- in the team VPC only; runs once; a second run adds nothing', async () => {
    const h = await hub('enable');
    const aws = await connected(h.accountId);
    const planned = await planAttachment({
      record: h.record,
      ...aws,
      aivenAccountId: AIVEN,
      attachmentId: h.aiven.attachmentId,
      routeTablesFor: () => undefined,
    });
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

    const noted: BotRoute[] = [];
    const deps = {
      ...aws,
      noted,
      // As the accept record does (withRoute): one note per route table and destination.
      note: async (r: BotRoute) => {
        if (!noted.some((n) => n.routeTableId === r.routeTableId && n.destination === r.destination))
          noted.push(r);
        return true;
      },
      forget: async () => undefined,
    };
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
    const again = await planAttachment({
      record: h.record,
      ...aws,
      aivenAccountId: AIVEN,
      attachmentId: h.aiven.attachmentId,
      routeTablesFor: () => undefined,
    });
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
    const planned = await planAttachment({
      record: h.record,
      ...aws,
      aivenAccountId: AIVEN,
      attachmentId: h.aiven.attachmentId,
      routeTablesFor: () => undefined,
    });
    if (!planned.ok) throw new Error(planned.problems.join(' '));
    expect(planned.plan.transitGatewayRouting).toEqual({
      kind: 'static-route',
      routeTableId: h.routeTableId,
      destination: ORG_CIDR,
    });
    const noted: BotRoute[] = [];
    const deps = {
      ...aws,
      noted,
      // As the accept record does (withRoute): one note per route table and destination.
      note: async (r: BotRoute) => {
        if (!noted.some((n) => n.routeTableId === r.routeTableId && n.destination === r.destination))
          noted.push(r);
        return true;
      },
      forget: async () => undefined,
    };
    const outcome = await runAttachmentAccept(deps, planned.plan);
    expect(outcome.added).toContainEqual({
      routeTableId: h.routeTableId,
      destination: ORG_CIDR,
      target: h.aiven.attachmentId,
    });
    const staticRoutes = async () =>
      (
        await h.ec2.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: h.routeTableId,
            Filters: [{ Name: 'type', Values: ['static'] }],
          }),
        )
      ).Routes?.map((r) => r.DestinationCidrBlock);
    // moto's answer leaves out the route's attachment; the outcome above names it.
    expect(await staticRoutes()).toEqual([ORG_CIDR]);
    const second = await runAttachmentAccept(deps, planned.plan);
    expect(second.added).toEqual([]);
    expect(noted.filter((r) => r.routeTableId === h.routeTableId)).toHaveLength(1);
    expect(await staticRoutes()).toEqual([ORG_CIDR]);

    const report = await cleanUp(h.record, noted);
    expect(report.skipped).toEqual([]);
    expect(report.removed).toEqual(noted);
    expect(await staticRoutes()).toEqual([]);
    expect(await vpcRoutesVia(h.ec2, h.team.vpcId, h.tgwId)).toEqual([]);
  });

  it('refuses when no attachment from Aiven waits on the Transit Gateway', async () => {
    const h = await hub('enable');
    const aws = await connected(h.accountId);
    const planned = await planAttachment({
      record: h.record,
      ...aws,
      aivenAccountId: AIVEN,
      attachmentId: undefined,
      routeTablesFor: () => undefined,
    });
    expect(planned).toEqual({
      ok: false,
      problems: [`No attachment from Aiven's AWS account ${AIVEN} waits on ${h.tgwId}.`],
    });
  });
});
