// "Delete with approval" of a Transit Gateway attachment, on moto through the recording proxy: the
// bot's routes go, and Aiven's share association goes only when the bot made it and nothing else
// relies on it; the thread says which. moto has ram:DeleteResourceShare but not
// ram:DisassociateResourceShare: that call gets RAM's recorded answer shape (API reference).
import { randomUUID } from 'node:crypto';
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';
import type { TransitGatewayShare } from '../../src/peering/accept/model';
import { deletePeeringJob } from '../../src/peering/job-ids';
import type { PeeringRecord } from '../../src/peering/model';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { makeDeletionRequest } from '../adapters/store-contract-support';
import { awsClientConfig } from '../support/aws';
import type { AwsProxy } from '../support/aws-proxy';
import { startTestBot, type TestBot } from '../support/bot';
import {
  AIVEN,
  createTransitGatewayWorld,
  sharesOf,
  startTransitGatewayProxy,
  staticRoutes,
  type TransitGatewayWorld,
  vpcRoutesVia,
} from '../support/transit-gateway';
import { CHANNEL, ORG_VPC_CIDR, postContaining, textOf } from './helpers';

let proxy: AwsProxy | undefined;
let t: TestBot | undefined;
afterEach(async () => {
  await t?.stop();
  await proxy?.close();
  t = undefined;
  proxy = undefined;
});

/** A bot with the accepter role whose AWS calls go through the proxy, and the team's world. */
async function start(env: Record<string, string> = { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' }) {
  proxy = await startTransitGatewayProxy();
  t = await startTestBot(env, { aws: { ...awsClientConfig(), endpoint: proxy.url } });
  const w = await createTransitGatewayWorld({
    propagation: 'disable',
    endpoint: proxy.url,
    channelId: CHANNEL,
  });
  return { t, proxy, w };
}

/** An approver approves the deletion request (the store's one write) and the delete job runs. */
async function approve(bot: TestBot, request: ReturnType<typeof makeDeletionRequest>) {
  const { store } = bot.bot;
  const at = new Date().toISOString();
  const peeringId = request.peeringId;
  await store.openDeletionRequest(request, { peeringId, action: 'deletion-requested', actor: 'U0ALICE', at });
  await store.decideDeletionRequest(
    request.id,
    'approved',
    { peeringId, action: 'deletion-approved', actor: 'U0BOB', at },
    [deletePeeringJob(request.id, 1)],
  );
  await bot.idle();
}

/** Deleting with approval; what the thread's Deleting message says. */
async function deleteWithApproval(bot: TestBot, record: PeeringRecord) {
  await approve(
    bot,
    makeDeletionRequest({ peeringId: record.id, requestedBy: 'U0ALICE', channelId: CHANNEL }),
  );
  // The latest deleting message (one bot may delete several requests in a test).
  return textOf(
    bot.slack
      .callsTo('chat.postMessage')
      .filter((c) => textOf(c).includes('Share with Aiven (RAM)'))
      .at(-1),
  );
}

/** Requests an attachment of prod-eu to the world's Transit Gateway through the modal (the create job runs). */
const requestThroughSlack = (bot: TestBot, w: TransitGatewayWorld) =>
  bot.request({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: w.accountId,
    aws_region: undefined,
    aws_vpc_id: w.tgwId,
    extra_cidrs: '10.1.0.0/16',
  });

/** A share of the Transit Gateway made in the team's account (by the test, standing in for whoever). */
async function shareOf(w: TransitGatewayWorld, name: string, principals: string[]) {
  const out = await w.ram.send(
    new CreateResourceShareCommand({
      name,
      resourceArns: [w.tgwArn],
      principals,
      allowExternalPrincipals: true,
      tags: [{ key: 'managed-by', value: 'vpc-peer' }],
    }),
  );
  return out.resourceShare?.resourceShareArn as string;
}

const withShare = (record: PeeringRecord, share: Omit<TransitGatewayShare, 'principal' | 'status'>) => ({
  ...record,
  transitGatewayShare: { principal: AIVEN, status: 'done' as const, ...share },
});

/** The bot's share `vpc-peer-<tgw>` holding `principals`, and the stored request that records it. */
async function sharedByTheBot(
  bot: TestBot,
  w: TransitGatewayWorld,
  action: 'created' | 'principal-added' = 'created',
  principals = [AIVEN],
) {
  const arn = await shareOf(w, `vpc-peer-${w.tgwId}`, principals);
  const record = withShare(w.record, { transitGatewayId: w.tgwId, action, arn });
  await bot.bot.store.insertPeering(record);
  return { arn, record };
}

const ramWrites = (p: AwsProxy) =>
  [
    'CreateResourceShare',
    'AssociateResourceShare',
    'DisassociateResourceShare',
    'DeleteResourceShare',
  ].flatMap((action) => p.actions(action));

describe('deleting a Transit Gateway attachment (moto)', () => {
  it("removes the bot's routes and deletes the share it created for Aiven alone; the thread names both", async () => {
    const { t, proxy, w } = await start();
    const { store } = t.bot;
    await store.insertPeering(w.record);
    // The create job's step: the bot shares the Transit Gateway, noting it on the record.
    let current = w.record;
    await t.bot.accept.prepareTransitGateway(current, async (transitGatewayShare) => {
      current = await store.updatePeering(current.id, current.version, { transitGatewayShare });
    });
    const arn = current.transitGatewayShare?.arn as string;
    expect(current.transitGatewayShare).toEqual({
      transitGatewayId: w.tgwId,
      principal: AIVEN,
      action: 'created',
      status: 'done',
      arn,
    });
    // The accept: the VPC route and the static route on the Transit Gateway.
    await t.bot.accept.acceptOnPendingPeer({ record: current, previous: 'APPROVED' });
    await t.idle();
    await t.click(postContaining(t, 'Plan for AWS account') as never, 'accept_apply', { userId: 'U0BOB' });
    await t.idle();
    expect(await staticRoutes(w.ec2, w.routeTableId)).toEqual([ORG_VPC_CIDR]);
    expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toHaveLength(1);

    const said = await deleteWithApproval(t, current);
    expect(await staticRoutes(w.ec2, w.routeTableId)).toEqual([]);
    expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([]);
    expect(said).toContain(
      `Removed the route ${ORG_VPC_CIDR} → ${w.aiven.attachmentId} in ${w.routeTableId}.`,
    );
    expect(said).toContain(
      `Deleted vpc-peer's share ${arn} of ${w.tgwId}: Aiven's AWS account ${AIVEN} was all it shared with.`,
    );
    // RAM got exactly one delete, of that share; moto shows it deleted.
    const deletes = proxy.actions('DeleteResourceShare');
    expect(deletes.map((c) => c.params.get('resourceShareArn'))).toEqual([arn]);
    expect(deletes[0]?.params.get('clientToken')).toBe(`vpc-peer-delete-${w.record.id}`);
    expect(proxy.actions('DisassociateResourceShare')).toEqual([]);
    expect((await sharesOf(w.ram)).find((s) => s.resourceShareArn === arn)?.status).toBe('DELETED');
    expect((await store.getPeering(w.record.id))?.transitGatewayShare?.removal).toEqual({
      outcome: 'share-deleted',
      arn,
    });
  });

  it('leaves a static route that became propagated since, and the thread says so (EC2 answer shape)', async () => {
    const { t, proxy, w } = await start();
    await t.bot.store.insertPeering(w.record);
    await t.bot.accept.acceptOnPendingPeer({ record: w.record, previous: 'APPROVED' });
    await t.idle();
    await t.click(postContaining(t, 'Plan for AWS account') as never, 'accept_apply', { userId: 'U0BOB' });
    await t.idle();
    expect(await staticRoutes(w.ec2, w.routeTableId)).toEqual([ORG_VPC_CIDR]);
    // Someone turned propagation on for the route: EC2 now answers with a propagated route.
    proxy.answerWith({
      action: 'SearchTransitGatewayRoutes',
      answer: () => ({
        status: 200,
        body: `<SearchTransitGatewayRoutesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>7</requestId><routeSet><item><destinationCidrBlock>${ORG_VPC_CIDR}</destinationCidrBlock><transitGatewayAttachments><item><resourceId>${w.aiven.vpcId}</resourceId><resourceType>vpc</resourceType><transitGatewayAttachmentId>${w.aiven.attachmentId}</transitGatewayAttachmentId></item></transitGatewayAttachments><type>propagated</type><state>active</state></item></routeSet><additionalRoutesAvailable>false</additionalRoutesAvailable></SearchTransitGatewayRoutesResponse>`,
      }),
    });
    const request = makeDeletionRequest({
      peeringId: w.record.id,
      requestedBy: 'U0ALICE',
      channelId: CHANNEL,
    });
    await approve(t, request);
    const said = textOf(postContaining(t, 'Routes in AWS account'));
    expect(said).toContain(
      `Left the route ${ORG_VPC_CIDR} → ${w.aiven.attachmentId} in ${w.routeTableId} alone: is propagated now; changed since, left alone.`,
    );
    expect(proxy.actions('DeleteTransitGatewayRoute')).toEqual([]);
    expect(await staticRoutes(w.ec2, w.routeTableId)).toEqual([ORG_VPC_CIDR]);
  });

  it('the create job writes the share intent on the record before RAM is asked, then its ARN', async () => {
    const { t, proxy, w } = await start();
    const { store } = t.bot;
    // What each write of the share found RAM had been asked to create.
    const writes: { status: string; action: string; arn?: string; createsBefore: number }[] = [];
    const update = store.updatePeering.bind(store);
    store.updatePeering = async (id, version, patch) => {
      const share = patch.transitGatewayShare;
      if (share && !share.removal)
        writes.push({
          status: share.status,
          action: share.action,
          ...(share.arn ? { arn: share.arn } : {}),
          createsBefore: proxy.actions('CreateResourceShare').length,
        });
      return update(id, version, patch);
    };
    await requestThroughSlack(t, w);
    const record = (await store.listOpenPeerings()).find((r) => r.spec.awsVpcId === w.tgwId);
    const arn = (await sharesOf(w.ram)).find((s) => s.name === `vpc-peer-${w.tgwId}`)?.resourceShareArn;
    expect(arn).toBeDefined();
    expect(writes).toEqual([
      { status: 'intended', action: 'created', createsBefore: 0 },
      { status: 'done', action: 'created', arn, createsBefore: 1 },
    ]);
    expect(record?.transitGatewayShare).toEqual({
      transitGatewayId: w.tgwId,
      principal: AIVEN,
      action: 'created',
      status: 'done',
      arn,
    });
    expect(proxy.actions('CreateResourceShare')).toHaveLength(1);
  });

  it('two requests for one Transit Gateway: one share; the first deletion keeps it, the last deletes it', async () => {
    const { t, proxy, w } = await start();
    const { store } = t.bot;
    await requestThroughSlack(t, w);
    const [first] = (await store.findPeeringsByAwsId(w.tgwId)) as [PeeringRecord];
    const arn = first.transitGatewayShare?.arn as string;
    // A second request for the hub (another org VPC): the create job's step, as in the first test.
    let second: PeeringRecord = { ...w.record, id: randomUUID() as string };
    await store.insertPeering(second);
    await t.bot.accept.prepareTransitGateway(second, async (transitGatewayShare) => {
      second = await store.updatePeering(second.id, second.version, { transitGatewayShare });
    });
    // The second request found the bot's share: nothing more in RAM, and it is recorded as the bot's.
    expect(proxy.actions('CreateResourceShare')).toHaveLength(1);
    expect(second.transitGatewayShare).toEqual({ ...first.transitGatewayShare, status: 'done' });
    expect(first.transitGatewayShare).toMatchObject({ action: 'created', arn });

    const saidFirst = await deleteWithApproval(t, first);
    expect(saidFirst).toContain(
      `alone: vpc-peer's request ${second.id} for the same Transit Gateway still relies on it.`,
    );
    expect(proxy.actions('DeleteResourceShare')).toEqual([]);
    const saidSecond = await deleteWithApproval(t, (await store.getPeering(second.id)) as PeeringRecord);
    expect(saidSecond).toContain(`Deleted vpc-peer's share ${arn} of ${w.tgwId}`);
    expect(proxy.actions('DeleteResourceShare').map((c) => c.params.get('resourceShareArn'))).toEqual([arn]);
  });

  it("removes only Aiven's account from the bot's share that other principals use (RAM's recorded answer)", async () => {
    const { t, proxy, w } = await start();
    const { arn, record } = await sharedByTheBot(t, w, 'principal-added', ['123456789012', AIVEN]);
    // moto has no DisassociateResourceShare: RAM's answer shape for it.
    proxy.answerWith({
      action: 'DisassociateResourceShare',
      answer: () => ({
        status: 200,
        body: JSON.stringify({
          resourceShareAssociations: [
            {
              resourceShareArn: arn,
              resourceShareName: `vpc-peer-${w.tgwId}`,
              associatedEntity: AIVEN,
              associationType: 'PRINCIPAL',
              status: 'DISASSOCIATING',
              external: true,
            },
          ],
          clientToken: `vpc-peer-remove-${record.id}`,
        }),
      }),
    });

    const said = await deleteWithApproval(t, record);
    expect(proxy.actions('DisassociateResourceShare').map((c) => c.json)).toEqual([
      { resourceShareArn: arn, principals: [AIVEN], clientToken: `vpc-peer-remove-${record.id}` },
    ]);
    expect(proxy.actions('DeleteResourceShare')).toEqual([]);
    expect(said).toContain(
      `Removed the share association of ${w.tgwId} with Aiven's AWS account ${AIVEN} (${arn}): vpc-peer had added it.`,
    );
  });

  it("keeps the share while another of the bot's requests for the same Transit Gateway is open, and says so", async () => {
    const { t, proxy, w } = await start();
    const { arn, record } = await sharedByTheBot(t, w);
    const other = { ...w.record, id: randomUUID(), spec: { ...w.record.spec, orgVpcId: randomUUID() } };
    await t.bot.store.insertPeering(other);

    const writes = ramWrites(proxy).length;
    const said = await deleteWithApproval(t, record);
    // No RAM write from the delete (the share above is the test's).
    expect(ramWrites(proxy).slice(writes)).toEqual([]);
    expect(said).toContain(
      `Left the share association of ${w.tgwId} with Aiven's AWS account ${AIVEN} (${arn}) alone: vpc-peer's request ${other.id} for the same Transit Gateway still relies on it.`,
    );
    expect(said).toContain(
      `aws ram disassociate-resource-share --region eu-west-1 --resource-share-arn ${arn} --principals ${AIVEN}`,
    );
  });

  it("keeps the share while Aiven's account has another live attachment on the Transit Gateway", async () => {
    const { t, proxy, w } = await start();
    const { arn, record } = await sharedByTheBot(t, w);
    // An attachment Aiven made outside vpc-peer: moto has no cross-account view, so the team's VPC
    // attachment stands in for it, shown as owned by Aiven's account.
    proxy.answerWith({
      action: 'DescribeTransitGatewayAttachments',
      answer: (moto) => ({
        status: moto.status,
        body: moto.body.replace(
          new RegExp(
            `(<transitGatewayAttachmentId>${w.team.attachmentId}</transitGatewayAttachmentId>(?:(?!</item>)[\\s\\S])*?<resourceOwnerId>)\\d+(</resourceOwnerId>)`,
          ),
          `$1${AIVEN}$2`,
        ),
      }),
    });

    const writes = ramWrites(proxy).length;
    const said = await deleteWithApproval(t, record);
    // No RAM write from the delete (the share above is the test's).
    expect(ramWrites(proxy).slice(writes)).toEqual([]);
    expect(said).toContain(
      `(${arn}) alone: Aiven's account still has ${w.team.attachmentId} (available) on ${w.tgwId}.`,
    );
  });

  it('a refused RAM read is reported and never taken for "gone"', async () => {
    const { t, proxy, w } = await start();
    const { arn, record } = await sharedByTheBot(t, w);
    proxy.refuseNext({
      action: 'GetResourceShareAssociations',
      code: 'AccessDeniedException',
      message: 'not authorized to perform ram:GetResourceShareAssociations',
    });

    const writes = ramWrites(proxy).length;
    const said = await deleteWithApproval(t, record);
    // No RAM write from the delete (the share above is the test's).
    expect(ramWrites(proxy).slice(writes)).toEqual([]);
    expect(said).toContain(
      'alone: AWS refused it (AccessDeniedException): not authorized to perform ram:GetResourceShareAssociations.',
    );
    expect(said).toContain(`--resource-share-arn ${arn} --principals ${AIVEN}`);
    expect((await t.bot.store.getPeering(record.id))?.transitGatewayShare?.removal).toMatchObject({
      outcome: 'left',
      arn,
    });
    expect((await sharesOf(w.ram)).find((s) => s.resourceShareArn === arn)?.status).toBe('ACTIVE');
  });

  it('without a role: the thread names the share association and the command to remove it; the team share is left alone', async () => {
    const { t, proxy, w } = await start({});
    const arn = `arn:aws:ram:eu-west-1:${w.accountId}:resource-share/5ef2b8a4-0000-4000-8000-000000000001`;
    const tgw = (n: number) => `tgw-0a1b2c3d4e5f6071${n}`;
    const made = (n: number, share?: Omit<TransitGatewayShare, 'principal' | 'status'>) => {
      const base = {
        ...w.record,
        id: randomUUID(),
        spec: { ...w.record.spec, orgVpcId: randomUUID(), awsVpcId: tgw(n) },
      };
      return share ? withShare(base, share) : base;
    };
    // Shared by vpc-peer while it had a role; by the team (already there); by hand without a role.
    const bots = made(1, { transitGatewayId: tgw(1), action: 'created', arn });
    const teams = made(2, { transitGatewayId: tgw(2), action: 'already-shared', arn });
    const byHand = made(3);
    for (const r of [bots, teams, byHand]) await t.bot.store.insertPeering(r);

    const saidBots = await deleteWithApproval(t, bots);
    expect(saidBots).toContain(
      `Left the share association of ${tgw(1)} with Aiven's AWS account ${AIVEN} (${arn}) alone: vpc-peer has no role in AWS account ${w.accountId}.`,
    );
    expect(saidBots).toContain(
      `\`aws ram disassociate-resource-share --region eu-west-1 --resource-share-arn ${arn} --principals ${AIVEN}\``,
    );
    const saidTeams = await deleteWithApproval(t, teams);
    expect(saidTeams).toContain(
      'alone: the Transit Gateway was already shared with Aiven when it was requested; vpc-peer did not add that.',
    );
    expect(saidTeams).not.toContain('disassociate-resource-share');
    const saidByHand = await deleteWithApproval(t, byHand);
    expect(saidByHand).toContain(
      `vpc-peer has no record of sharing ${tgw(3)} with Aiven's AWS account ${AIVEN}, so it left any share alone.`,
    );
    expect(saidByHand).toContain(
      `aws ram disassociate-resource-share --region eu-west-1 --resource-share-arn &lt;the share's ARN&gt; --principals ${AIVEN}`,
    );
    expect(proxy.calls.filter((c) => c.action !== 'AssumeRole' && c.json !== undefined)).toEqual([]);
  });
});
