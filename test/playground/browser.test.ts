// The playground in a real browser (headless Chromium from Debian): what someone trying vpc-peer
// after `npm start` sees and does. With moto (as `npm start` runs it when python3 has moto) the whole
// flow: create, progress, the plan and "Accept and add routes", ACTIVE, delete with approval, DELETED.
// Without moto: the manual path and the sandbox controls.
import { join } from 'node:path';
import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import type { Locator } from 'playwright-core';
import type { PlaygroundAws } from '../../src/container/playground-aws';
import { usageHint } from '../../src/slack/subcommands';
import { ec2ForAccount } from '../support/aws-accounts';
import { type PlaygroundPage, playgroundInBrowser, seen } from '../support/playground';

/** `npm run screenshot` refreshes the README's picture of the channel. */
const README_SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(__dirname, '..', '..', 'docs', 'playground.png')
  : undefined;

/** Opens the modal and creates a peering, fixing the account id the first submit refuses. */
async function createPeering(ui: PlaygroundPage, account: string, vpc: string): Promise<void> {
  await ui.type('/vpc');
  // manifest.yml's hint (test/slack/subcommands.test.ts keeps the table and the manifest equal).
  expect(await ui.usageHint()).toContain(`/vpc-peer ${usageHint()}`);
  await ui.openCreateModal();
  await ui.fillModal({
    'Aiven organization VPC': 'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
    'AWS account ID': '1234',
    'AWS VPC region': 'eu-west-1 · Europe (Ireland)',
    'AWS VPC ID': vpc,
  });
  await ui.submitModal('Create peering');
  await expect(seen(ui.fieldError('aws_account_id'))).resolves.toBe(
    'Enter the 12-digit AWS account ID that owns the VPC, e.g. 123456789012.',
  );
  await ui.fillModal({ 'AWS account ID': account });
  await ui.submitModal('Create peering');
  await ui.modal.waitFor({ state: 'detached' });
}

/** Where each of the team VPC's route tables sends the org VPC's CIDR (undefined: no route). */
async function routesToOrgVpc(aws: PlaygroundAws): Promise<(string | undefined)[]> {
  const ec2 = await ec2ForAccount(aws.team.accountId);
  try {
    const out = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [aws.team.vpcId] }] }),
    );
    return (out.RouteTables ?? []).map(
      (t) => t.Routes?.find((r) => r.DestinationCidrBlock === '10.20.0.0/24')?.VpcPeeringConnectionId,
    );
  } finally {
    ec2.destroy();
  }
}

describe('playground in a browser, with moto', () => {
  const playground = playgroundInBrowser({ aws: true });

  it('creates a peering, accepts it in AWS from the thread, and deletes it with a second person approving', async () => {
    await playground.scenario('U0ALICE', 'whole-flow', async (alice) => {
      const { aws, bot } = playground;
      // The page says what to type and who approves.
      const { accountId, vpcId } = await alice.guideAws();
      expect(accountId).toBe(aws.team.accountId);
      expect(vpcId).toBe(aws.team.vpcId);
      expect(await alice.guideApprovers()).toBe('@approvers (carol, dave)');

      await createPeering(alice, accountId, vpcId);
      const root = await alice.pinned('VPC peering');
      await root.locator('.thread-summary').waitFor();
      const rootText = await seen(root);
      expect(rootText).toContain('requested by @alice');
      expect(rootText).toContain(`AWS account ${accountId}, eu-west-1, ${vpcId}`);
      await alice.openThread(root);
      await alice.threadMessage(/Aiven created peering .*state APPROVED/).waitFor();

      // Aiven's next step: it requests the peering in the team's account (moto); the bot sees it at
      // once and posts its plan.
      await alice.advanceClock('+5 s');
      await alice.threadMessage(/Approved\s*→\s*Waiting for AWS/).waitFor();
      const plan = alice.threadMessage('Accept and add routes');
      await expect(seen(plan)).resolves.toMatch(/Accept the peering request pcx-[0-9a-f]{17}/);
      const pcx = (await seen(plan)).match(/pcx-[0-9a-f]{17}/)?.[0];
      await alice.click(plan, 'Accept and add routes');
      const result = alice.threadMessage(/Accepted pcx-/);
      await expect(seen(result)).resolves.toContain('Added 10.20.0.0/24');
      // The main table already routed 10.20.0.0/24 elsewhere (the playground seeds that conflict):
      // left alone until someone asks to replace it.
      await expect(seen(result)).resolves.toContain('Left alone: 10.20.0.0/24');
      expect((await routesToOrgVpc(aws)).filter((target) => target === pcx)).toHaveLength(1);
      await alice.click(result, 'Replace conflicting routes', { confirm: true });
      await alice.threadMessage(/Replaced 10\.20\.0\.0\/24/).waitFor();
      // The subnet's table and the main one, in moto.
      await expect(routesToOrgVpc(aws)).resolves.toEqual([pcx, pcx]);

      // AWS now says active; Aiven follows, and the thread reaches ACTIVE (the fast watch, or at once
      // with the clock button).
      await alice.advanceClock('+5 s');
      await alice.threadMessage(/Waiting for AWS\s*→\s*Active/).waitFor();
      await alice.rootShows(root, 'Active');
      if (README_SCREENSHOT) await alice.screenshot(README_SCREENSHOT);

      // alice asks for the deletion from the root message; carol approves it.
      await alice.click(root, 'Delete…');
      await alice.modal.getByRole('heading', { name: 'Delete a peering' }).waitFor();
      await alice.fillModal({ 'Reason (shown to the approvers)': 'moving to Transit Gateway' });
      await alice.submitModal('Ask for approval');
      await alice.modal.waitFor({ state: 'detached' });
      await expect(seen(alice.threadMessage('Deletion requested'))).resolves.toContain(
        'moving to Transit Gateway',
      );
      // alice asked, so her click on the channel's copy is refused there (not out of sight in the
      // thread), naming who may approve.
      await alice.click(alice.message('Deletion requested'), 'Approve deletion', { confirm: true });
      const refusal = alice.message('You asked for this deletion');
      await expect(seen(refusal)).resolves.toContain('@approvers: @carol, @dave');
      await expect(seen(refusal)).resolves.toContain('Only visible to you');

      await alice.actAs('Carol');
      await alice.openThread(root);
      await alice.click(alice.threadMessage('Deletion requested'), 'Approve deletion', { confirm: true });
      await alice.threadMessage('Aiven is deleting peering').waitFor();
      await alice.advanceClock('+5 s');
      await alice.threadMessage(/→\s*Deleted/).waitFor();
      // vpc-peer removed the routes it added: neither the thread nor the root asks anyone to.
      const deleted = await seen(alice.threadMessage(/→\s*Deleted/));
      expect(deleted).toContain('(DELETING → DELETED)');
      expect(deleted).toContain('vpc-peer removed the 2 routes it had added for it');
      await alice.rootShows(root, 'Deleted');
      expect(await seen(root)).not.toMatch(/Remove the routes|remove its routes/);
      expect(bot.aivenSandbox?.peerings().find((p) => p.peer_vpc === vpcId)?.state).toBe('DELETED');
      await bot.idle();
      await expect(routesToOrgVpc(aws)).resolves.toEqual([undefined, undefined]);
    });
  }, 120_000);
});

describe('playground in a browser, without moto', () => {
  const playground = playgroundInBrowser();

  it('shows the manual steps, and moves the thread with the sandbox controls as AWS would', async () => {
    await playground.scenario('U0BOB', 'manual-path', async (ui) => {
      await expect(ui.guideText()).resolves.toContain('manual steps');
      await createPeering(ui, '210987654321', 'vpc-0123456789abcdef0');
      const root = await ui.pinned('VPC peering');
      await root.locator('.thread-summary').waitFor();
      await ui.openThread(root);

      await ui.advanceClock('+5 s');
      await ui.sandboxShows('vpc-0123456789abcdef0 · PENDING_PEER');
      await expect(seen(ui.threadMessage(/→\s*Waiting for AWS/))).resolves.toContain(
        'aws ec2 accept-vpc-peering-connection',
      );
      await ui.peerSide('Accepted in AWS');
      await ui.sandboxShows('vpc-0123456789abcdef0 · ACTIVE');
      await ui.threadMessage(/Waiting for AWS\s*→\s*Active/).waitFor();

      // Someone changes the extra CIDRs in the Aiven Console: a public range is refused in plain words,
      // a private one reaches Aiven and the bot tells the thread.
      await ui.changeExtraCidrs('8.8.8.0/24');
      await expect(seen(ui.toast)).resolves.toContain(
        '"8.8.8.0/24" is not a private IPv4 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16).',
      );
      await ui.changeExtraCidrs('10.50.0.0/16, 192.168.4.0/24');
      await expect(
        seen(ui.threadMessage(/changed outside vpc-peer \(Aiven Console, API or Terraform\)/)),
      ).resolves.toContain('none → 10.50.0.0/16, 192.168.4.0/24 (+ 10.50.0.0/16, + 192.168.4.0/24)');
    });
  });

  it('scrolls the channel to answers, keeps every link and request on loopback, and requests from Home', async () => {
    await playground.scenario('U0ALICE', 'scroll-and-links', async (ui) => {
      const page = ui.page;
      const requests: string[] = [];
      const failures: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('response', (response) => {
        if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
      });
      // A short window, so the channel overflows and an answer could land below the fold.
      await page.setViewportSize({ width: 1366, height: 520 });
      await page.reload();
      await page.getByRole('heading', { name: '# platform' }).waitFor();
      const vpc = 'vpc-0a1b2c3d4e5f60718';
      await createPeering(ui, '210987654321', vpc);
      await (await ui.pinned('VPC peering')).locator('.thread-summary').waitFor();
      for (const n of [1, 2, 3, 4, 5, 6]) await ui.send(`note ${n}: checking the peering`);
      await ui.message('note 6').waitFor();

      /** Whether the top of `message` shows inside the channel's scrolled box. */
      const inView = (message: Locator) =>
        message.evaluate((el) => {
          const box = (el.closest('.messages') as typeof el).getBoundingClientRect();
          const top = el.getBoundingClientRect().top;
          return top >= box.top - 1 && top < box.bottom;
        });
      const scrolled = () => ui.channel.evaluate((el) => el.scrollHeight > el.clientHeight);

      await ui.send('/vpc-peer list');
      const list = ui.message('Only visible to you').filter({ hasText: 'prod-eu' });
      await list.waitFor();
      expect(await scrolled()).toBe(true);
      await expect(inView(list)).resolves.toBe(true);

      // Its thread links open the thread in the page.
      await list.getByRole('link', { name: 'thread' }).first().click();
      await ui.thread.waitFor();
      await expect(seen(ui.thread)).resolves.toContain('VPC peering requested by');
      expect(new URL(page.url()).hostname).toBe('127.0.0.1');

      await ui.send(`/vpc-peer status ${vpc}`);
      const status = ui.message('Open its thread');
      await status.waitFor();
      await expect(inView(status)).resolves.toBe(true);
      await status.getByRole('link', { name: 'Open its thread' }).click();
      await ui.thread.filter({ hasText: vpc }).waitFor();

      // Home: its links stay in the page too, and its button opens the create modal.
      await page.getByRole('button', { name: 'vpc-peer · Home' }).click();
      await page.locator('.home').getByRole('button', { name: 'Request a peering' }).waitFor();
      const links = await page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      const homeLinks = await page.locator('.home a[href]').count();
      expect(homeLinks).toBeGreaterThan(0);
      for (const href of links) expect(new URL(href).hostname).toBe('127.0.0.1');
      await page.locator('.home').getByRole('button', { name: 'Request a peering' }).click();
      await ui.modal.getByLabel('Post the request in').waitFor();
      await ui.fillModal({
        'Post the request in': '# data-eng',
        'Aiven organization VPC': 'staging-us · aws-us-east-1 · 10.30.0.0/24',
        'AWS account ID': '210987654321',
        'AWS VPC ID': 'vpc-0a1b2c3d4e5f60719',
      });
      await expect(seen(ui.modal.locator('[data-block-id="extra_cidrs"] label'))).resolves.toBe(
        'Extra CIDRs in your VPC (optional)',
      );
      await ui.submitModal('Create peering');
      await ui.modal.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: '# data-eng' }).click();
      await ui.message('vpc-0a1b2c3d4e5f60719').waitFor();

      // Nothing but loopback was asked for, and nothing was missing (no favicon 404).
      for (const url of requests) expect(new URL(url).hostname).toMatch(/^(127\.0\.0\.1|)$/);
      expect(failures).toEqual([]);
    });
  }, 90_000);

  it('answers /vpc-peer help with usage only the person who asked sees', async () => {
    await playground.scenario('U0BOB', 'help', async (ui) => {
      await ui.send('/vpc-peer help');
      const usage = ui.message('peers your AWS VPCs');
      await expect(seen(usage)).resolves.toContain('Only visible to you');
      await ui.actAs('Carol');
      await expect(ui.channel.getByText('peers your AWS VPCs').count()).resolves.toBe(0);
    });
  });
});
