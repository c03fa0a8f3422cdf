// Accepting a Transit Gateway attachment from Slack, on moto: PENDING_PEER queues the plan, the plan
// in the thread names the attachment, the tgw- and the routes, the click through the real Bolt
// receiver makes exactly those routes, and a second click or a redelivery changes nothing. moto makes
// attachments `available` at once (so nothing is left to accept; the accept call itself is tested
// against EC2's recorded answers in transit-gateway-accept-recorded.test.ts) and has no cross-account
// view, so Aiven's attachment is a stand-in VPC in the team's account, named in Aiven's message.
import type { PeeringRecord } from '../../src/peering/model';
import { renderPendingReminder, renderStateChange } from '../../src/slack/views/progress';
import { awsClientConfig } from '../support/aws';
import { startAwsProxy } from '../support/aws-proxy';
import { startTestBot, type TestBot } from '../support/bot';
import { createTransitGatewayWorld, staticRoutes, vpcRoutesVia } from '../support/transit-gateway';
import { buttonsOf, CHANNEL, ORG_VPC_CIDR, postContaining, textOf, threadPosts } from './helpers';

/** A hub whose propagation is off (so the plan adds a static route), the team's VPC and Aiven's attachment on it. */
async function world(t: TestBot) {
  const w = await createTransitGatewayWorld({ propagation: 'disable', channelId: CHANNEL });
  await t.bot.store.insertPeering(w.record);
  return { ...w, tgwRouteTableId: w.routeTableId };
}

describe('accepting a Transit Gateway attachment from Slack (moto)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('posts the plan with its button, routes exactly as planned on the click, and a second click or redelivery changes nothing', async () => {
    t = await startTestBot(
      { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter', ACCEPTER_EXTERNAL_ID: 'ext-id-for-tests' },
      { aws: awsClientConfig() },
    );
    const w = await world(t);
    await t.bot.accept.acceptOnPendingPeer({ record: w.record, previous: 'APPROVED' });
    await t.idle();

    const plan = postContaining(t, 'Plan for AWS account');
    const planText = textOf(plan);
    expect(planText).toContain(`Transit Gateway ${w.tgwId}`);
    expect(planText).toContain(`The attachment \`${w.aiven.attachmentId}\``);
    expect(planText).toContain(
      `Route \`${ORG_VPC_CIDR}\` via \`${w.tgwId}\` in 1 route table of \`${w.team.vpcId}\``,
    );
    const rtb = /add `[^`]+` → `tgw-[^`]+` in `(rtb-[0-9a-f]+)`/.exec(planText)?.[1];
    expect(rtb).toBeDefined();
    expect(planText).toContain(
      `add the static route \`${ORG_VPC_CIDR}\` → \`${w.aiven.attachmentId}\` in \`${w.tgwRouteTableId}\``,
    );
    expect(buttonsOf(plan)).toEqual(['accept_apply']);
    // A reminder meanwhile points at the plan, not at steps by hand.
    const waiting = await t.bot.store.getPeering(w.record.id);
    expect(renderPendingReminder(waiting as PeeringRecord, 2).text).toContain(
      "Choose *Accept and add routes* in vpc-peer's plan above",
    );
    // Nothing changes before the click.
    expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([]);
    expect(await staticRoutes(w.ec2, w.tgwRouteTableId)).toEqual([]);

    const answer = await t.click(plan as NonNullable<typeof plan>, 'accept_apply', { userId: 'U0BOB' });
    expect(answer.status).toBe(200);
    await t.idle();

    expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([`${rtb} ${ORG_VPC_CIDR}`]);
    expect(await vpcRoutesVia(w.ec2, w.aiven.vpcId, w.tgwId)).toEqual([]);
    expect(await staticRoutes(w.ec2, w.tgwRouteTableId)).toEqual([ORG_VPC_CIDR]);
    const result = postContaining(t, 'Accept in AWS: done');
    expect(textOf(result)).toContain(`\`${w.aiven.attachmentId}\` was already accepted.`);
    expect(textOf(result)).toContain(`Added \`${ORG_VPC_CIDR}\` in \`${rtb}\` → \`${w.tgwId}\``);
    expect(textOf(result)).toContain(
      `Added \`${ORG_VPC_CIDR}\` in \`${w.tgwRouteTableId}\` → \`${w.aiven.attachmentId}\``,
    );
    expect(buttonsOf(result)).toEqual([]);
    const planUpdate = t.slack.callsTo('chat.update').find((c) => c.args.ts === plan?.response?.ts);
    expect(textOf(planUpdate)).toContain('<@U0BOB> chose *Accept and add routes*');
    const stored = (await t.bot.store.getPeering(w.record.id))?.accept;
    expect(stored?.pcxId).toBe(w.aiven.attachmentId);
    expect(stored?.routes.map((r) => `${r.routeTableId} ${r.destination} ${r.target}`).sort()).toEqual(
      [
        `${rtb} ${ORG_VPC_CIDR} ${w.tgwId}`,
        `${w.tgwRouteTableId} ${ORG_VPC_CIDR} ${w.aiven.attachmentId}`,
      ].sort(),
    );

    // The same button again, and the run's job delivered again: nothing more in AWS or the thread.
    const posts = threadPosts(t).length;
    await t.click(plan as NonNullable<typeof plan>, 'accept_apply', { userId: 'U0CAROL' });
    await t.idle();
    await t.bot.accept.handlers['apply-accept'].run({
      kind: 'apply-accept',
      id: stored?.runJobId as string,
      peeringId: w.record.id,
      round: 0,
      mode: 'apply',
      userId: 'U0BOB',
    });
    await t.idle();
    expect(threadPosts(t)).toHaveLength(posts);
    expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([`${rtb} ${ORG_VPC_CIDR}`]);
    expect(await staticRoutes(w.ec2, w.tgwRouteTableId)).toEqual([ORG_VPC_CIDR]);
    expect((await t.bot.store.getPeering(w.record.id))?.accept?.round).toBe(1);
  });

  it('accepts an attachment that waits for acceptance, once (EC2 recorded answer for the accept)', async () => {
    const proxy = await startAwsProxy(awsClientConfig().endpoint);
    try {
      t = await startTestBot(
        { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' },
        { aws: { ...awsClientConfig(), endpoint: proxy.url } },
      );
      const w = await world(t);
      const attach = w.aiven.attachmentId;
      let accepted = false;
      // moto makes attachments available at once: Aiven's shows as waiting until the accept is sent.
      proxy.answerWith({
        action: 'DescribeTransitGatewayAttachments',
        answer: (moto) => ({
          status: moto.status,
          body: accepted
            ? moto.body
            : moto.body.replace(
                new RegExp(
                  `(<transitGatewayAttachmentId>${attach}</transitGatewayAttachmentId>(?:(?!</item>)[\\s\\S])*?<state>)available(</state>)`,
                ),
                '$1pendingAcceptance$2',
              ),
        }),
      });
      // moto answers 500 (not implemented): EC2's answer shape, as in transit-gateway-accept-recorded.test.ts.
      proxy.answerWith({
        action: 'AcceptTransitGatewayVpcAttachment',
        answer: (_moto, params) => {
          accepted = true;
          return {
            status: 200,
            body: `<AcceptTransitGatewayVpcAttachmentResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>3</requestId><transitGatewayVpcAttachment><transitGatewayAttachmentId>${params.get('TransitGatewayAttachmentId')}</transitGatewayAttachmentId><transitGatewayId>${w.tgwId}</transitGatewayId><vpcId>${w.aiven.vpcId}</vpcId><vpcOwnerId>${w.record.spec.awsAccountId}</vpcOwnerId><state>pending</state></transitGatewayVpcAttachment></AcceptTransitGatewayVpcAttachmentResponse>`,
          };
        },
      });
      await t.bot.accept.acceptOnPendingPeer({ record: w.record, previous: 'APPROVED' });
      await t.idle();
      const plan = postContaining(t, 'Plan for AWS account');
      expect(textOf(plan)).toContain(
        `1. Accept the attachment \`${attach}\` of the organization VPC prod-eu`,
      );
      expect(proxy.actions('AcceptTransitGatewayVpcAttachment')).toHaveLength(0);

      await t.click(plan as NonNullable<typeof plan>, 'accept_apply', { userId: 'U0BOB' });
      await t.idle();
      await t.click(plan as NonNullable<typeof plan>, 'accept_apply', { userId: 'U0CAROL' });
      await t.idle();
      const accepts = proxy.actions('AcceptTransitGatewayVpcAttachment');
      expect(accepts.map((c) => c.params.get('TransitGatewayAttachmentId'))).toEqual([attach]);
      const result = postContaining(t, 'Accept in AWS: done');
      expect(textOf(result)).toContain(`Accepted \`${attach}\`.`);
      expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toHaveLength(1);
    } finally {
      await t?.stop();
      t = undefined;
      await proxy.close();
    }
  });

  it('with AUTO_ACCEPT runs the plan at once; a route AWS refused ends with Retry, which adds only what is missing', async () => {
    const proxy = await startAwsProxy(awsClientConfig().endpoint);
    try {
      t = await startTestBot(
        { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter', AUTO_ACCEPT: 'true' },
        { aws: { ...awsClientConfig(), endpoint: proxy.url } },
      );
      const w = await world(t);
      proxy.refuseNext({
        action: 'CreateRoute',
        code: 'RouteLimitExceeded',
        message: 'too many routes',
        times: 1,
      });
      await t.bot.accept.acceptOnPendingPeer({ record: w.record, previous: 'APPROVED' });
      await t.idle();

      const plan = postContaining(t, 'Plan for AWS account');
      expect(textOf(plan)).toContain('AUTO_ACCEPT is on: vpc-peer does this now.');
      expect(buttonsOf(plan)).toEqual([]);
      const partial = postContaining(t, 'Accept in AWS: partly done');
      expect(textOf(partial)).toContain('Not done:');
      expect(textOf(partial)).toContain('RouteLimitExceeded');
      expect(buttonsOf(partial)).toEqual(['accept_retry']);
      // The VPC route failed; the static Transit Gateway route was made.
      expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([]);
      expect(await staticRoutes(w.ec2, w.tgwRouteTableId)).toEqual([ORG_VPC_CIDR]);
      expect(proxy.actions('CreateTransitGatewayRoute')).toHaveLength(1);

      await t.click(partial as NonNullable<typeof partial>, 'accept_retry', { userId: 'U0BOB' });
      await t.idle();
      const rtb = (await t.bot.store.getPeering(w.record.id))?.accept?.plan.steps[0]?.routeTableId;
      expect(await vpcRoutesVia(w.ec2, w.team.vpcId, w.tgwId)).toEqual([`${rtb} ${ORG_VPC_CIDR}`]);
      expect(proxy.actions('CreateTransitGatewayRoute')).toHaveLength(1);
      const done = postContaining(t, 'Accept in AWS: done');
      expect(textOf(done)).toContain(`Added \`${ORG_VPC_CIDR}\` in \`${rtb}\` → \`${w.tgwId}\``);
      expect(buttonsOf(done)).toEqual([]);
    } finally {
      await t?.stop();
      t = undefined;
      await proxy.close();
    }
  });

  it('the PENDING_PEER reply promises the plan when there is a role, and gives the manual steps when not', () => {
    const record = {
      id: 'p1',
      spec: {
        orgVpcId: 'o',
        awsAccountId: '111122223333',
        awsVpcId: 'tgw-0123456789abcdef0',
        awsRegion: 'eu-west-1',
        extraCidrs: [],
      },
      orgVpc: { name: 'prod-eu', cidr: ORG_VPC_CIDR },
      state: 'PENDING_PEER',
      stateInfo: {
        type: 'pending-peer',
        message: 'Accept Transit Gateway attachment tgw-attach-0123456789abcdef0',
      },
      requestedBy: 'U0ALICE',
      thread: { channelId: CHANNEL, ts: '1' },
    } as unknown as PeeringRecord;
    const change = { key: 'k', previous: 'APPROVED', state: 'PENDING_PEER' } as const;
    const withRole = textOf({ args: renderStateChange(record, change, { botAccepts: true }) } as never);
    expect(withRole).toContain('it shows its plan in this thread before it accepts the attachment');
    expect(withRole).not.toContain('accept-transit-gateway-vpc-attachment');
    const without = textOf({ args: renderStateChange(record, change, { botAccepts: false }) } as never);
    expect(without).toContain('vpc-peer has no role in AWS account 111122223333');
    expect(without).toContain('--transit-gateway-attachment-id tgw-attach-0123456789abcdef0');
  });
});
