// The page's modals and App Home against a recording Bolt app: what a person types arrives in
// view.state with Slack's shapes, options come from the app as they type, Home buttons open modals.
import type { Browser } from 'playwright-core';
import { type Playground, startPlayground } from '../../src/sandbox/playground';
import { launchChromium, PlaygroundPage, seen, withScreenshotOnFailure } from '../support/playground';
import { startRecordingApp, TOKEN } from '../support/recording-app';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const input = (
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  element: { action_id: blockId, ...element },
  ...extra,
});

const FORM = {
  type: 'modal',
  callback_id: 'form',
  title: plain('Every input'),
  submit: plain('Send'),
  blocks: [
    input(
      'reason',
      'Reason',
      { type: 'plain_text_input', multiline: true },
      { hint: plain('Why, in a sentence') },
    ),
    input('email', 'Email', { type: 'email_text_input' }, { optional: true }),
    input('size', 'Size', { type: 'static_select', options: [option('Small', 's'), option('Large', 'l')] }),
    input('vpc', 'VPC', { type: 'external_select', min_query_length: 1 }),
    input('approver', 'Approver', { type: 'users_select' }),
    input('where', 'Channel', { type: 'channels_select' }),
    input('checks', 'Checks', {
      type: 'checkboxes',
      options: [option('Routes', 'routes'), option('DNS', 'dns')],
    }),
    input('mode', 'Mode', {
      type: 'radio_buttons',
      options: [option('Now', 'now'), option('Later', 'later')],
    }),
    input('when', 'When', { type: 'datepicker' }),
    input('watchers', 'Watchers', { type: 'multi_users_select' }),
  ],
};

describe('playground modals and App Home in a browser', () => {
  let playground: Playground;
  let recording: Awaited<ReturnType<typeof startRecordingApp>>;
  let browser: Browser;
  beforeAll(async () => {
    playground = await startPlayground({
      port: 0,
      botToken: TOKEN,
      sandbox: undefined,
      approvers: [],
      aws: { manual: 'no AWS' },
    });
    recording = await startRecordingApp(playground.slack);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await recording?.app.stop();
    await playground?.close();
  });

  it('sends what was typed in every input as view.state, with Slack shapes', async () => {
    recording.answers.modal = FORM;
    const ui = await PlaygroundPage.open(browser, playground.url, 'U0BOB');
    await withScreenshotOnFailure(ui, 'modal-inputs', async () => {
      expect(await ui.page.getByRole('region', { name: 'Aiven sandbox' }).count()).toBe(0);
      await ui.send('/vpc-peer');
      await expect(seen(ui.modal.locator('[data-block-id="reason"] .hint'))).resolves.toBe(
        'Why, in a sentence',
      );
      await expect(seen(ui.modal.locator('[data-block-id="email"] label'))).resolves.toBe('Email (optional)');
      await ui.fillModal({
        Reason: 'line one\nline two',
        Size: 'Large',
        Approver: 'Carol Nguyen (@carol)',
        Channel: '# data-eng',
      });
      await ui.modal.locator('[data-action-id="vpc"]').fill('prod');
      await ui.modal.getByRole('button', { name: 'vpc for prod' }).click();
      await ui.modal.getByLabel('DNS').check();
      await ui.modal.getByLabel('Later').check();
      await ui.modal.locator('#input-when').fill('2026-12-01');
      await ui.modal.locator('#input-watchers').selectOption(['U0ALICE', 'U0DAVE']);
      await ui.submitModal('Send');
      await ui.modal.waitFor({ state: 'detached' });
    });
    const submitted = recording.received.filter((r) => r.kind === 'view_submission').at(-1)?.body as {
      view: { state: { values: unknown } };
      user: { id: string };
    };
    expect(submitted.user.id).toBe('U0BOB');
    expect(submitted.view.state.values).toEqual({
      reason: { reason: { type: 'plain_text_input', value: 'line one\nline two' } },
      email: { email: { type: 'email_text_input', value: null } },
      size: { size: { type: 'static_select', selected_option: option('Large', 'l') } },
      vpc: { vpc: { type: 'external_select', selected_option: option('vpc for prod', 'vpc-1') } },
      approver: { approver: { type: 'users_select', selected_user: 'U0CAROL' } },
      where: { where: { type: 'channels_select', selected_channel: 'C0DATA' } },
      checks: { checks: { type: 'checkboxes', selected_options: [option('DNS', 'dns')] } },
      mode: { mode: { type: 'radio_buttons', selected_option: option('Later', 'later') } },
      when: { when: { type: 'datepicker', selected_date: '2026-12-01' } },
      watchers: { watchers: { type: 'multi_users_select', selected_users: ['U0ALICE', 'U0DAVE'] } },
    });
  });

  it('opens App Home (app_home_opened), and a Home button opens a modal with its trigger_id', async () => {
    recording.answers.home = [
      { type: 'header', text: plain('Your peerings') },
      {
        type: 'actions',
        block_id: 'home',
        elements: [{ type: 'button', action_id: 'details', text: plain('Details') }],
      },
    ];
    const ui = await PlaygroundPage.open(browser, playground.url, 'U0DAVE');
    await withScreenshotOnFailure(ui, 'app-home', async () => {
      await ui.page.getByRole('button', { name: 'vpc-peer · Home' }).click();
      await ui.page.locator('.home .bk-header', { hasText: 'Your peerings' }).waitFor();
      await ui.page.locator('.home').getByRole('button', { name: 'Details' }).click();
      await ui.page.getByRole('dialog', { name: 'Details' }).waitFor();
    });
    const click = recording.received.filter((r) => r.kind === 'block_actions').at(-1)?.body;
    expect(click).toMatchObject({
      user: { id: 'U0DAVE' },
      container: { type: 'view' },
      view: { type: 'home' },
      actions: [{ action_id: 'details', block_id: 'home' }],
    });
    expect(click?.response_url).toBeUndefined();
  });
});
