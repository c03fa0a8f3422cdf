// The one moto set-up of the Transit Gateway tests: a team account with a Transit Gateway (its RAM
// too), the team's VPC and Aiven's attachment on it, the record of the attachment request, and the
// proxy that fills in what moto leaves out of SearchTransitGatewayRoutes. moto makes attachments
// `available` at once and has no cross-account view, so Aiven's attachment is a stand-in VPC in the
// team's account, named by id as Aiven's message names it (docs/transit-gateway-aws.md).
import { randomUUID } from 'node:crypto';
import {
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { makeAwsAccess } from '../../src/adapters/ec2/access';
import { AIVEN_DOCUMENTED_AWS_ACCOUNT_ID } from '../../src/config';
import { makeLogger } from '../../src/logger';
import type { BotRoute } from '../../src/peering/accept/model';
import type { PeeringRecord } from '../../src/peering/model';
import { awsClientConfig, TEST_REGION } from './aws';
import { credentialsForAccount, ec2ForAccount, newAccountId } from './aws-accounts';
import { type AwsProxy, startAwsProxy } from './aws-proxy';

/** Aiven's AWS account (AIVEN_AWS_ACCOUNT_ID's documented default). */
export const AIVEN = AIVEN_DOCUMENTED_AWS_ACCOUNT_ID;
export const ORG_CIDR = '10.20.0.0/24';

export async function ramForAccount(accountId: string, endpoint?: string): Promise<RAMClient> {
  return new RAMClient({
    ...awsClientConfig(endpoint),
    credentials: await credentialsForAccount(accountId, endpoint),
  });
}

export interface TransitGatewayHub {
  accountId: string;
  ec2: EC2Client;
  ram: RAMClient;
  tgwId: string;
  tgwArn: string;
  /** The default route table (association and propagation). */
  routeTableId: string;
}

/**
 * A fresh team account with a Transit Gateway. `endpoint`: the team's own clients go there (the
 * proxy, so that what the team changes is seen as the bot's changes are).
 */
export async function createTransitGatewayHub(
  options: { propagation?: 'enable' | 'disable'; endpoint?: string } = {},
): Promise<TransitGatewayHub> {
  const accountId = newAccountId();
  const ec2 = await ec2ForAccount(accountId, options.endpoint);
  const tgw = (
    await ec2.send(
      new CreateTransitGatewayCommand({
        Description: 'hub',
        Options: {
          DefaultRouteTableAssociation: 'enable',
          DefaultRouteTablePropagation: options.propagation ?? 'enable',
        },
      }),
    )
  ).TransitGateway;
  return {
    accountId,
    ec2,
    ram: await ramForAccount(accountId, options.endpoint),
    tgwId: tgw?.TransitGatewayId as string,
    tgwArn: tgw?.TransitGatewayArn as string,
    routeTableId: tgw?.Options?.AssociationDefaultRouteTableId as string,
  };
}

/** A VPC with one subnet, attached to the Transit Gateway. */
export async function attachVpc(ec2: EC2Client, tgwId: string, cidr: string) {
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

export interface TransitGatewayWorld extends TransitGatewayHub {
  /** The team's VPC 10.1.0.0/16 on the Transit Gateway. */
  team: { vpcId: string; attachmentId: string };
  /** Aiven's attachment (the stand-in VPC with the org VPC's CIDR). */
  aiven: { vpcId: string; attachmentId: string };
  /** The attachment request as vpc-peer stores it, waiting in AWS (PENDING_PEER). */
  record: PeeringRecord;
}

export async function createTransitGatewayWorld(
  options: { propagation?: 'enable' | 'disable'; endpoint?: string; channelId?: string } = {},
): Promise<TransitGatewayWorld> {
  const hub = await createTransitGatewayHub(options);
  const team = await attachVpc(hub.ec2, hub.tgwId, '10.1.0.0/16');
  const aiven = await attachVpc(hub.ec2, hub.tgwId, ORG_CIDR);
  const channelId = options.channelId ?? 'C0PEERING';
  const now = new Date().toISOString();
  const record: PeeringRecord = {
    id: randomUUID(),
    spec: {
      orgVpcId: randomUUID(),
      awsAccountId: hub.accountId,
      awsVpcId: hub.tgwId,
      awsRegion: TEST_REGION,
      extraCidrs: [],
    },
    orgVpc: {
      id: randomUUID(),
      name: 'prod-eu',
      cloudName: 'aws-eu-west-1',
      awsRegion: 'eu-west-1',
      cidr: ORG_CIDR,
      state: 'ACTIVE',
    },
    aivenPeeringId: randomUUID(),
    state: 'PENDING_PEER',
    stateInfo: { type: 'pending-peer', message: `Accept Transit Gateway attachment ${aiven.attachmentId}` },
    requestedBy: 'U0ALICE',
    channelId,
    thread: { channelId, ts: '1700000000.000100' },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { ...hub, team, aiven, record };
}

/**
 * A recording proxy in front of moto whose SearchTransitGatewayRoutes answers name each static
 * route's attachment, as EC2 does (`transitGatewayAttachments` items, EC2 API reference): moto 5
 * answers with an empty list. The attachment is the one the last CreateTransitGatewayRoute through
 * this proxy gave the route; so the team's own changes go through the proxy too (hub `endpoint`).
 */
export async function startTransitGatewayProxy(): Promise<AwsProxy> {
  const proxy = await startAwsProxy(awsClientConfig().endpoint);
  proxy.answerWith({
    action: 'SearchTransitGatewayRoutes',
    answer: (moto, params) => {
      const table = params.get('TransitGatewayRouteTableId');
      const attachmentOf = (destination: string) =>
        proxy
          .actions('CreateTransitGatewayRoute')
          .filter(
            (c) =>
              c.params.get('TransitGatewayRouteTableId') === table &&
              c.params.get('DestinationCidrBlock') === destination &&
              !c.response?.includes('<Errors>'),
          )
          .at(-1)
          ?.params.get('TransitGatewayAttachmentId');
      const body = moto.body.replace(/<item>((?:(?!<\/item>)[\s\S])*)<\/item>/g, (item, inner: string) => {
        const destination = /<destinationCidrBlock>([^<]+)<\/destinationCidrBlock>/.exec(inner)?.[1];
        const attachment = destination ? attachmentOf(destination) : undefined;
        if (!attachment) return item;
        const without = inner.replace(
          /<transitGatewayAttachments\s*\/>|<transitGatewayAttachments>[\s\S]*?<\/transitGatewayAttachments>/,
          '',
        );
        return `<item>${without}<transitGatewayAttachments><item><transitGatewayAttachmentId>${attachment}</transitGatewayAttachmentId><resourceType>vpc</resourceType></item></transitGatewayAttachments></item>`;
      });
      return { status: moto.status, body };
    },
  });
  return proxy;
}

/** One proxy per test file (started before its tests, closed after): the getter returns it. */
export function useTransitGatewayProxy(): () => AwsProxy {
  let proxy: AwsProxy | undefined;
  beforeAll(async () => {
    proxy = await startTransitGatewayProxy();
  });
  afterAll(async () => {
    await proxy?.close();
  });
  return () => {
    if (!proxy) throw new Error('the proxy starts in beforeAll');
    return proxy;
  };
}

/** The bot's access to the team's account (the accepter role, or none), its calls through `endpoint`. */
export const accepterAccess = (endpoint: string, role: 'role' | 'no role' = 'role') =>
  makeAwsAccess({
    roles: { roles: {}, ...(role === 'role' ? { roleName: 'vpc-peer-accepter' } : {}) },
    client: { ...awsClientConfig(), endpoint },
    logger: makeLogger({ level: 'silent' }),
  });

/** Routes via the tgw- in a VPC, as "rtb-… cidr". */
export const vpcRoutesVia = async (ec2: EC2Client, vpcId: string, tgwId: string) =>
  (
    (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
      .RouteTables ?? []
  ).flatMap((t) =>
    (t.Routes ?? [])
      .filter((r) => r.TransitGatewayId === tgwId)
      .map((r) => `${t.RouteTableId} ${r.DestinationCidrBlock}`),
  );

/** The static routes' destinations in a Transit Gateway route table. */
export const staticRoutes = async (ec2: EC2Client, tgwRouteTableId: string) =>
  (
    (
      await ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: tgwRouteTableId,
          Filters: [{ Name: 'type', Values: ['static'] }],
        }),
      )
    ).Routes ?? []
  ).map((r) => r.DestinationCidrBlock);

/** The team's own RAM shares. */
export const sharesOf = async (ram: RAMClient) =>
  (await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares ?? [];

/** What a run notes on the accept record (withRoute): one note per route table and destination. */
export function routeNotes() {
  const noted: BotRoute[] = [];
  return {
    noted,
    note: async (r: BotRoute) => {
      if (!noted.some((n) => n.routeTableId === r.routeTableId && n.destination === r.destination))
        noted.push(r);
      return true;
    },
    forget: async () => undefined,
  };
}
