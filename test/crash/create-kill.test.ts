// Kill -9 at each step of a create, start again on the same SQLite file: the request is never
// stranded, Aiven gets exactly one peering, the thread is told once. Real processes: the bot runs as
// `npm start`'s entry point in a child; Aiven and Slack stand-ins live here and outlast the kills.
import { type AivenSandbox, SEED_IDS, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { AIVEN_TOKEN } from '../support/bot';
import { type ChildBot, type ChildWorld, childWorld, slackDriver, waitFor } from '../support/child-bot';

jest.setTimeout(300_000);

const VALID = {
  org_vpc: SEED_IDS.prodEu,
  aws_account_id: '210987654321',
  aws_region: 'eu-west-1',
  aws_vpc_id: 'vpc-0123456789abcdef0',
  extra_cidrs: '10.50.0.0/16',
};
const CHANNEL = 'C0PLATFORM';

type Block = { text?: { text: string }; elements?: { text?: string }[] };
const textOf = (message: { text?: string; blocks?: unknown[] } | Record<string, unknown>) =>
  [
    message.text,
    ...(((message.blocks as Block[] | undefined) ?? []).map(
      (b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' '),
    ) ?? []),
  ]
    .filter(Boolean)
    .join('\n');

describe('kill -9 during a create, then start again', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let world: ChildWorld;
  let bot: ChildBot | undefined;
  let drive: ReturnType<typeof slackDriver>;

  beforeEach(async () => {
    aiven = await startAivenSandbox({ clock: 'manual', token: AIVEN_TOKEN });
    slack = await startSlackApiStandIn();
    world = childWorld({ slack, aivenUrl: aiven.url, organizationId: aiven.organizationId });
    drive = slackDriver(slack);
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await aiven.close();
    await slack.close();
  });

  const creates = () =>
    aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));
  const peeringsForVpc = () =>
    aiven
      .peerings()
      .filter((p) => p.peer_cloud_account === VALID.aws_account_id && p.peer_vpc === VALID.aws_vpc_id);
  const roots = () =>
    slack.messages(CHANNEL).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
  const replies = () =>
    slack.messages(CHANNEL).filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts);

  /** `/vpc-peer`, the loaded form, and the submission; returns once Slack has its answer (the ack). */
  async function submitRequest(running: ChildBot) {
    expect((await drive.command(running)).status).toBe(200);
    const form = await drive.loadedForm();
    const answer = await drive.submit(running, form, VALID);
    expect(answer).toEqual({ status: 200, text: '' });
  }

  /** What the user sees once the restarted bot has finished: one root, told once, one peering. */
  async function expectToldOnce() {
    await waitFor('the thread to say Aiven created the peering', () =>
      replies().some((m) => textOf(m).includes('Aiven created peering')),
    );
    // Give a duplicate a chance to show: the restarted bot has drained its jobs once it is idle.
    await waitFor('the root message to show the peering', () =>
      slack.callsTo('chat.update').some((c) => textOf(c.args).includes('Approved')),
    );
    expect(roots()).toHaveLength(1);
    expect(replies().filter((m) => textOf(m).includes('Aiven created peering'))).toHaveLength(1);
    expect(replies().filter((m) => textOf(m).includes('failed'))).toHaveLength(0);
    expect(peeringsForVpc()).toHaveLength(1);
    const peering = peeringsForVpc()[0];
    expect(textOf(replies()[0] ?? {})).toContain(String(peering?.peering_connection_id));
  }

  it('killed after the ack, while the root message was being posted: the root is found, not posted again', async () => {
    bot = await world.start();
    // Slack takes the root message but its answer never comes back before the kill.
    slack.hangNext('chat.postMessage');
    await submitRequest(bot);
    await waitFor('the root message to reach Slack', () => roots().length === 1);
    await bot.kill();
    expect(creates()).toHaveLength(0);

    bot = await world.start();
    await expectToldOnce();
    expect(creates()).toHaveLength(1);
  });

  it('killed during the Aiven POST (Aiven had not acted): created once after the restart', async () => {
    bot = await world.start();
    aiven.failNext({ method: 'POST', pathIncludes: '/peering-connections', hang: true });
    await submitRequest(bot);
    await waitFor('the create to reach Aiven', () => creates().length === 1);
    await bot.kill();
    expect(peeringsForVpc()).toHaveLength(0);

    bot = await world.start();
    await expectToldOnce();
    // The restarted job looked first, waited out the window of the POST in flight, then created it.
    expect(creates()).toHaveLength(2);
  });

  it('killed after Aiven created the peering, before the record was written: linked, not created again', async () => {
    bot = await world.start();
    aiven.failNext({ method: 'POST', pathIncludes: '/peering-connections', hang: true, afterEffect: true });
    await submitRequest(bot);
    await waitFor('Aiven to have created the peering', () => peeringsForVpc().length === 1);
    await bot.kill();

    bot = await world.start();
    await expectToldOnce();
    expect(creates()).toHaveLength(1);
    expect(bot.output.some((line) => line.includes('found the peering an earlier attempt created'))).toBe(
      true,
    );
  });
});
