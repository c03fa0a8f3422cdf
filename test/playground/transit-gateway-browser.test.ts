// The playground in a real browser: requesting a Transit Gateway attachment in the create modal (the
// missing CIDRs refused under the field), and the attachment reaching PENDING_PEER. Without moto:
// ACTIVE through Aiven's AWS account comes with the AWS side.
import type { Browser } from 'playwright-core';
import type { LocalBot } from '../../src/container/local';
import {
  launchChromium,
  PlaygroundPage,
  seen,
  startPlaygroundBot,
  withScreenshotOnFailure,
} from '../support/playground';

let browser: Browser;
let bot: LocalBot;
beforeAll(async () => {
  browser = await launchChromium();
  bot = await startPlaygroundBot();
});
afterAll(async () => {
  await bot?.stop();
  await browser?.close();
});

it('requests a Transit Gateway attachment from the modal and sees it wait for AWS', async () => {
  const ui = await PlaygroundPage.open(browser, bot.playground?.url as string, 'U0BOB');
  await withScreenshotOnFailure(ui, 'transit-gateway', async () => {
    await ui.send('/vpc-peer');
    await ui.modal.getByLabel('Aiven organization VPC').waitFor();
    await ui.fillModal({
      'Aiven organization VPC': 'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
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
