// "Replace conflicting routes" with a policy file waits for approvers like a deletion: through the
// real receiver, EC2 on moto (via the recording proxy) and the loopback Slack stand-in, on both stores.
// A team member's click asks and changes nothing; one approval of two changes nothing; the second
// replaces the route once; concurrent approvals count once each; the requester never counts; the
// first rejection ends it; a non-member is refused privately, naming who may.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import type { SlackApiCall } from '../../src/sandbox/slack-api';
import {
  type AcceptWorld,
  buttonsOf,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  textOf,
  threadPosts,
} from '../accept/helpers';
import { ManualClock } from '../adapters/store-contract';
import { privateAnswers } from '../slack/deletion/helpers';
import { requestPeeringFromAiven, routesOf } from '../support/aws-accounts';
import { bothStores } from '../support/both-stores';

const STORES = bothStores('vpc-peer-replace');
// Each test starts a bot, moto VPCs and an accept run: generous on a shared, busy machine.
jest.setTimeout(120_000);

function policyFile(account: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(
    file,
    [
      'teams:',
      '  payments:',
      '    members: [U0ALICE, U0CAROL]',
      `    aws_accounts: ["${account}"]`,
      '  data:',
      '    members: [U0BOB]',
      '    aws_accounts: ["444455556666"]',
      'approvals:',
      // alice approves too: as the one who asked, she never counts.
      '  approvers: [U0ALICE, U0CAROL, U0DAVE, U0EVE]',
      '  required: 2',
    ].join('\n'),
  );
  return file;
}

const lastPrivate = (w: AcceptWorld) => String(privateAnswers(w.t).at(-1)?.text ?? '');
const replaceCalls = (w: AcceptWorld) => w.proxy.actions('ReplaceRoute');
const routeNow = async (w: AcceptWorld) => (await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR];

/** The Replace request as it shows now: its post, or the latest rewrite of it. */
function requestMessage(w: AcceptWorld): SlackApiCall {
  const posted = postContaining(w.t, 'Replace conflicting routes* in');
  if (!posted) throw new Error('no Replace request in the thread');
  const ts = posted.response?.ts;
  const rewrites = w.t.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
  return rewrites.at(-1) ?? posted;
}

describe.each(STORES)('Replace conflicting routes waits for approvers (%s)', (_name, makeStore) => {
  let w: AcceptWorld;
  let other: string;
  let result: SlackApiCall;

  beforeEach(async () => {
    const store = await makeStore(new ManualClock(new Date()));
    w = await startAcceptWorld((team) => ({ POLICY_FILE: policyFile(team.accountId) }), { store });
    // Someone else's route to the org VPC's CIDR, through another peering: the conflict.
    other = (await requestPeeringFromAiven(w.team, '10.99.0.0/24')).pcxId;
    await w.team.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.team.subnetTableId,
        DestinationCidrBlock: ORG_VPC_CIDR,
        VpcPeeringConnectionId: other,
      }),
    );
    await reachPendingPeer(w);
    const plan = postContaining(w.t, 'Plan for AWS account') as SlackApiCall;
    await w.t.click(plan, 'accept_apply', { userId: 'U0ALICE' });
    await w.t.idle();
    result = postContaining(w.t, 'Accept in AWS: done') as SlackApiCall;
    expect(buttonsOf(result)).toContain('accept_replace_conflicts');
  });
  afterEach(async () => {
    await w.stop();
  });

  it('a click asks and changes nothing; one approval of two changes nothing; the second replaces the route once', async () => {
    await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0BOB' });
    await w.t.idle();
    expect(lastPrivate(w)).toContain(
      'belongs to team *payments*: only its members (<@U0ALICE>, <@U0CAROL>) may replace routes there',
    );
    expect(postContaining(w.t, 'Replace conflicting routes* in')).toBeUndefined();

    await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0ALICE' });
    await w.t.idle();
    expect(lastPrivate(w)).toContain('waits for 2 approvers other than you');
    let message = requestMessage(w);
    expect(textOf(message)).toContain('asked by <@U0ALICE>');
    expect(textOf(message)).toContain(
      `\`${ORG_VPC_CIDR}\` in \`${w.team.subnetTableId}\` goes to \`${other}\` now`,
    );
    expect(textOf(message)).toContain('*0 of 2 approvals*');
    expect(textOf(message)).toContain('*May still approve:* <@U0CAROL>, <@U0DAVE>, <@U0EVE>');
    expect(buttonsOf(message)).toEqual(['replace_approve', 'replace_reject']);
    expect(replaceCalls(w)).toHaveLength(0);
    expect(await routeNow(w)).toBe(other);

    // Someone who is no approver is told privately who may.
    await w.t.click(message, 'replace_approve', { userId: 'U0BOB' });
    await w.t.idle();
    expect(lastPrivate(w)).toBe(
      ':no_entry: Only an approver may approve or reject replacing routes; ask one of them: <@U0ALICE>; <@U0CAROL>; <@U0DAVE>; <@U0EVE>. Nothing changed.',
    );

    // The requester's own click never counts, even though she is an approver.
    await w.t.click(message, 'replace_approve', { userId: 'U0ALICE' });
    await w.t.idle();
    expect(lastPrivate(w)).toContain('You asked to replace these routes, so another approver must decide');

    await w.t.click(message, 'replace_approve', { userId: 'U0CAROL' });
    await w.t.idle();
    message = requestMessage(w);
    expect(textOf(message)).toContain('*1 of 2 approvals*: <@U0CAROL>, a named approver');
    expect(textOf(message)).toContain('*May still approve:* <@U0DAVE>, <@U0EVE>');
    expect(replaceCalls(w)).toHaveLength(0);
    expect(await routeNow(w)).toBe(other);

    await w.t.click(message, 'replace_approve', { userId: 'U0DAVE' });
    await w.t.idle();
    expect(await routeNow(w)).toBe(w.pcxId);
    expect(replaceCalls(w)).toHaveLength(1);
    message = requestMessage(w);
    expect(textOf(message)).toContain('*Approved*');
    expect(textOf(message)).toContain('<@U0CAROL>, a named approver; <@U0DAVE>, a named approver');
    expect(buttonsOf(message)).toEqual([]);
    expect(threadPosts(w.t).filter((c) => textOf(c).includes('Replaced'))).toHaveLength(1);

    // A late click (on the message as it was) changes nothing.
    await w.t.click(
      postContaining(w.t, 'Replace conflicting routes* in') as SlackApiCall,
      'replace_approve',
      {
        userId: 'U0EVE',
      },
    );
    await w.t.idle();
    expect(lastPrivate(w)).toContain('already approved');
    expect(replaceCalls(w)).toHaveLength(1);
    const history = await w.t.bot.store.listAuditEvents(w.record.id);
    expect(history.filter((e) => e.action.startsWith('replace-'))).toEqual([
      expect.objectContaining({ action: 'replace-requested', actor: 'U0ALICE' }),
      expect.objectContaining({
        action: 'replace-approval-counted',
        actor: 'U0CAROL',
        detail: '1 of 2 approvals; a named approver',
      }),
      expect.objectContaining({
        action: 'replace-approved',
        actor: 'U0DAVE',
        detail: '2 of 2 approvals; a named approver',
      }),
    ]);
  });

  it('five concurrent approvals by two approvers count two, and the route is replaced once', async () => {
    await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0ALICE' });
    await w.t.idle();
    const message = requestMessage(w);
    await Promise.all(
      ['U0CAROL', 'U0DAVE', 'U0CAROL', 'U0DAVE', 'U0CAROL'].map((userId) =>
        w.t.click(message, 'replace_approve', { userId }),
      ),
    );
    await w.t.idle();
    const request = (await w.t.bot.store.getPeering(w.record.id))?.accept?.replaceRequest;
    expect(request?.approvals.map((a) => a.userId).sort()).toEqual(['U0CAROL', 'U0DAVE']);
    expect(request?.status).toBe('approved');
    expect(replaceCalls(w)).toHaveLength(1);
    expect(await routeNow(w)).toBe(w.pcxId);
  });

  it('the first rejection ends it: later approvals change nothing', async () => {
    await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0ALICE' });
    await w.t.idle();
    await w.t.click(requestMessage(w), 'replace_approve', { userId: 'U0CAROL' });
    await w.t.idle();
    await w.t.click(requestMessage(w), 'replace_reject', { userId: 'U0DAVE' });
    await w.t.idle();
    const message = requestMessage(w);
    expect(textOf(message)).toContain('*Rejected* by <@U0DAVE>');
    expect(textOf(message)).toContain('after 1 of 2 approvals (<@U0CAROL>, a named approver)');
    expect(buttonsOf(message)).toEqual([]);

    await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0ALICE' });
    expect(lastPrivate(w)).toContain('Replacing these routes was rejected by <@U0DAVE>');
    const stale = postContaining(w.t, 'Replace conflicting routes* in') as SlackApiCall;
    await w.t.click(stale, 'replace_approve', { userId: 'U0EVE' });
    await w.t.idle();
    expect(lastPrivate(w)).toContain('This request was already rejected by <@U0DAVE>');
    expect(replaceCalls(w)).toHaveLength(0);
    expect(await routeNow(w)).toBe(other);
  });
});
