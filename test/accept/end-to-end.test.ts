// The whole flow on moto: /vpc-peer create -> the Aiven sandbox requests the peering in the team's
// account -> the plan in the thread -> the click -> AWS accepted and routed -> Aiven reports ACTIVE.
import { makeSandboxAivenAccount } from '../../src/adapters/ec2/sandbox-aiven-account';
import { SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { awsClientConfig } from '../support/aws';
import { createTeamVpc, routesOf } from '../support/aws-accounts';
import { startTestBot } from '../support/bot';
import { buttonsOf, textOf } from './helpers';

it('goes from the request in Slack to an ACTIVE peering with routes in every table', async () => {
  const t = await startTestBot(
    { ACCEPTER_ROLE_NAME: 'vpc-peer-accepter' },
    { aws: awsClientConfig(), aivenAws: makeSandboxAivenAccount({ client: awsClientConfig() }) },
  );
  const team = await createTeamVpc();
  try {
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
    const pcxId = inAiven?.state_info.aws_vpc_peering_connection_id as string;
    expect(inAiven?.state).toBe('PENDING_PEER');

    // What the reconcile loop does when it sees the change (issue 7): record it, call the hooks.
    const before = await t.bot.store.findByAivenPeeringId(inAiven?.peering_connection_id as string);
    if (!before) throw new Error('no record for the peering');
    const record = await t.bot.store.updatePeering(before.id, before.version, {
      state: 'PENDING_PEER',
      stateInfo: {
        type: 'pending-peer',
        message: inAiven?.state_info.message ?? '',
        awsPeeringConnectionId: pcxId,
      },
    });
    await t.bot.accept.acceptOnPendingPeer({ record, previous: 'APPROVED' });
    await t.idle();

    const plan = t.slack.callsTo('chat.postMessage').find((c) => buttonsOf(c).includes('accept_apply'));
    expect(textOf(plan)).toContain(`Accept the peering request \`${pcxId}\``);
    await t.click(plan as NonNullable<typeof plan>, 'accept_apply');
    await t.idle();

    const routes = await routesOf(team);
    expect(routes[team.mainTableId]?.['10.20.0.0/24']).toBe(pcxId);
    expect(routes[team.subnetTableId]?.['10.20.0.0/24']).toBe(pcxId);
    await t.aiven.syncAws();
    expect(t.aiven.peerings().find((p) => p.peer_vpc === team.vpcId)?.state).toBe('ACTIVE');
  } finally {
    await t.stop();
    team.ec2.destroy();
  }
});
