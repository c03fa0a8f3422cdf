// Accept in AWS end to end: the hook on PENDING_PEER, the plan in the thread, the click through the
// real Bolt receiver, and AWS (moto, real SDK clients) as the team would see it afterwards.
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { peeringStatus, requestPeeringFromAiven, routesOf } from '../support/aws-accounts';
import {
  type AcceptWorld,
  buttonsOf,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  textOf,
  threadPosts,
} from './helpers';

describe('Accept in AWS', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  it('posts the plan, changes nothing until the click, then accepts and routes every table of the VPC', async () => {
    w = await startAcceptWorld({}, { extraCidrs: ['192.168.10.0/24'] });
    await reachPendingPeer(w);

    const plan = postContaining(w.t, 'Plan for AWS account');
    const planText = textOf(plan);
    expect(planText).toContain(`Accept the peering request \`${w.pcxId}\``);
    expect(planText).toContain(`add \`${ORG_VPC_CIDR}\` → \`${w.pcxId}\` in \`${w.team.mainTableId}\``);
    expect(planText).toContain(`add \`${ORG_VPC_CIDR}\` → \`${w.pcxId}\` in \`${w.team.subnetTableId}\``);
    expect(planText).not.toContain(w.team.spareTableId);
    expect(planText).toContain('192.168.10.0/24');
    expect(buttonsOf(plan)).toEqual(['accept_apply']);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
    // The role was assumed with the ExternalId and a session name naming the peering.
    const assume = w.proxy.actions('AssumeRole')[0]?.params;
    expect(assume?.get('RoleArn')).toBe(`arn:aws:iam::${w.team.accountId}:role/vpc-peer-accepter`);
    expect(assume?.get('ExternalId')).toBe('ext-id-for-tests');
    expect(assume?.get('RoleSessionName')).toBe(`vpc-peer-${w.record.id}`);

    const answer = await w.t.click(plan as NonNullable<typeof plan>, 'accept_apply', { userId: 'U0BOB' });
    expect(answer.status).toBe(200);
    await w.t.idle();

    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('active');
    const routes = await routesOf(w.team);
    expect(routes[w.team.mainTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(routes[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(routes[w.team.spareTableId]?.[ORG_VPC_CIDR]).toBeUndefined();
    // The extra CIDRs are the team's own ranges: never routed from AWS into Aiven.
    expect(Object.values(routes).some((r) => r['192.168.10.0/24'])).toBe(false);

    const result = postContaining(w.t, 'Accept in AWS: done');
    expect(textOf(result)).toContain(`Accepted \`${w.pcxId}\``);
    expect(textOf(result)).toContain(`Added \`${ORG_VPC_CIDR}\` in \`${w.team.mainTableId}\``);
    expect(buttonsOf(result)).toEqual([]);
    const planUpdate = w.t.slack.callsTo('chat.update').find((c) => c.args.ts === plan?.response?.ts);
    expect(textOf(planUpdate)).toContain('<@U0BOB> chose *Accept and add routes*');
    expect(buttonsOf(planUpdate)).toEqual([]);

    const stored = await w.t.bot.store.getPeering(w.record.id);
    expect(stored?.accept?.routes).toEqual(
      expect.arrayContaining([
        { routeTableId: w.team.mainTableId, destination: ORG_VPC_CIDR, target: w.pcxId },
        { routeTableId: w.team.subnetTableId, destination: ORG_VPC_CIDR, target: w.pcxId },
      ]),
    );
    expect(stored?.accept?.routes).toHaveLength(2);
    // No AWS credentials in the logs (debug level), neither the ones AssumeRole returned nor any like them.
    const logs = w.t.logs.join('');
    const issued = w.proxy.actions('AssumeRole')[0]?.response ?? '';
    const secrets = ['AccessKeyId', 'SecretAccessKey', 'SessionToken'].map(
      (tag) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(issued)?.[1] ?? '',
    );
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/(ASIA|AKIA)[A-Z0-9]{12,}/);
    expect(logs).not.toMatch(/"(secretAccessKey|sessionToken|SessionToken|SecretAccessKey)":"[^[]/);
  });

  it('skips an identical route, reports a conflict and leaves it alone until "Replace conflicting routes"', async () => {
    w = await startAcceptWorld();
    await w.team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.team.mainTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: w.pcxId,
      }),
    );
    const other = await startOtherPcx(w);
    await w.team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.team.subnetTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: other,
      }),
    );
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account');
    expect(textOf(plan)).toContain(`in \`${w.team.mainTableId}\` is already there: left alone`);
    expect(textOf(plan)).toContain(
      `conflict: \`${ORG_VPC_CIDR}\` in \`${w.team.subnetTableId}\` already goes to \`${other}\``,
    );

    await w.t.click(plan as NonNullable<typeof plan>, 'accept_apply');
    await w.t.idle();
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(other);
    expect(w.proxy.actions('CreateRoute')).toHaveLength(0);
    const result = postContaining(w.t, 'Accept in AWS: done');
    expect(textOf(result)).toContain(
      `Left alone: \`${ORG_VPC_CIDR}\` in \`${w.team.subnetTableId}\` goes to \`${other}\``,
    );
    expect(buttonsOf(result)).toEqual(['accept_replace_conflicts']);
    expect(JSON.stringify(result?.args.blocks)).toContain(
      `1 route will point to ${w.pcxId} instead of their current target`,
    );

    await w.t.click(result as NonNullable<typeof result>, 'accept_replace_conflicts', { userId: 'U0CAROL' });
    await w.t.idle();
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    const stored = await w.t.bot.store.getPeering(w.record.id);
    expect(stored?.accept?.routes).toEqual([
      {
        routeTableId: w.team.subnetTableId,
        destination: ORG_VPC_CIDR,
        target: w.pcxId,
        replacedTarget: other,
      },
    ]);
    const replaced = threadPosts(w.t).at(-1);
    expect(textOf(replaced)).toContain(
      `Replaced \`${ORG_VPC_CIDR}\` in \`${w.team.subnetTableId}\`: was \`${other}\``,
    );
    const resultUpdate = w.t.slack.callsTo('chat.update').find((c) => c.args.ts === result?.response?.ts);
    expect(textOf(resultUpdate)).toContain('<@U0CAROL> chose *Replace conflicting routes*');
  });

  it('a double click and two clicks at once change AWS once', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    const answers = await Promise.all([
      w.t.click(plan, 'accept_apply', { userId: 'U0BOB' }),
      w.t.click(plan, 'accept_apply', { userId: 'U0CAROL' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await w.t.idle();
    await w.t.click(plan, 'accept_apply', { userId: 'U0BOB' });
    await w.t.idle();
    // Running the hook again (a second report of the same change) plans nothing new either.
    await reachPendingPeer(w);

    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(1);
    expect(w.proxy.actions('CreateRoute')).toHaveLength(2);
    expect(threadPosts(w.t).filter((c) => textOf(c).includes('Plan for AWS account'))).toHaveLength(1);
    expect(threadPosts(w.t).filter((c) => textOf(c).includes('Accept in AWS: done'))).toHaveLength(1);
    expect(w.t.slack.responsePosts.map((p) => String(p.body.text))).toContainEqual(
      expect.stringContaining('Nothing to do'),
    );
  });

  it('ends as one run would when the queue delivers the same decision twice at the same time', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    const job = {
      kind: 'apply-accept' as const,
      id: `apply-accept:${w.record.id}:0:apply:U0BOB:1700000000.1`,
      peeringId: w.record.id,
      round: 0,
      mode: 'apply' as const,
      userId: 'U0BOB',
    };
    const run = w.t.bot.accept.handlers['apply-accept'].run;
    await Promise.all([run(job), run(job)]);

    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('active');
    const routes = await routesOf(w.team);
    expect(routes[w.team.mainTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(routes[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(threadPosts(w.t).filter((c) => textOf(c).includes('Accept in AWS: done'))).toHaveLength(1);
    const stored = await w.t.bot.store.getPeering(w.record.id);
    expect(stored?.accept?.status).toBe('applied');
    expect(stored?.accept?.routes).toHaveLength(2);
  });

  it('resumes after a refused CreateRoute with Retry, without redoing what succeeded', async () => {
    w = await startAcceptWorld();
    w.proxy.refuseNext({
      action: 'CreateRoute',
      where: { RouteTableId: w.team.subnetTableId },
      code: 'RouteLimitExceeded',
      message: 'The maximum number of routes has been reached.',
    });
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    await w.t.click(plan, 'accept_apply');
    await w.t.idle();

    const partial = postContaining(w.t, 'partly done');
    expect(textOf(partial)).toContain(`Added \`${ORG_VPC_CIDR}\` in \`${w.team.mainTableId}\``);
    expect(textOf(partial)).toContain(`Not done: \`${ORG_VPC_CIDR}\` in \`${w.team.subnetTableId}\``);
    expect(textOf(partial)).toContain('RouteLimitExceeded');
    expect(buttonsOf(partial)).toEqual(['accept_retry']);
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBeUndefined();

    await w.t.click(partial as NonNullable<typeof partial>, 'accept_retry');
    await w.t.idle();
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(1);
    const mainCreates = w.proxy
      .actions('CreateRoute')
      .filter((c) => c.params.get('RouteTableId') === w.team.mainTableId);
    expect(mainCreates).toHaveLength(1);
    const done = threadPosts(w.t).at(-1);
    expect(textOf(done)).toContain('Accept in AWS: done');
    expect(textOf(done)).toContain(
      `\`${ORG_VPC_CIDR}\` in \`${w.team.mainTableId}\` → \`${w.pcxId}\` was already there`,
    );
    const stored = await w.t.bot.store.getPeering(w.record.id);
    expect(stored?.accept?.routes).toHaveLength(2);
  });

  it('lets only people allowed to request click, and changes nothing for anyone else', async () => {
    w = await startAcceptWorld({ REQUESTERS: 'U0ALICE' });
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    const answer = await w.t.click(plan, 'accept_apply', { userId: 'U0MALLORY' });
    expect(answer.status).toBe(200);
    await w.t.idle();
    expect(w.t.slack.responsePosts.map((p) => String(p.body.text))).toEqual([
      expect.stringContaining('Only people allowed to request peerings (REQUESTERS) can accept one'),
    ]);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
    expect(w.t.slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('accepts at once with AUTO_ACCEPT', async () => {
    w = await startAcceptWorld({ AUTO_ACCEPT: 'true', ALLOW_REMOTE_DNS: 'true' });
    await reachPendingPeer(w);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('active');
    expect(buttonsOf(postContaining(w.t, 'Plan for AWS account'))).toEqual([]);
    const result = postContaining(w.t, 'Accept in AWS: done');
    expect(textOf(result)).toContain('DNS resolution from the Aiven VPC is allowed');
    expect(
      w.proxy
        .actions('ModifyVpcPeeringConnectionOptions')[0]
        ?.params.get('AccepterPeeringConnectionOptions.AllowDnsResolutionFromRemoteVpc'),
    ).toBe('true');
    const stored = await w.t.bot.store.getPeering(w.record.id);
    expect(stored?.accept?.decidedBy).toBe('AUTO_ACCEPT');
  });

  it('uses only the route tables ROUTE_TABLES names for the VPC', async () => {
    w = await startAcceptWorld((team) => ({
      AUTO_ACCEPT: 'true',
      ROUTE_TABLES: `${team.vpcId}=${team.spareTableId}`,
    }));
    await reachPendingPeer(w);
    const routes = await routesOf(w.team);
    expect(routes[w.team.spareTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(routes[w.team.mainTableId]?.[ORG_VPC_CIDR]).toBeUndefined();
    expect(routes[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBeUndefined();
  });

  it('refuses a ROUTE_TABLES entry naming a table the VPC does not have, changing nothing', async () => {
    w = await startAcceptWorld((team) => ({ ROUTE_TABLES: `${team.vpcId}=rtb-0000000000000dead` }));
    await reachPendingPeer(w);
    expect(textOf(postContaining(w.t, 'Not accepting'))).toContain(
      'ROUTE_TABLES names rtb-0000000000000dead',
    );
    expect(postContaining(w.t, 'Plan for AWS account')).toBeUndefined();
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');
  });
});

async function startOtherPcx(w: AcceptWorld): Promise<string> {
  return (await requestPeeringFromAiven(w.team, '10.99.0.0/24')).pcxId;
}

describe('Accept in AWS when AWS keeps failing', () => {
  let w: AcceptWorld;
  afterEach(async () => {
    await w.stop();
  });

  it('tells the thread with a reference after the last attempt, and Retry finishes the work', async () => {
    w = await startAcceptWorld();
    await reachPendingPeer(w);
    failCreateRouteInSubnetTable(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
      ReturnType<typeof postContaining>
    >;
    await w.t.click(plan, 'accept_apply');
    await w.t.idle();
    const stopped = postContaining(w.t, 'Accept in AWS stopped');
    const reference = /reference: (\S+)\)/.exec(textOf(stopped))?.[1];
    expect(reference).toMatch(/^apply-accept:/);
    expect(
      w.t.logs.some((line) => line.includes(reference as string) && line.includes('accept run failed')),
    ).toBe(true);
    expect(textOf(stopped)).not.toContain('InternalError');
    expect(buttonsOf(stopped)).toEqual(['accept_retry']);
    expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('active');

    w.proxy.clearRules();
    w.proxy.calls.length = 0;
    await w.t.click(stopped as NonNullable<typeof stopped>, 'accept_retry');
    await w.t.idle();
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
    expect(textOf(threadPosts(w.t).at(-1))).toContain('Accept in AWS: done');
    const stoppedUpdate = w.t.slack.callsTo('chat.update').find((c) => c.args.ts === stopped?.response?.ts);
    expect(textOf(stoppedUpdate)).toContain('<@U0ALICE> chose *Retry*');
    expect(buttonsOf(stoppedUpdate)).toEqual([]);
  });

  it('ends a failing AUTO_ACCEPT run the same way, with Retry', async () => {
    w = await startAcceptWorld({ AUTO_ACCEPT: 'true' });
    failCreateRouteInSubnetTable(w);
    await reachPendingPeer(w);
    const stopped = postContaining(w.t, 'Accept in AWS stopped');
    expect(textOf(stopped)).toContain(`reference: plan-accept:${w.record.id}:${w.pcxId}:auto`);
    expect(postContaining(w.t, 'could not read the peering connection')).toBeUndefined();
    w.proxy.clearRules();
    await w.t.click(stopped as NonNullable<typeof stopped>, 'accept_retry');
    await w.t.idle();
    expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
    expect(textOf(threadPosts(w.t).at(-1))).toContain('Accept in AWS: done');
  });
});

/** AWS failing (HTTP 500) on every CreateRoute in the subnet's table until the rule is cleared. */
function failCreateRouteInSubnetTable(w: AcceptWorld): void {
  w.proxy.refuseNext({
    action: 'CreateRoute',
    where: { RouteTableId: w.team.subnetTableId },
    code: 'InternalError',
    message: 'An internal error has occurred',
    status: 500,
    times: 100,
  });
}
