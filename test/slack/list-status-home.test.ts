// `/vpc-peer list`, `status` and the Home tab through the real Bolt receiver: they answer from the
// store (the poller's snapshot and the records), never from Aiven, and only the asker sees them.
import { SANDBOX_TIMINGS, SEED_IDS, SEED_PEER } from '../../src/sandbox/aiven-sandbox';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/bot';
import { signSlackRequest } from '../support/slack';

type Block = { text?: { text: string }; elements?: { text: string }[] };
const read = (answer: { text: string }) => {
  const body = JSON.parse(answer.text) as { response_type?: string; text?: string; blocks?: Block[] };
  const text = [
    body.text,
    ...(body.blocks ?? []).map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ')),
  ]
    .filter(Boolean)
    .join('\n');
  return { responseType: body.response_type, text };
};

describe('/vpc-peer list, status and App Home', () => {
  let t: TestBot;
  let requestId: string;
  let aivenPeeringId: string;
  let pcx: string;
  const AWS_VPC = 'vpc-0123456789abcdef0';

  beforeAll(async () => {
    t = await startTestBot();
    await t.bot.reconcile();
    await t.request({
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_region: 'eu-west-1',
      aws_vpc_id: AWS_VPC,
    });
    t.aiven.advance(SANDBOX_TIMINGS.approvedMs);
    await t.bot.reconcile();
    const peering = t.aiven.peerings().find((p) => p.peer_vpc === AWS_VPC);
    aivenPeeringId = peering?.peering_connection_id as string;
    pcx = peering?.state_info.aws_vpc_peering_connection_id as string;
    const record = await t.bot.store.findByAivenPeeringId(aivenPeeringId);
    requestId = record?.id as string;
    expect(record?.state).toBe('PENDING_PEER');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('list shows each org VPC with its peerings, privately, without calling Aiven', async () => {
    const before = t.aiven.requests.length;
    const answer = await t.command('list');
    expect(answer.status).toBe(200);
    const { responseType, text } = read(answer);
    expect(responseType).toBe('ephemeral');
    expect(text).toContain('*prod-eu* · aws-eu-west-1 · 10.20.0.0/24 · ACTIVE · 2 peerings');
    expect(text).toContain(`:white_check_mark: *Active* · account ${SEED_PEER.awsAccountId} · eu-west-1`);
    expect(text).toContain(
      `:raised_hand: *Waiting for AWS* · account 210987654321 · eu-west-1 · \`${AWS_VPC}\` · \`${pcx}\``,
    );
    expect(text).toMatch(/<https:\/\/slack\.com\/archives\/C0PLATFORM\/p\d+\|thread>/);
    expect(text).toContain('*staging-us*');
    expect(t.aiven.requests.length).toBe(before);
  });

  it('list <org VPC name> filters, and an unknown name says which names exist', async () => {
    const { text } = read(await t.command('list staging-us'));
    expect(text).toContain('*VPC peerings of staging-us*');
    expect(text).not.toContain('prod-eu');
    const unknown = read(await t.command('list nowhere'));
    expect(unknown.text).toContain(
      'No org VPC is called `nowhere`. Org VPCs: `prod-eu`, `staging-us`, `analytics-eu`',
    );
  });

  it('status finds the peering by Aiven peering id, pcx id, AWS VPC id and request id', async () => {
    for (const id of [aivenPeeringId, pcx, AWS_VPC, requestId]) {
      const answer = await t.command(`status ${id}`);
      const { responseType, text } = read(answer);
      expect(responseType).toBe('ephemeral');
      expect(text).toContain(':raised_hand: *Waiting for AWS*');
      expect(text).toContain('Requested by <@U0ALICE>.');
      expect(text).toContain(`Request: \`${requestId}\``);
      expect(text).toContain(`Aiven peering: \`${aivenPeeringId}\``);
      expect(text).toContain(`AWS peering connection: \`${pcx}\``);
      expect(text).toContain('AWS drops it if nobody accepts it within 7 days');
      expect(text).toMatch(/<https:\/\/slack\.com\/archives\/C0PLATFORM\/p\d+\|Open its thread>/);
    }
    const seed = read(await t.command(`status ${SEED_PEER.awsPeeringConnectionId}`));
    expect(seed.text).toContain('Made outside vpc-peer (Aiven Console, Terraform or API).');
  });

  it('status with an unknown or missing id says which kinds of id work', async () => {
    const missing = read(await t.command('status pcx-00000000000000000'));
    expect(missing.text).toContain('I found no peering with the id `pcx-00000000000000000`');
    expect(missing.text).toContain(
      'an Aiven peering id (a UUID), an AWS peering connection id (`pcx-…`), an AWS VPC id (`vpc-…`) or a vpc-peer request id',
    );
    const usage = read(await t.command('status'));
    expect(usage.text).toContain('Usage: `/vpc-peer status <id>`');
  });

  it('help and the manifest list every subcommand', async () => {
    const help = JSON.parse((await t.command('help')).text) as { text: string };
    for (const sub of [
      'create',
      'list [org VPC name]',
      'status <id>',
      'delete',
      'terraform <id | org VPC name>',
      'cidrs <id>',
      'access',
      'help',
    ])
      expect(help.text).toContain(sub);
    const manifest = (await import('node:fs')).readFileSync('manifest.yml', 'utf8');
    expect(manifest).toContain(
      'usage_hint: "[create | list [org VPC name] | status <id> | delete [peering id | pcx-id] | terraform <id | org VPC name> | cidrs <id> | access | help]"',
    );
    expect(manifest).toMatch(/bot_events:\n\s+- app_home_opened/);
    expect(manifest).toContain('home_tab_enabled: true');
  });

  it("answers Slack's url_verification for the event subscription", async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c0ffee-challenge', type: 'url_verification' });
    const answer = await t.post(body, {
      ...signSlackRequest(SIGNING_SECRET, body),
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('c0ffee-challenge');
  });

  it('App Home publishes the same overview for the user who opened it', async () => {
    const answer = await t.event({ type: 'app_home_opened', user: 'U0BOB', tab: 'home', channel: 'D0BOB' });
    expect(answer.status).toBe(200);
    const published = t.slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]?.args.user_id).toBe('U0BOB');
    const view = published[0]?.args.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    const text = view.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(text).toContain('*prod-eu* · aws-eu-west-1 · 10.20.0.0/24 · ACTIVE · 2 peerings');
    expect(text).toContain(`\`${pcx}\``);
    await t.event({ type: 'app_home_opened', user: 'U0BOB', tab: 'messages', channel: 'D0BOB' });
    expect(t.slack.callsTo('views.publish')).toHaveLength(1);
  });
});
