// The whole flow on moto: /vpc-peer create -> the Aiven sandbox requests the peering in the team's
// account -> the reconcile loop sees PENDING_PEER -> the plan in the thread (or, without a role, the
// manual steps) -> the click -> AWS accepted and routed -> Aiven reports ACTIVE -> the thread says so.
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { makeSandboxAivenAccount } from '../../src/adapters/ec2/sandbox-aiven-account';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { requestDeletion } from '../slack/deletion/helpers';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, routesOf, type TeamVpc } from '../support/aws-accounts';
import { startTestBot, type TestBot } from '../support/bot';
import { buttonsOf, textOf } from './helpers';

const replies = (t: TestBot) =>
  t.slack.callsTo('chat.postMessage').filter((c) => typeof c.args.thread_ts === 'string');

async function requestAndReachPendingPeer(t: TestBot, team: TeamVpc): Promise<string> {
  await t.command('');
  await t.idle();
  await t.submit({
    org_vpc: SEED_IDS.prodEu,
    aws_account_id: team.accountId,
    aws_region: 'eu-west-1',
    aws_vpc_id: team.vpcId,
    extra_cidrs: undefined,
  });
  await t.idle();
  t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
  await t.aiven.syncAws();
  const inAiven = t.aiven.peerings().find((p) => p.peer_vpc === team.vpcId);
  expect(inAiven?.state).toBe('PENDING_PEER');
  // The minute poll sees the change, announces it once and hands it to "Accept in AWS".
  await t.bot.reconcile();
  await t.idle();
  return inAiven?.state_info.aws_vpc_peering_connection_id as string;
}

it('goes from the request in Slack to an ACTIVE peering with routes in every table', async () => {
  const t = await startTestBot(
    { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' },
    { aws: awsClientConfig(), aivenAws: makeSandboxAivenAccount({ client: awsClientConfig() }) },
  );
  const team = await createTeamVpc();
  try {
    const pcxId = await requestAndReachPendingPeer(t, team);
    const waiting = replies(t).find((c) => textOf(c).includes('→ *Waiting for AWS*'));
    expect(textOf(waiting)).toContain(`vpc-peer has a role in AWS account ${team.accountId}`);
    expect(textOf(waiting)).not.toContain('aws ec2 accept-vpc-peering-connection');

    const plan = t.slack.callsTo('chat.postMessage').find((c) => buttonsOf(c).includes('accept_apply'));
    expect(textOf(plan)).toContain(`Accept the peering request \`${pcxId}\``);
    await t.click(plan as NonNullable<typeof plan>, 'accept_apply');
    await t.idle();

    const routes = await routesOf(team);
    expect(routes[team.mainTableId]?.['10.20.0.0/24']).toBe(pcxId);
    expect(routes[team.subnetTableId]?.['10.20.0.0/24']).toBe(pcxId);
    await t.aiven.syncAws();
    expect(t.aiven.peerings().find((p) => p.peer_vpc === team.vpcId)?.state).toBe('ACTIVE');

    await t.bot.reconcile();
    await t.idle();
    const active = replies(t).filter((c) => textOf(c).includes('→ *Active*'));
    expect(active).toHaveLength(1);
    // A second poll finds nothing new to say.
    const count = replies(t).length;
    await t.bot.reconcile();
    await t.idle();
    expect(replies(t)).toHaveLength(count);
  } finally {
    await t.stop();
    team.ec2.destroy();
  }
});

it('without a role, the PENDING_PEER reply gives the manual steps with every id, and AWS is untouched', async () => {
  const team = await createTeamVpc();
  // ROUTE_TABLES names the one table this VPC's peering routes go to: the steps name it too.
  const t = await startTestBot(
    { ROUTE_TABLES: `${team.vpcId}=${team.subnetTableId}` },
    { aws: awsClientConfig(), aivenAws: makeSandboxAivenAccount({ client: awsClientConfig() }) },
  );
  try {
    const pcxId = await requestAndReachPendingPeer(t, team);
    const waiting = replies(t).filter((c) => textOf(c).includes('→ *Waiting for AWS*'));
    expect(waiting).toHaveLength(1);
    const text = textOf(waiting[0]);
    expect(text).toContain(`vpc-peer has no role in AWS account ${team.accountId}`);
    expect(text).toContain(
      `https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#PeeringConnectionDetails:VpcPeeringConnectionId=${pcxId}`,
    );
    expect(text).toContain(
      `aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id ${pcxId}`,
    );
    expect(text).toContain(`--destination-cidr-block 10.20.0.0/24 --vpc-peering-connection-id ${pcxId}`);
    expect(text).toContain(`In route tables \`${team.subnetTableId}\` of \`${team.vpcId}\``);
    expect(text).not.toContain(team.mainTableId);
    // The steps are posted once, by the state change, not again by "Accept in AWS".
    expect(
      replies(t).filter((c) => textOf(c).includes('aws ec2 accept-vpc-peering-connection')),
    ).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage').some((c) => buttonsOf(c).includes('accept_apply'))).toBe(
      false,
    );
    expect(Object.values(await routesOf(team)).some((r) => r['10.20.0.0/24'])).toBe(false);
  } finally {
    await t.stop();
    team.ec2.destroy();
  }
});

it('deleting with approval removes exactly the routes the bot added, and says so in the thread', async () => {
  const t = await startTestBot(
    { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter', APPROVERS: 'U0CAROL' },
    { aws: awsClientConfig(), aivenAws: makeSandboxAivenAccount({ client: awsClientConfig() }) },
  );
  const team = await createTeamVpc();
  try {
    const pcxId = await requestAndReachPendingPeer(t, team);
    const plan = t.slack.callsTo('chat.postMessage').find((c) => buttonsOf(c).includes('accept_apply'));
    await t.click(plan as NonNullable<typeof plan>, 'accept_apply');
    await t.idle();
    // Someone adds a route of their own through the same connection: not the bot's to remove.
    await team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: team.mainTableId,
        DestinationCidrBlock: '10.99.0.0/16',
        VpcPeeringConnectionId: pcxId,
      }),
    );

    const record = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === team.vpcId);
    const request = await requestDeletion(t, record as NonNullable<typeof record>, {
      reason: 'decommissioned',
    });
    await t.click(request, 'deletion_approve', { userId: 'U0CAROL' });
    await t.idle();

    const routes = await routesOf(team);
    expect(routes[team.mainTableId]?.['10.20.0.0/24']).toBeUndefined();
    expect(routes[team.subnetTableId]?.['10.20.0.0/24']).toBeUndefined();
    expect(routes[team.mainTableId]?.['10.99.0.0/16']).toBe(pcxId);
    const deleting = replies(t).find((c) => textOf(c).includes('State: *DELETING*'));
    const said = textOf(deleting);
    expect(said).toContain(`Removed the route 10.20.0.0/24 → ${pcxId} in ${team.mainTableId}.`);
    expect(said).toContain(`Removed the route 10.20.0.0/24 → ${pcxId} in ${team.subnetTableId}.`);
    expect(said).not.toContain('10.99.0.0/16');
  } finally {
    await t.stop();
    team.ec2.destroy();
  }
});
