// The Home tab's "Request a peering" button through the real Bolt receiver: it opens the create modal,
// which asks for the channel (a click on Home has none), and the request is posted there.
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { startTestBot, type TestBot } from '../support/bot';
import type { OpenView } from '../support/slack';

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
  extra_cidrs: undefined,
};

type Block = OpenView['blocks'][number] & { elements?: { action_id: string; text: { text: string } }[] };

describe('Request a peering from the Home tab', () => {
  let t: TestBot;
  afterEach(async () => {
    await t?.stop();
  });

  /** Opens Home as `userId` and returns the published view, as a click target. */
  async function openHome(userId = 'U0ALICE'): Promise<OpenView> {
    await t.event({ type: 'app_home_opened', user: userId, tab: 'home' });
    await t.idle();
    const published = t.slack.callsTo('views.publish').at(-1);
    const view = published?.args.view as { blocks: Block[] };
    return { id: 'VHOME0001', callback_id: '', private_metadata: '', blocks: view.blocks };
  }

  it('shows the button on Home; the modal it opens asks for the channel, and the request lands there', async () => {
    t = await startTestBot();
    await t.bot.reconcile();
    const home = await openHome();
    const actions = home.blocks.find((b) => b.type === 'actions') as Block;
    expect(actions.elements?.map((e) => [e.action_id, e.text.text])).toEqual([
      ['peering_request', 'Request a peering'],
    ]);

    expect((await t.click(home, 'peering_request')).status).toBe(200);
    await t.idle();
    const form = t.currentView();
    expect(form.callback_id).toBe('create_peering');
    const inputs = form.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(inputs).toEqual([
      'channel',
      'org_vpc',
      'aws_account_id',
      'aws_region',
      'aws_vpc_id',
      'extra_cidrs',
    ]);

    const missing = await t.submit(VALID);
    expect(missing.body).toEqual({
      response_action: 'errors',
      errors: { channel: 'Choose the channel where the request and its thread are posted.' },
    });

    expect((await t.submit({ ...VALID, channel: 'C0DATA' })).status).toBe(200);
    await t.idle();
    const roots = t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === undefined);
    expect(roots.map((c) => c.args.channel)).toEqual(['C0DATA']);
    expect(t.aiven.peerings().some((p) => p.peer_vpc === VALID.aws_vpc_id)).toBe(true);
  });

  it('refuses a channel ALLOWED_CHANNELS does not allow, naming the setting', async () => {
    t = await startTestBot({ ALLOWED_CHANNELS: 'C0PLATFORM' });
    // No org VPC list yet: the modal opens loading, and the worker fills it, channel field included.
    await t.click(await openHome(), 'peering_request');
    await t.idle();
    expect(t.slack.callsTo('views.update')).toHaveLength(1);
    expect(t.currentView().blocks[0]?.block_id).toBe('channel');
    const answer = await t.submit({ ...VALID, channel: 'C0DATA' });
    expect((answer.body?.errors as Record<string, string> | undefined)?.channel).toBe(
      'Peerings are requested only in the channels of ALLOWED_CHANNELS (C0PLATFORM). Choose one of those.',
    );
    await t.idle();
    expect(t.aiven.peerings().some((p) => p.peer_vpc === VALID.aws_vpc_id)).toBe(false);
  });

  it('someone not in REQUESTERS sees no button, and a click from a stale Home is refused in a modal', async () => {
    t = await startTestBot({ REQUESTERS: 'U0ALICE' });
    const stale = await openHome('U0ALICE');
    const bobsHome = await openHome('U0BOB');
    expect(bobsHome.blocks.some((b) => b.type === 'actions')).toBe(false);
    await t.click(stale, 'peering_request', { userId: 'U0BOB' });
    await t.idle();
    const opened = t.slack.callsTo('views.open').at(-1);
    expect(JSON.stringify(opened?.args.view)).toContain('not on the list of people who may request');
    expect(t.slack.callsTo('views.open')).toHaveLength(1);
  });
});
