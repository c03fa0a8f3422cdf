// The playground in a real browser: a Transit Gateway attachment. With moto and the team's role, as
// `npm start` runs it when python3 has moto: alice (team payments, which owns the seeded account in
// the example policy) requests an attachment to the seeded Transit Gateway, the bot shares it with
// Aiven's account before Aiven is asked, Aiven's attachment waits for acceptance, the plan's button
// accepts it and makes exactly the planned routes in moto, and the attachment reaches ACTIVE; then
// alice asks to delete it, carol and dave approve (prod-eu needs two), and the bot removes its route
// and deletes its share while Aiven deletes its attachment. Without
// moto: the missing CIDRs refused under the field, and the attachment reaching PENDING_PEER.
import {
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import {
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { SANDBOX_AIVEN_ACCOUNT_ID } from '../../src/sandbox/aiven-account';
import { settingsInMotoAccount } from '../../src/sandbox/moto-credentials';
import { PLAYGROUND_TEAM_ACCOUNT_ID } from '../../src/sandbox/team-account';
import { awsClientConfig } from '../support/aws';
import { ec2ForAccount } from '../support/aws-accounts';
import { type PlaygroundPage, playgroundInBrowser, seen } from '../support/playground';

const ORG_VPC = 'prod-eu · aws-eu-west-1 · 10.20.0.0/24';
const ORG_CIDR = '10.20.0.0/24';

/** Fills the create modal for an attachment and submits it. */
async function requestAttachment(ui: PlaygroundPage, account: string, tgw: string, cidrs: string) {
  await ui.openCreateModal();
  await ui.fillModal({
    'Aiven organization VPC': ORG_VPC,
    'AWS account ID': account,
    'AWS VPC ID or Transit Gateway ID': tgw,
    'Extra CIDRs in your VPC (optional)': cidrs,
  });
  await ui.submitModal('Create peering');
  await ui.modal.waitFor({ state: 'detached' });
}

describe('with moto and the team role, as npm start runs it', () => {
  const playground = playgroundInBrowser({ aws: { accountId: PLAYGROUND_TEAM_ACCOUNT_ID }, policy: true });

  /** The team's route tables: each table's id, main or not, and where it sends the org VPC's CIDR. */
  async function teamRoutes() {
    const { team } = playground.aws;
    const ec2 = await ec2ForAccount(team.accountId);
    try {
      const out = await ec2.send(
        new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [team.vpcId] }] }),
      );
      const tables = (out.RouteTables ?? []).map((t) => {
        const route = t.Routes?.find((r) => r.DestinationCidrBlock === ORG_CIDR);
        return {
          id: t.RouteTableId,
          main: t.Associations?.some((a) => a.Main) ?? false,
          target: route?.TransitGatewayId ?? route?.GatewayId,
        };
      });
      // The main table first, then the subnet's.
      return tables.sort((a, b) => Number(b.main) - Number(a.main));
    } finally {
      ec2.destroy();
    }
  }

  /** Static routes on the Transit Gateway's route tables (the bot adds one only when propagation is off). */
  async function transitGatewayStaticRoutes(): Promise<string[]> {
    const { team } = playground.aws;
    const ec2 = await ec2ForAccount(team.accountId);
    try {
      const tables = await ec2.send(
        new DescribeTransitGatewayRouteTablesCommand({
          Filters: [{ Name: 'transit-gateway-id', Values: [team.transitGatewayId] }],
        }),
      );
      const routes: string[] = [];
      for (const table of tables.TransitGatewayRouteTables ?? []) {
        const out = await ec2.send(
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: table.TransitGatewayRouteTableId,
            Filters: [{ Name: 'type', Values: ['static'] }],
          }),
        );
        routes.push(
          ...(out.Routes ?? []).map((r) => `${table.TransitGatewayRouteTableId} ${r.DestinationCidrBlock}`),
        );
      }
      return routes;
    } finally {
      ec2.destroy();
    }
  }

  /** The state of a Transit Gateway attachment in moto ('gone' when moto no longer lists it). */
  async function attachmentState(id: string): Promise<string> {
    const ec2 = await ec2ForAccount(playground.aws.team.accountId);
    try {
      const out = await ec2.send(new DescribeTransitGatewayAttachmentsCommand({}));
      return out.TransitGatewayAttachments?.find((a) => a.TransitGatewayAttachmentId === id)?.State ?? 'gone';
    } finally {
      ec2.destroy();
    }
  }

  /** The bot's RAM share of the Transit Gateway in moto: what it holds and whom it shares with. */
  async function botShare() {
    const { team } = playground.aws;
    const ram = new RAMClient(
      await settingsInMotoAccount({
        client: awsClientConfig(),
        accountId: team.accountId,
        region: team.region,
        roleName: 'test-admin',
      }),
    );
    try {
      const shares = await ram.send(
        new GetResourceSharesCommand({ resourceOwner: 'SELF', name: `vpc-peer-${team.transitGatewayId}` }),
      );
      const live = (shares.resourceShares ?? []).filter((s) => s.status !== 'DELETED');
      const arns = live.map((s) => s.resourceShareArn as string);
      const held = async (associationType: 'RESOURCE' | 'PRINCIPAL') =>
        arns.length === 0
          ? []
          : ((
              await ram.send(
                new GetResourceShareAssociationsCommand({ associationType, resourceShareArns: arns }),
              )
            ).resourceShareAssociations?.map((a) => a.associatedEntity) ?? []);
      return {
        arns,
        shares: arns.length,
        resources: await held('RESOURCE'),
        principals: await held('PRINCIPAL'),
      };
    } finally {
      ram.destroy();
    }
  }

  it('requests an attachment, shares the Transit Gateway, accepts from the plan with exactly its routes, reaches ACTIVE, and deletes it with two approvers', async () => {
    await playground.scenario('U0ALICE', 'transit-gateway-active', async (alice) => {
      const { team } = playground.aws;
      const tgw = team.transitGatewayId;
      // The page says what to type: the payments team's account, its Transit Gateway and the CIDR behind it.
      const guide = await alice.guideAws();
      expect(guide).toEqual({
        accountId: PLAYGROUND_TEAM_ACCOUNT_ID,
        vpcId: team.vpcId,
        transitGatewayId: tgw,
        cidr: team.cidr,
      });
      await requestAttachment(alice, guide.accountId, guide.transitGatewayId, guide.cidr);
      const root = await alice.pinned('Transit Gateway attachment');
      await root.locator('.thread-summary').waitFor();
      expect(await seen(root)).toContain(
        `AWS account ${PLAYGROUND_TEAM_ACCOUNT_ID}, eu-west-1, ${tgw} (+ ${team.cidr})`,
      );
      await alice.openThread(root);
      const created = alice.threadMessage(/Aiven created attachment .*state APPROVED/);
      await created.waitFor();
      // Shared with Aiven's account before Aiven was asked (the sandbox's Aiven attaches only then).
      const shared = await botShare();
      expect(shared).toEqual({
        arns: [expect.stringMatching(/^arn:aws:ram:/)],
        shares: 1,
        resources: [`arn:aws:ec2:${team.region}:${team.accountId}:transit-gateway/${tgw}`],
        principals: [SANDBOX_AIVEN_ACCOUNT_ID],
      });
      // The thread says so, naming the share, and that deleting removes it again.
      expect(await seen(created)).toContain(
        `Shared Transit Gateway ${tgw} with Aiven's AWS account ${SANDBOX_AIVEN_ACCOUNT_ID} through RAM (share ${shared.arns[0]}, named vpc-peer-${tgw}); Delete with approval removes it again`,
      );

      // Aiven attaches; the attachment waits for acceptance and the bot posts its plan.
      await alice.advanceClock('+5 s');
      await alice.sandboxShows(`${tgw} · PENDING_PEER`);
      await alice.threadMessage(/Approved\s*→\s*Waiting for AWS/).waitFor();
      const plan = alice.threadMessage('Accept and add routes');
      const planText = await seen(plan);
      const attachment = /Accept the attachment (tgw-attach-[0-9a-f]{17})/.exec(planText)?.[1];
      expect(attachment).toBeDefined();
      const [main, subnet] = await teamRoutes();
      // Before the click: the subnet's table has no route to prod-eu, the main table someone else's.
      expect(main?.target).toMatch(/^igw-/);
      expect(subnet?.target).toBeUndefined();
      expect(planText).toContain(`add ${ORG_CIDR} → ${tgw} in ${subnet?.id}`);
      expect(planText).toContain(
        `conflict: ${ORG_CIDR} in ${main?.id} already goes to ${main?.target}: left alone`,
      );
      expect(planText).toContain('(its defaults): nothing to add');

      await alice.click(plan, 'Accept and add routes');
      const result = await seen(alice.threadMessage('Accept in AWS: done'));
      expect(result).toContain(`Accepted ${attachment}.`);
      expect(result).toContain(`Added ${ORG_CIDR} in ${subnet?.id} → ${tgw}`);
      expect(result).toContain(`Left alone: ${ORG_CIDR} in ${main?.id} goes to ${main?.target}`);
      // In moto, exactly the planned routes: the subnet's table via the tgw-, the main table untouched,
      // no static route on the Transit Gateway (it propagates by default).
      expect(await teamRoutes()).toEqual([main, { ...subnet, target: tgw }]);
      await expect(transitGatewayStaticRoutes()).resolves.toEqual([]);

      // Accepted in AWS: Aiven follows and the thread announces ACTIVE.
      await alice.advanceClock('+5 s');
      await alice.sandboxShows(`${tgw} · ACTIVE`);
      await expect(seen(alice.threadMessage(/Waiting for AWS\s*→\s*Active/))).resolves.toContain(
        `Transit Gateway attachment ${attachment} to ${tgw} is active`,
      );
      await alice.rootShows(root, 'Active');

      // alice asks to delete it; prod-eu needs two approvers (the example policy): carol, then dave.
      await alice.click(root, 'Delete…');
      await alice.modal.getByRole('heading', { name: /Delete a/ }).waitFor();
      await alice.fillModal({ 'Reason (shown to the approvers)': 'hub retired' });
      await alice.submitModal('Ask for approval');
      await alice.modal.waitFor({ state: 'detached' });
      for (const approver of ['Carol', 'Dave']) {
        await alice.actAs(approver);
        await alice.openThread(root);
        await alice.click(alice.threadMessage('Deletion requested'), 'Approve deletion', { confirm: true });
        if (approver === 'Carol') await alice.threadMessage(/1 of 2 approvals/).waitFor();
      }
      // The thread says what vpc-peer removed in AWS: its route and the share it made for Aiven.
      const deleting = await seen(alice.threadMessage('Share with Aiven (RAM)'));
      expect(deleting).toContain(`Aiven is deleting attachment`);
      expect(deleting).toContain(`Removed the route ${ORG_CIDR} → ${tgw} in ${subnet?.id}.`);
      expect(deleting).toContain(
        `Deleted vpc-peer's share ${shared.arns[0]} of ${tgw}: Aiven's AWS account ${SANDBOX_AIVEN_ACCOUNT_ID} was all it shared with.`,
      );
      // In moto: the subnet's route is gone, the main table's still someone else's, the share deleted.
      expect(await teamRoutes()).toEqual([main, subnet]);
      await expect(botShare()).resolves.toEqual({ arns: [], shares: 0, resources: [], principals: [] });

      // Aiven deletes its attachment; the thread and the root say Deleted.
      await alice.advanceClock('+5 s');
      await alice.threadMessage(/→\s*Deleted/).waitFor();
      await alice.rootShows(root, 'Deleted');
      expect(playground.bot.aivenSandbox?.peerings().find((p) => p.peer_vpc === tgw)?.state).toBe('DELETED');
      // The sandbox's Aiven took its attachment off the Transit Gateway.
      await expect(attachmentState(attachment as string)).resolves.toMatch(/^(deleted|deleting|gone)$/);
    });
  }, 240_000);
});

describe('without moto', () => {
  const playground = playgroundInBrowser();

  it('requests a Transit Gateway attachment from the modal and sees it wait for AWS', async () => {
    await playground.scenario('U0BOB', 'transit-gateway', async (ui) => {
      await ui.openCreateModal();
      await ui.fillModal({
        'Aiven organization VPC': ORG_VPC,
        'AWS account ID': '210987654321',
        'AWS VPC ID or Transit Gateway ID': 'tgw-0123456789abcdef0',
      });
      await ui.submitModal('Create peering');
      await expect(seen(ui.fieldError('extra_cidrs'))).resolves.toContain(
        'A Transit Gateway attachment needs the private IPv4 ranges behind the Transit Gateway',
      );
      await ui.fillModal({ 'Extra CIDRs in your VPC (optional)': '10.50.0.0/16' });
      await ui.submitModal('Create peering');
      await ui.modal.waitFor({ state: 'detached' });
      const root = await ui.pinned('Transit Gateway attachment');
      await ui.advanceClock('+5 s');
      await ui.sandboxShows('tgw-0123456789abcdef0 · PENDING_PEER');
      await ui.rootShows(root, 'Waiting for AWS');
    });
  });
});
