// The whole bot as `npm start` runs it without a Slack app (playground, Aiven sandbox), driven in
// headless Chromium from Debian through playwright-core. Steps read like what a person does, so later
// features add steps here and scenarios in test/playground/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { parseConfig } from '../../src/config';
import { type LocalBot, startLocalBot } from '../../src/container/local';
import {
  type PlaygroundAws,
  playgroundAwsOptions,
  startPlaygroundAws,
  withAccepterRole,
} from '../../src/container/playground-aws';
import { makeConfigLoader } from '../../src/container/settings';
import { makeLogger } from '../../src/logger';
import { awsClientConfig } from './aws';
import { newAccountId } from './aws-accounts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results');

/** Set as DATABASE_PATH: the playground must not write there. */
export const PLAYGROUND_DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'vpc-peer-pg-')), 'bot.db');

/**
 * The bot exactly as `npm start` builds it with no settings, on free loopback ports; with `aws`, as
 * it does when python3 has moto (the team account seeded there, the accepter role set).
 */
export async function startPlaygroundBot(
  options: { aws?: PlaygroundAws; policy?: boolean } = {},
): Promise<LocalBot> {
  // `policy`: the example policy `npm start` loads by default (alice payments, bob data).
  const env = { DATABASE_PATH: PLAYGROUND_DATABASE_PATH };
  const parsed = options.policy ? await makeConfigLoader(env, 'local')() : parseConfig(env, 'local');
  const config = options.aws ? withAccepterRole(parsed) : parsed;
  const logger = makeLogger({ level: 'silent', secrets: () => [] });
  return startLocalBot({
    config,
    logger,
    port: 0,
    playgroundPort: 0,
    ...(options.aws ? playgroundAwsOptions(options.aws) : {}),
  });
}

/**
 * The playground's AWS on the run's moto (global setup), in an account no other test uses unless one
 * is given (the example policy's payments account is the one `npm start` seeds).
 */
export async function playgroundAwsOnMoto(accountId = newAccountId()): Promise<PlaygroundAws> {
  const aws = await startPlaygroundAws({ endpoint: awsClientConfig().endpoint, accountId });
  if ('unavailable' in aws) throw new Error(aws.unavailable);
  return aws;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The text a person sees (layout-aware, unlike textContent). */
export function seen(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is what the user sees, not a DOM read
  return locator.innerText();
}

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string, as = 'U0ALICE'): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    // Well inside the test's own timeout, so a step that never happens fails with its screenshot.
    page.setDefaultTimeout(20_000);
    await page.goto(`${url}?as=${as}`);
    await page.getByRole('heading', { name: '# platform' }).waitFor();
    return new PlaygroundPage(page);
  }

  get modal(): Locator {
    return this.page.getByRole('dialog');
  }
  get channel(): Locator {
    return this.page.getByRole('region', { name: 'Messages' });
  }
  get thread(): Locator {
    return this.page.getByRole('complementary', { name: 'Thread' });
  }

  /** Types into the channel's message box without sending. */
  async type(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Message' }).fill(text);
  }
  async usageHint(): Promise<string> {
    return (await seen(this.page.locator('.command-hint'))).replace(/\s+/g, ' ');
  }
  async send(text: string): Promise<void> {
    await this.type(text);
    await this.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  }
  async actAs(name: RegExp | string): Promise<void> {
    const switcher = this.page.getByRole('combobox', { name: 'Acting as' });
    const options = await switcher.locator('option').allInnerTexts();
    const label = options.find((o) => (typeof name === 'string' ? o.includes(name) : name.test(o)));
    if (!label) throw new Error(`no user ${String(name)} among ${options.join(', ')}`);
    const value = await switcher.locator('option', { hasText: label }).getAttribute('value');
    await switcher.selectOption({ label });
    // The page shows the new user's view once the server has answered for them.
    await this.page.locator(`.app[data-me="${value}"]`).waitFor();
  }

  /** `/vpc-peer` in the channel, and the create modal open with its org VPCs loaded. */
  async openCreateModal(): Promise<void> {
    await this.send('/vpc-peer');
    await this.modal.getByLabel('Aiven organization VPC').waitFor();
  }

  /** Fills the open modal: labels to values (a select takes its option's visible text). */
  async fillModal(fields: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(fields)) {
      const field = this.modal.getByLabel(label);
      const tag = await field.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await field.selectOption({ label: value });
      else await field.fill(value);
    }
  }
  async submitModal(button: string): Promise<void> {
    await this.modal.getByRole('button', { name: button }).click();
  }
  fieldError(blockId: string): Locator {
    return this.modal.locator(`[data-block-id="${blockId}"] .field-error`);
  }

  /** The newest channel message that contains `text`. */
  message(text: string | RegExp): Locator {
    return this.channel.locator('.message').filter({ hasText: text }).last();
  }
  /** The channel message `text` finds now, pinned by its ts (later messages cannot take its place). */
  async pinned(text: string | RegExp): Promise<Locator> {
    const found = this.message(text);
    await found.waitFor();
    const ts = await found.getAttribute('data-ts');
    return this.channel.locator(`.message[data-ts="${ts}"]`);
  }
  async openThread(of: Locator): Promise<void> {
    await of.locator('.thread-summary').click();
    await this.thread.waitFor();
  }
  /** The newest reply in the open thread that contains `text` (wait for it with `.waitFor()`). */
  threadMessage(text: string | RegExp): Locator {
    return this.thread.locator('.message').filter({ hasText: text }).last();
  }
  /** Clicks a message button; confirms its dialog when it has one. */
  async click(where: Locator, button: string, options: { confirm?: boolean } = {}): Promise<void> {
    await where.getByRole('button', { name: button }).click();
    if (options.confirm) await this.page.getByRole('alertdialog').getByRole('button').last().click();
  }

  /** Sandbox controls: what AWS would report for the newest (or the chosen) peering. */
  async peerSide(what: 'Accepted in AWS' | 'Rejected by peer' | 'Deleted by peer'): Promise<void> {
    await this.page
      .getByRole('region', { name: 'Aiven sandbox' })
      .getByRole('button', { name: what })
      .click();
  }
  /** Sandbox controls: replace the chosen peering's extra CIDRs in Aiven, as the Console would. */
  async changeExtraCidrs(cidrs: string): Promise<void> {
    const panel = this.page.getByRole('region', { name: 'Aiven sandbox' });
    const details = panel.locator('details', { hasText: 'Extra CIDRs changed outside the bot' });
    if (!(await details.evaluate((el) => (el as unknown as { open: boolean }).open)))
      await details.locator('summary').click();
    await details.getByRole('textbox', { name: 'Outside extra CIDRs' }).fill(cidrs);
    await details.getByRole('button', { name: 'Change as in the Aiven Console' }).click();
  }
  /** The page's notice of a problem (e.g. a sandbox control refused what was typed). */
  get toast(): Locator {
    return this.page.locator('.toast');
  }
  /** The peering chosen in the sandbox controls, as its option reads (org VPC ⟷ AWS VPC · state). */
  async sandboxPeering(): Promise<string> {
    const select = this.page.getByRole('combobox', { name: 'Sandbox peering' });
    return select.evaluate(
      (el) => (el as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text ?? '',
    );
  }
  /** Waits until the sandbox controls list a peering reading `text`, e.g. `vpc-0123… · ACTIVE`. */
  async sandboxShows(text: string): Promise<void> {
    await this.page
      .getByRole('combobox', { name: 'Sandbox peering' })
      .locator('option', { hasText: text })
      .first()
      .waitFor({ state: 'attached' });
  }
  async advanceClock(label: '+5 s' | '+30 s' | '+5 min' | '+1 h'): Promise<void> {
    await this.page
      .getByRole('region', { name: 'Aiven sandbox' })
      .getByRole('button', { name: label, exact: true })
      .click();
  }

  /** The "Try it" box: the team's AWS account and VPC in moto, its Transit Gateway and CIDR. */
  async guideAws(): Promise<{ accountId: string; vpcId: string; transitGatewayId: string; cidr: string }> {
    const codes = await this.guide.locator('code').allInnerTexts();
    const [accountId = '', vpcId = '', transitGatewayId = '', cidr = ''] = codes;
    return { accountId, vpcId, transitGatewayId, cidr };
  }
  async guideApprovers(): Promise<string> {
    return seen(this.guide.locator('strong'));
  }
  guideText(): Promise<string> {
    return seen(this.guide);
  }
  get guide(): Locator {
    return this.page.getByRole('region', { name: 'Try it' });
  }
  /** Waits until the root message shows the peering in `state` (its label, e.g. `Active`). */
  async rootShows(root: Locator, state: string): Promise<void> {
    await root.filter({ hasText: `· ${state}` }).waitFor();
  }

  async screenshot(path: string): Promise<void> {
    mkdirSync(join(path, '..'), { recursive: true });
    await this.page.screenshot({ path });
  }
}

/** Runs a scenario; on failure keeps a screenshot in test-results/ to see what the user saw. */
export async function withScreenshotOnFailure(
  page: PlaygroundPage,
  name: string,
  scenario: () => Promise<void>,
) {
  try {
    await scenario();
  } catch (error) {
    await page.screenshot(join(SCREENSHOTS, `${name}.png`)).catch(() => undefined);
    throw error;
  }
}

export interface PlaygroundInBrowser {
  readonly bot: LocalBot;
  /** The playground's AWS in moto; only when started with `aws`. */
  readonly aws: PlaygroundAws;
  /** A new page of the playground, acting as `as`. */
  open(as: string): Promise<PlaygroundPage>;
  /** Opens a page as `as` and runs the scenario in it; on failure keeps test-results/<name>.png. */
  scenario(as: string, name: string, run: (ui: PlaygroundPage) => Promise<void>): Promise<void>;
}

/**
 * Chromium and the playground bot for the tests of a file (or describe block): started before them,
 * stopped after. `aws`: as `npm start` runs with moto (an account of its own, or the one given);
 * `policy`: with the example policy `npm start` loads.
 */
export function playgroundInBrowser(
  options: { aws?: true | { accountId: string }; policy?: boolean } = {},
): PlaygroundInBrowser {
  let browser: Browser | undefined;
  let bot: LocalBot | undefined;
  let aws: PlaygroundAws | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    if (options.aws)
      aws = await playgroundAwsOnMoto(options.aws === true ? undefined : options.aws.accountId);
    bot = await startPlaygroundBot({
      ...(aws ? { aws } : {}),
      ...(options.policy ? { policy: true } : {}),
    });
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    await aws?.stop();
    await browser?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the playground has no ${what} (see playgroundInBrowser)`);
    return value;
  };
  const session: PlaygroundInBrowser = {
    get bot() {
      return started(bot, 'bot');
    },
    get aws() {
      return started(aws, 'AWS');
    },
    open: (as) => PlaygroundPage.open(started(browser, 'browser'), session.bot.playground?.url as string, as),
    async scenario(as, name, run) {
      const ui = await session.open(as);
      await withScreenshotOnFailure(ui, name, () => run(ui));
    },
  };
  return session;
}
