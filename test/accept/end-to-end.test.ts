// The whole flow on moto: /vpc-peer create -> the Aiven sandbox requests the peering in the team's
// account -> the reconcile loop sees PENDING_PEER -> the plan in the thread (or, without a role, the
// manual steps) -> the click -> AWS accepted and routed -> Aiven reports ACTIVE -> the thread says so.
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { makeSandboxAivenAccount } from '../../src/sandbox/aiven-account';
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
    expect(textOf(waiting)).toContain(
      `waits in AWS account ${team.accountId} (eu-west-1). vpc-peer has a role there`,
    );
    expect(textOf(waiting)).toContain('(APPROVED → PENDING_PEER)');
    expect(textOf(waiting)).not.toContain('aws ec2 accept-vpc-peering-connection');
    // vpc-peer accepts it and adds the routes itself: neither the reply nor the root tells people to.
    const record = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === team.vpcId);
    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === record?.thread?.ts)
      .at(-1);
    expect(textOf(root)).toContain('*Waiting for AWS* (PENDING_PEER)');
    for (const said of [textOf(waiting), textOf(root)]) {
      expect(said).not.toContain('Accept it in the AWS console');
      expect(said).not.toContain('then add a route');
    }

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
    // Without a role the manual steps are the truth, in the reply and the root.
    expect(text).toContain('Accept it in the AWS console (VPC > Peering connections), then add a route');
    const record = (await t.bot.store.listOpenPeerings()).find((r) => r.spec.awsVpcId === team.vpcId);
    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === record?.thread?.ts)
      .at(-1);
    expect(textOf(root)).toContain('Accept it in the AWS console');
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
    await t.aiven.syncAws();
    await t.bot.reconcile();
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
    const deleting = replies(t).find((c) => textOf(c).includes('State: *Deleting (DELETING)*'));
    const said = textOf(deleting);
    expect(said).toContain(`Removed the route 10.20.0.0/24 → ${pcxId} in ${team.mainTableId}.`);
    expect(said).toContain(`Removed the route 10.20.0.0/24 → ${pcxId} in ${team.subnetTableId}.`);
    expect(said).not.toContain('10.99.0.0/16');
    // It listed removing them: it does not ask anyone to remove them afterwards.
    expect(said).toContain('vpc-peer removed the 2 routes it had added for it. Nothing to do.');
    expect(said).not.toMatch(/remove (its|the) routes/i);

    // Aiven finishes: the Deleted reply and the root say what is true, not "Remove the routes".
    t.aiven.advance(SANDBOX_TIMINGS.deletingMs);
    await t.bot.reconcile();
    await t.idle();
    const deleted = replies(t).find((c) => textOf(c).includes('→ *Deleted*'));
    expect(textOf(deleted)).toContain('*Deleting* → *Deleted* (DELETING → DELETED)');
    expect(textOf(deleted)).toContain('vpc-peer removed the 2 routes it had added for it.');
    expect(textOf(deleted)).not.toMatch(/Remove the routes/i);
    const root = t.slack
      .callsTo('chat.update')
      .filter((c) => c.args.ts === record?.thread?.ts)
      .at(-1);
    expect(textOf(root)).toContain('*Deleted* (DELETED)');
    expect(textOf(root)).not.toMatch(/Remove the routes|Accept it in the AWS console/);

    // Every id it ever had finds it, ended, with its whole story.
    const ended = await t.bot.store.getPeering(record?.id as string);
    const ids = [ended?.id, ended?.aivenPeeringId, pcxId, team.vpcId, ended?.id.toLowerCase()];
    for (const id of ids) {
      const answer = await t.command(`status ${id}`);
      const text = answer.text;
      expect(text).toContain('*Deleted* (DELETED)');
      for (const step of [
        '<@U0ALICE> requested it',
        'saw Aiven create it',
        'Approved → Waiting for AWS (APPROVED → PENDING_PEER)',
        'posted its plan to accept it in AWS',
        `<@U0ALICE> accepted it in AWS (${pcxId})`,
        'added routes in AWS (2 routes to 10.20.0.0/24',
        'Waiting for AWS → Active (PENDING_PEER → ACTIVE)',
        '<@U0ALICE> asked to delete it',
        '<@U0CAROL> approved the deletion',
        'started deleting it in Aiven',
        'removed the routes it had added in AWS (removed 2 routes to 10.20.0.0/24',
        'Deleting → Deleted (DELETING → DELETED)',
      ])
        expect(text).toContain(step);
    }

    // list shows it apart, as ended today, with how it ended.
    const list = await t.command('list');
    const listed = list.text;
    expect(listed).toContain('*Ended in the last 7 days* (1)');
    expect(listed).toMatch(/:wastebasket: \*Deleted\* \(DELETED\) \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(listed).toContain(team.vpcId);
  } finally {
    await t.stop();
    team.ec2.destroy();
  }
});
