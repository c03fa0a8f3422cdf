// In the playground, `/vpc-peer delete <id>` for a peering made outside the bot a moment ago (the
// sandbox's "Peering created outside the bot") finds it in Aiven and its private Delete… button
// opens the deletion form, as in Slack.
import type { LocalBot } from '../../src/container/local';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { makeSandboxControls } from '../../src/sandbox/playground/sandbox-controls';
import { startPlaygroundBot } from '../support/playground';

describe('delete by id in the playground', () => {
  let bot: LocalBot;
  beforeAll(async () => {
    bot = await startPlaygroundBot();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('answers privately with a Delete… button that opens the form with the peering chosen', async () => {
    const playground = bot.playground;
    const sandbox = bot.aivenSandbox;
    if (!playground || !sandbox) throw new Error('no playground');
    const { slack } = playground;
    await bot.reconcile();
    const before = new Set(sandbox.peerings().map((p) => p.peering_connection_id));
    const controls = makeSandboxControls(sandbox);
    await expect(
      controls.createOutsideBot({
        orgVpcId: SEED_IDS.prodEu,
        peerAccount: '456789012345',
        peerVpc: 'vpc-0aa11bb22cc33dd44',
      }),
    ).resolves.toEqual({ ok: true });
    const made = sandbox.peerings().find((p) => !before.has(p.peering_connection_id));
    if (!made) throw new Error('the sandbox made no peering');
    const id = made.peering_connection_id;

    await expect(
      slack.interactions.command('U0ALICE', 'C0PLATFORM', `/vpc-peer delete ${id}`),
    ).resolves.toEqual(expect.objectContaining({ ok: true }));
    await bot.idle();
    const found = slack.workspace
      .visibleTo('U0ALICE', 'C0PLATFORM')
      .find((m) => m.text.includes(`Found ${id} in Aiven`));
    if (!found) throw new Error('no private answer with the peering');
    expect(found.ephemeralFor).toBe('U0ALICE');
    // Only alice sees it.
    expect(slack.workspace.visibleTo('U0BOB', 'C0PLATFORM').some((m) => m.ts === found.ts)).toBe(false);

    const clicked = await slack.interactions.blockAction(
      'U0ALICE',
      { type: 'message', channel: 'C0PLATFORM', ts: found.ts },
      'found_peering',
      {
        type: 'button',
        action_id: 'peering_delete',
        value: `aiven-${id}`,
        text: { type: 'plain_text', text: 'Delete…' },
      },
    );
    expect(clicked).toEqual(expect.objectContaining({ ok: true }));
    const form = slack.views.find('V00000001')?.view;
    expect(form?.callback_id).toBe('delete_peering');
    expect(JSON.stringify(form?.blocks)).toContain(`"initial_option":{"text":`);
    expect(JSON.stringify(form?.blocks)).toContain(`aiven-${id}`);
  });
});
