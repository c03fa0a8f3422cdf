// What every Slack request gets: signature checks, help, the 3-second budget, and clean logs.
import { AIVEN_TOKEN, BOT_TOKEN, SIGNING_SECRET, startTestBot, type TestBot } from '../support/bot';
import { signSlackRequest, slashCommandBody } from '../support/slack';

describe('Slack requests', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ REQUESTERS: 'U0ALICE,U0BOB' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const body = () => slashCommandBody({ text: '', responseUrl: t.slack.responseUrl() });

  it.each([
    ['unsigned', (_raw: string) => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    ['forged', (raw: string) => signSlackRequest('0000000000000000ffffffffffffffff', raw)],
    ['stale', (raw: string) => signSlackRequest(SIGNING_SECRET, raw, Math.floor(Date.now() / 1000) - 6 * 60)],
    ['tampered', (raw: string) => signSlackRequest(SIGNING_SECRET, raw.replace('U0ALICE', 'U0MALLORY'))],
  ])('answers a %s request with 401 and does nothing', async (_name, headersFor) => {
    const raw = body();
    const answer = await t.post(raw, headersFor(raw) as Record<string, string>);
    expect(answer.status).toBe(401);
    await t.idle();
    expect(t.slack.calls).toHaveLength(0);
    expect(t.aiven.requests).toHaveLength(0);
  });

  it.each([['help'], ['frobnicate'], ['create now please']])(
    'answers `/vpc-peer %s` with usage only the user sees',
    async (text) => {
      const answer = await t.command(text);
      expect(answer.status).toBe(200);
      const reply = JSON.parse(answer.text) as { response_type: string; text: string };
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toContain('`/vpc-peer create`');
      if (text !== 'help') expect(reply.text).toContain(`I don't know \`${text}\``);
      expect(t.slack.calls).toHaveLength(0);
    },
  );

  it('refuses people who are not requesters', async () => {
    const answer = await t.command('', { userId: 'U0MALLORY' });
    const reply = JSON.parse(answer.text) as { response_type: string; text: string };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('REQUESTERS');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('ignores a retried slash command', async () => {
    const answer = await t.command('', { retryNum: 1 });
    expect(answer.status).toBe(200);
    await t.idle();
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('never writes tokens, the signing secret or Authorization headers to the logs', async () => {
    await t.command('');
    await t.idle();
    t.aiven.failNext({ method: 'GET', status: 401, message: `Invalid token ${AIVEN_TOKEN}` });
    await t.command('');
    await t.idle();
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('Aiven');
    for (const secret of [AIVEN_TOKEN, BOT_TOKEN, SIGNING_SECRET, 'aivenv1 ', 'Bearer xoxb']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('Slack requests with Aiven answering slowly', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ AIVEN_TIMEOUT_MS: '5000' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('opens the modal before Aiven answers when Aiven takes 2.5 s to list VPCs', async () => {
    t.aiven.setLatency(2500);
    const answer = await t.command('');
    expect(answer.status).toBe(200);
    // The ack came back with the modal open, and not one Aiven call had finished.
    expect(t.slack.callsTo('views.open')).toHaveLength(1);
    expect(t.slack.callsTo('views.update')).toHaveLength(0);
    await t.idle();
    expect(t.slack.callsTo('views.update')).toHaveLength(1);
  });
});
