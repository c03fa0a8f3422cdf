// Account ownership with a policy file, through the real receiver, moto (via the recording proxy) and
// the loopback Slack stand-in: bob (team data) is refused on alice's account (team payments) in the
// create modal, on Accept, on Replace and on delete, and nothing changes in AWS or Aiven.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import type { SlackApiCall } from '../../src/sandbox/slack-api';
import { FIELD_BLOCKS } from '../../src/slack/views/create-form';
import {
  type AcceptWorld,
  ORG_VPC_CIDR,
  postContaining,
  reachPendingPeer,
  startAcceptWorld,
  threadPosts,
} from '../accept/helpers';
import {
  createPeering,
  deletes,
  privateAnswers,
  requestMessages,
  SEED_SPEC,
  seededRecord,
} from '../slack/deletion/helpers';
import { peeringStatus, requestPeeringFromAiven, routesOf } from '../support/aws-accounts';
import { startTestBot, type TestBot } from '../support/bot';

const BOB_ACCOUNT = '444455556666';

function policyFile(paymentsAccount: string, payments = ['U0ALICE'], channels: string[] = []): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpc-peer-policy-')), 'policy.yml');
  writeFileSync(
    file,
    [
      'teams:',
      '  payments:',
      `    members: [${payments.join(', ')}]`,
      `    aws_accounts: ["${paymentsAccount}"]`,
      ...(channels.length > 0 ? [`    channels: [${channels.join(', ')}]`] : []),
      '  data:',
      '    members: [U0BOB]',
      `    aws_accounts: ["${BOB_ACCOUNT}"]`,
      'unlisted_accounts: refuse',
      'approvals:',
      '  approvers: [U0CAROL]',
    ].join('\n'),
  );
  return file;
}

const lastPrivate = (t: TestBot) => String(privateAnswers(t).at(-1)?.text ?? '');

describe('account ownership (POLICY_FILE)', () => {
  describe('Accept and Replace', () => {
    let w: AcceptWorld;
    afterEach(async () => {
      await w.stop();
    });

    it('refuses bob on Accept, naming the owning team and its members; alice accepts', async () => {
      w = await startAcceptWorld((team) => ({ POLICY_FILE: policyFile(team.accountId) }));
      await reachPendingPeer(w);
      const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
        ReturnType<typeof postContaining>
      >;
      await w.t.click(plan, 'accept_apply', { userId: 'U0BOB' });
      await w.t.idle();
      expect(lastPrivate(w.t)).toBe(
        `:no_entry: AWS account ${w.team.accountId} belongs to team *payments*: only its members (<@U0ALICE>) may accept its peerings and add routes.`,
      );
      expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(0);
      expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('pending-acceptance');

      await w.t.click(plan, 'accept_apply', { userId: 'U0ALICE' });
      await w.t.idle();
      expect(w.proxy.actions('AcceptVpcPeeringConnection')).toHaveLength(1);
      expect(await peeringStatus(w.team.ec2, w.pcxId)).toBe('active');
    });

    it('refuses Replace to bob (not in the team); alice asks, which changes nothing, and an approver replaces', async () => {
      w = await startAcceptWorld((team) => ({
        POLICY_FILE: policyFile(team.accountId, ['U0ALICE', 'U0CAROL']),
      }));
      const other = (await requestPeeringFromAiven(w.team, '10.99.0.0/24')).pcxId;
      await w.team.ec2.send(
        new CreateRouteCommand({
          RouteTableId: w.team.subnetTableId,
          DestinationCidrBlock: ORG_VPC_CIDR,
          VpcPeeringConnectionId: other,
        }),
      );
      await reachPendingPeer(w);
      const plan = postContaining(w.t, 'Plan for AWS account') as NonNullable<
        ReturnType<typeof postContaining>
      >;
      await w.t.click(plan, 'accept_apply', { userId: 'U0ALICE' });
      await w.t.idle();
      const result = postContaining(w.t, 'Accept in AWS: done') as NonNullable<
        ReturnType<typeof postContaining>
      >;

      await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0BOB' });
      await w.t.idle();
      expect(lastPrivate(w.t)).toContain(
        'belongs to team *payments*: only its members (<@U0ALICE>, <@U0CAROL>) may replace routes there',
      );
      await w.t.click(result, 'accept_replace_conflicts', { userId: 'U0ALICE' });
      await w.t.idle();
      expect(lastPrivate(w.t)).toBe(
        ':hourglass_flowing_sand: Replacing these routes changes routes someone else made, so it waits for 1 approver other than you: <@U0CAROL>. The request is in the thread; no route changed yet.',
      );
      expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(other);
      expect(w.proxy.actions('ReplaceRoute')).toHaveLength(0);
      expect(threadPosts(w.t).some((c) => JSON.stringify(c.args).includes('Replaced'))).toBe(false);

      const asked = postContaining(w.t, 'Replace conflicting routes* in') as NonNullable<
        ReturnType<typeof postContaining>
      >;
      await w.t.click(asked, 'replace_approve', { userId: 'U0CAROL' });
      await w.t.idle();
      expect((await routesOf(w.team))[w.team.subnetTableId]?.[ORG_VPC_CIDR]).toBe(w.pcxId);
      expect(w.proxy.actions('ReplaceRoute')).toHaveLength(1);
    });
  });

  describe('create and delete', () => {
    let t: TestBot;
    afterEach(async () => {
      await t.stop();
    });

    it('refuses bob in the create modal under the account field, naming the owning team', async () => {
      t = await startTestBot({ POLICY_FILE: policyFile('111122223333') });
      await t.command('', { userId: 'U0BOB' });
      await t.idle();
      const values = {
        org_vpc: SEED_IDS.prodEu,
        aws_account_id: '111122223333',
        aws_region: 'eu-west-1',
        aws_vpc_id: 'vpc-0123456789abcdef0',
        extra_cidrs: '',
      };
      const refused = await t.submit(values, { userId: 'U0BOB' });
      expect(refused.body).toEqual({
        response_action: 'errors',
        errors: {
          [FIELD_BLOCKS.awsAccountId.blockId]:
            'AWS account 111122223333 belongs to team payments; only its members may request peerings with it.',
        },
      });
      // An account no team lists is refused for everyone (unlisted_accounts: refuse).
      const unlisted = await t.submit({ ...values, aws_account_id: '999988887777' }, { userId: 'U0BOB' });
      expect(JSON.stringify(unlisted.body)).toContain('AWS account 999988887777 belongs to no team');
      await t.idle();
      expect(t.aiven.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
      // Bob's own account goes through.
      const own = await t.submit({ ...values, aws_account_id: BOB_ACCOUNT }, { userId: 'U0BOB' });
      expect(own.body).toBeUndefined();
      await t.idle();
      expect(t.aiven.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    });

    it('refuses bob asking to delete a payments peering ; alice may', async () => {
      t = await startTestBot({ POLICY_FILE: policyFile(SEED_SPEC.awsAccountId) });
      const record = seededRecord({ channelId: 'C0PEERING', requestedBy: 'U0ALICE' });
      await t.bot.store.insertPeering(record);
      await t.command('delete', { userId: 'U0BOB' });
      const refused = await t.submit({ peering: record.id, reason: 'mine now' }, { userId: 'U0BOB' });
      expect(JSON.stringify(refused.body)).toContain(
        `AWS account ${SEED_SPEC.awsAccountId} belongs to team payments; only its members may ask to delete its peerings.`,
      );
      await t.idle();
      expect(requestMessages(t)).toHaveLength(0);

      await t.command('delete', { userId: 'U0ALICE' });
      const asked = await t.submit({ peering: record.id, reason: 'moving' }, { userId: 'U0ALICE' });
      expect(asked.body).toBeUndefined();
      await t.idle();
      expect(requestMessages(t)).toHaveLength(1);
      expect(deletes(t)).toHaveLength(0);
    });

    it("refuses alice outside her team's channels, and takes her request in them", async () => {
      t = await startTestBot({ POLICY_FILE: policyFile('111122223333', ['U0ALICE'], ['C0PAYMENTS']) });
      const values = {
        org_vpc: SEED_IDS.prodEu,
        aws_account_id: '111122223333',
        aws_region: 'eu-west-1',
        aws_vpc_id: 'vpc-0123456789abcdef0',
        extra_cidrs: '',
      };
      await t.command('', { userId: 'U0ALICE', channelId: 'C0RANDOM' });
      await t.idle();
      const refused = await t.submit(values, { userId: 'U0ALICE' });
      expect(refused.body).toEqual({
        response_action: 'errors',
        errors: {
          [FIELD_BLOCKS.awsAccountId.blockId]:
            'Team payments acts on AWS account 111122223333 only in its channels (C0PAYMENTS).',
        },
      });
      await t.command('', { userId: 'U0ALICE', channelId: 'C0PAYMENTS' });
      await t.idle();
      expect((await t.submit(values, { userId: 'U0ALICE' })).body).toBeUndefined();
    });

    it('refuses bob editing the CIDRs of a payments peering (command and form); alice may', async () => {
      t = await startTestBot({ POLICY_FILE: policyFile(SEED_SPEC.awsAccountId) });
      const record = seededRecord({ channelId: 'C0PEERING', requestedBy: 'U0ALICE' });
      await t.bot.store.insertPeering(record);
      await t.bot.reconcile();
      await t.idle();
      const refusal = `AWS account ${SEED_SPEC.awsAccountId} belongs to team *payments*: only its members (<@U0ALICE>) may edit the CIDRs of its peerings.`;
      const refused = await t.command(`cidrs ${SEED_IDS.prodEuPeering}`, { userId: 'U0BOB' });
      expect(refused.text).toContain(refusal);
      const opened = t.slack.callsTo('views.open').length;
      expect((await t.command(`cidrs ${SEED_IDS.prodEuPeering}`, { userId: 'U0ALICE' })).text).toBeFalsy();
      expect(t.slack.callsTo('views.open')).toHaveLength(opened + 1);
      // A form bob got hold of is refused on submit too, and nothing reaches Aiven.
      const submitted = await t.submit(
        { peer_cidrs: '10.77.0.0/16' },
        { userId: 'U0BOB', view: t.currentView() },
      );
      expect(JSON.stringify(submitted.body)).toContain('only its members may edit the CIDRs of its peerings');
      await t.idle();
      expect(t.aiven.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    });

    it('refuses bob handing a payments peering over to Terraform, privately naming the team; alice may', async () => {
      t = await startTestBot({ POLICY_FILE: policyFile(SEED_SPEC.awsAccountId) });
      const record = seededRecord({ channelId: 'C0PEERING', requestedBy: 'U0ALICE' });
      await t.bot.store.insertPeering(record);
      await t.bot.reconcile();
      await t.idle();
      const file = await t.command(`terraform ${SEED_IDS.prodEuPeering}`, { userId: 'U0ALICE' });
      const ephemeral = {
        method: 'response',
        args: { channel: 'C0PEERING', ts: '1700000098.000100', ...JSON.parse(file.text) },
      } as SlackApiCall;
      await t.click(ephemeral, 'peering_hand_over', { userId: 'U0BOB' });
      await t.idle();
      expect(String(t.slack.responsePosts.at(-1)?.body.text)).toContain(
        `: not handed over. AWS account ${SEED_SPEC.awsAccountId} belongs to team *payments*: only its members (<@U0ALICE>) may hand its peerings over to Terraform.`,
      );
      expect((await t.bot.store.getPeering(record.id))?.terraform).toBeUndefined();

      await t.click(ephemeral, 'peering_hand_over', { userId: 'U0ALICE' });
      await t.idle();
      expect(String(t.slack.responsePosts.at(-1)?.body.text)).toMatch(/managed by Terraform now/);
      expect((await t.bot.store.getPeering(record.id))?.terraform?.handedOverBy).toBe('U0ALICE');
    });

    it("refuses bob's click on Delete… of a payments peering, privately, without opening the form", async () => {
      t = await startTestBot({ POLICY_FILE: policyFile('210987654321') });
      const record = await createPeering(t);
      const root = t.slack
        .callsTo('chat.update')
        .filter((c) => c.args.ts === record.thread?.ts)
        .at(-1);
      const opened = t.slack.callsTo('views.open').length;
      await t.click(root as NonNullable<typeof root>, 'peering_delete', { userId: 'U0BOB' });
      expect(lastPrivate(t)).toBe(
        ':no_entry: AWS account 210987654321 belongs to team *payments*: only its members (<@U0ALICE>) may ask to delete its peerings.',
      );
      expect(t.slack.callsTo('views.open')).toHaveLength(opened);
      await t.click(root as NonNullable<typeof root>, 'peering_delete', { userId: 'U0ALICE' });
      expect(t.slack.callsTo('views.open')).toHaveLength(opened + 1);
    });
  });
});
