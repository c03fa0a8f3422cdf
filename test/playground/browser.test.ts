// The playground in a real browser (headless Chromium from Debian): what someone trying vpc-peer
// after `npm start` sees and does. Scenarios grow with the features (progress, accept, delete).
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { LocalBot } from '../../src/container/local';
import {
  launchChromium,
  PlaygroundPage,
  seen,
  startPlaygroundBot,
  withScreenshotOnFailure,
} from '../support/playground';

/** `npm run screenshot` refreshes the README's picture of the channel. */
const README_SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(__dirname, '..', '..', 'docs', 'playground.png')
  : undefined;

describe('playground in a browser', () => {
  let bot: LocalBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startPlaygroundBot();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('creates a peering through the modal, fixing a bad account id, and shows the message and its thread', async () => {
    const url = bot.playground?.url as string;
    const ui = await PlaygroundPage.open(browser, url, 'U0ALICE');
    await withScreenshotOnFailure(ui, 'create-peering', async () => {
      await ui.type('/vpc');
      expect(await ui.usageHint()).toContain('/vpc-peer [create | help]');

      await ui.send('/vpc-peer');
      await ui.modal.getByLabel('Aiven organization VPC').waitFor();
      await ui.fillModal({
        'Aiven organization VPC': 'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
        'AWS account ID': '1234',
        'AWS VPC region': 'eu-west-1 · Europe (Ireland)',
        'AWS VPC ID': 'vpc-0123456789abcdef0',
      });
      await ui.submitModal('Create peering');
      await expect(seen(ui.fieldError('aws_account_id'))).resolves.toBe(
        'Enter the 12-digit AWS account ID that owns the VPC, e.g. 123456789012.',
      );

      await ui.fillModal({ 'AWS account ID': '210987654321' });
      await ui.submitModal('Create peering');
      await ui.modal.waitFor({ state: 'detached' });

      const root = ui.message('VPC peering');
      await root.locator('.thread-summary').waitFor();
      const rootText = await seen(root);
      expect(rootText).toContain('requested by @alice');
      expect(rootText).toContain('prod-eu (aws-eu-west-1, 10.20.0.0/24)');
      expect(rootText).toContain('AWS account 210987654321, eu-west-1, vpc-0123456789abcdef0');

      await ui.openThread(root);
      await expect(seen(ui.threadMessage('Aiven created peering'))).resolves.toMatch(
        /Aiven created peering `?[0-9a-f-]{36}`?, state APPROVED/,
      );
      if (README_SCREENSHOT) await ui.screenshot(README_SCREENSHOT);
    });
  });
  it('moves the peering with the sandbox controls as AWS would', async () => {
    const ui = await PlaygroundPage.open(browser, bot.playground?.url as string, 'U0ALICE');
    await withScreenshotOnFailure(ui, 'sandbox-controls', async () => {
      const peering = bot.aivenSandbox?.peerings().find((p) => p.peer_vpc === 'vpc-0123456789abcdef0');
      expect(peering).toBeDefined();
      await ui.advanceClock('+5 s');
      await ui.sandboxShows('vpc-0123456789abcdef0 · PENDING_PEER');
      expect(await ui.sandboxPeering()).toBe('prod-eu ⟷ vpc-0123456789abcdef0 · PENDING_PEER');
      await ui.peerSide('Accepted in AWS');
      await ui.sandboxShows('vpc-0123456789abcdef0 · ACTIVE');
      const accepted = bot.aivenSandbox
        ?.peerings()
        .find((p) => p.peering_connection_id === peering?.peering_connection_id);
      expect(accepted?.state).toBe('ACTIVE');
      expect(accepted?.state_info.aws_vpc_peering_connection_id).toMatch(/^pcx-[0-9a-f]{17}$/);
    });
  });

  it('answers /vpc-peer help with usage only the person who asked sees', async () => {
    const url = bot.playground?.url as string;
    const ui = await PlaygroundPage.open(browser, url, 'U0BOB');
    await withScreenshotOnFailure(ui, 'help', async () => {
      await ui.send('/vpc-peer help');
      const usage = ui.message('peers your AWS VPCs');
      await expect(seen(usage)).resolves.toContain('Only visible to you');
      await ui.actAs('Carol');
      await expect(ui.channel.getByText('peers your AWS VPCs').count()).resolves.toBe(0);
    });
  });
});
