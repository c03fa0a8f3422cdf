// How the page draws what the bot sends: Block Kit like Slack, mrkdwn without injection, ephemerals
// only for their user, confirm dialogs before a click is sent, and unknown blocks shown, not dropped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalSlack } from '../../src/sandbox/playground/server';
import { emoji, mrkdwnToHtml } from '../../src/sandbox/playground/ui/mrkdwn';
import { BOT, SEED_CHANNELS, SEED_USER_GROUPS, SEED_USERS } from '../../src/sandbox/playground/workspace';
import { playgroundInBrowser, seen } from '../support/playground';

const ROOT = join(__dirname, '..', '..');
const names = { users: SEED_USERS, channels: SEED_CHANNELS, userGroups: SEED_USER_GROUPS };

describe('mrkdwn', () => {
  it('formats Slack mrkdwn and escapes everything else', () => {
    expect(
      mrkdwnToHtml(
        '*bold* _it_ ~gone~ `x<y` :white_check_mark: <@U0CAROL> <#C0DATA> <!subteam^S0APPROVERS>',
        names,
      ),
    ).toBe(
      '<b>bold</b> <i>it</i> <s>gone</s> <code>x&lt;y</code> ✅ <span class="mention">@carol</span> <span class="mention">#data-eng</span> <span class="mention">@approvers</span>',
    );
    expect(mrkdwnToHtml('<https://aiven.io|Aiven> and <javascript:alert(1)|x>', names)).toBe(
      '<a href="https://aiven.io" target="_blank" rel="noopener noreferrer">Aiven</a> and &lt;javascript:alert(1)|x&gt;',
    );
    expect(mrkdwnToHtml('&lt;script&gt; "<img src=x onerror=1>"\n```a *b*```', names)).toBe(
      '&lt;script&gt; &quot;&lt;img src=x onerror=1&gt;&quot;<br><pre>a *b*</pre>',
    );
  });
  it('knows every emoji shortcode the bot writes', () => {
    const sources = ['src/slack', 'src/peering'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(ROOT, dir, f), 'utf8')),
    );
    // A shortcode starts a string or follows a space, and a space follows it (unlike `arn:aws:iam:`).
    const shortcode = /(?<=['"`\s]):([a-z_]+):(?=\s)/g;
    const used = new Set(sources.flatMap((text) => [...text.matchAll(shortcode)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => emoji(name as string) === undefined)).toEqual([]);
  });
  it('shows <!date^…> as a date, never as a mention, and its fallback when the epoch is bad', () => {
    expect(mrkdwnToHtml('by <@U0CAROL> <!date^1764115200^{date_num}|2025-11-26T00:00:00Z>', names)).toBe(
      'by <span class="mention">@carol</span> <time datetime="2025-11-26T00:00:00.000Z">2025-11-26</time>',
    );
    expect(mrkdwnToHtml('<!date^soon^{date_num}|later>', names)).toBe('later');
  });
});

describe('Block Kit in the page', () => {
  const playground = playgroundInBrowser();

  it('draws blocks and elements, asks to confirm before a click goes out, and shows what it does not know', async () => {
    const slack = playground.bot.playground?.slack as LocalSlack;
    const confirm = {
      title: { type: 'plain_text', text: 'Delete this peering?' },
      text: { type: 'mrkdwn', text: 'The route in AWS stays.' },
      confirm: { type: 'plain_text', text: 'Delete' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    };
    slack.workspace.post({
      channel: 'C0DATA',
      user: BOT.userId,
      bot_id: BOT.botId,
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Peering prod-eu' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*State* ACTIVE for <@U0ALICE>' },
          fields: [{ type: 'mrkdwn', text: '*Account*\n210987654321' }],
          accessory: {
            type: 'overflow',
            action_id: 'more',
            options: [{ text: { type: 'plain_text', text: 'Details' }, value: 'details' }],
          },
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'request req-1' }] },
        {
          type: 'actions',
          block_id: 'decide',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              style: 'primary',
              value: 'req-1',
              text: { type: 'plain_text', text: 'Approve' },
            },
            {
              type: 'button',
              action_id: 'delete',
              style: 'danger',
              value: 'req-1',
              text: { type: 'plain_text', text: 'Delete' },
              confirm,
            },
            { type: 'datepicker', action_id: 'when' },
          ],
        },
        { type: 'rich_text', elements: [] },
      ],
    });
    slack.workspace.post({
      channel: 'C0DATA',
      user: BOT.userId,
      text: 'Only for alice',
      ephemeralFor: 'U0ALICE',
    });

    await playground.scenario('U0ALICE', 'block-kit', async (ui) => {
      await ui.page.getByRole('button', { name: '# data-eng' }).click();
      const message = ui.message('Peering prod-eu');
      await expect(seen(message.locator('.bk-header'))).resolves.toBe('Peering prod-eu');
      await expect(message.locator('.bk-section b').first().textContent()).resolves.toBe('State');
      await expect(seen(message.locator('.mention'))).resolves.toBe('@alice');
      await expect(seen(message.locator('.bk-field'))).resolves.toBe('Account\n210987654321');
      await expect(message.locator('.bk-button.primary').getAttribute('data-action-id')).resolves.toBe(
        'approve',
      );
      await expect(message.locator('.bk-button.danger').getAttribute('data-action-id')).resolves.toBe(
        'delete',
      );
      await expect(message.locator('.unsupported').allTextContents()).resolves.toEqual([
        'unsupported element: datepicker',
        'unsupported block: rich_text',
      ]);
      await expect(seen(ui.message('Only for alice'))).resolves.toContain('Only visible to you');

      // The confirm dialog comes first; "Keep it" sends nothing.
      await message.getByRole('button', { name: 'Delete' }).click();
      const dialog = ui.page.getByRole('alertdialog', { name: 'Delete this peering?' });
      await expect(seen(dialog)).resolves.toContain('The route in AWS stays.');
      const before = slack.calls.length;
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(slack.calls.length).toBe(before);

      await ui.actAs('Bob');
      await ui.page.getByRole('button', { name: '# data-eng' }).click();
      await ui.message('Peering prod-eu').waitFor();
      await expect(ui.channel.getByText('Only for alice').count()).resolves.toBe(0);
    });
  });
});
