// What the receiver answers for requests that are not what the listeners expect: 400 for what is not
// a Slack request, 404 at once for what no listener handles, and Slack's own checks answered as Slack
// expects. Through the real receiver of `npm start`.
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/bot';
import { signSlackRequest } from '../support/slack';

describe('the Slack receiver', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.stop();
  });

  const signed = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    t.post(body, signSlackRequest(SIGNING_SECRET, body, undefined, contentType));
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  test.each([
    ['a JSON null payload', form({ payload: 'null' })],
    ['an array payload', form({ payload: '[]' })],
    ['a number payload', form({ payload: '7' })],
    ['truncated JSON', form({ payload: '{"type":"block_actions","user":{"id"' })],
    [
      'a view_submission without its view',
      form({ payload: '{"type":"view_submission","user":{"id":"U0ALICE"}}' }),
    ],
    ['a bare block_suggestion', form({ payload: '{"type":"block_suggestion"}' })],
    [
      'a shortcut without a user',
      form({ payload: '{"type":"shortcut","callback_id":"x","trigger_id":"1"}' }),
    ],
    ['an empty body', ''],
    ['a form with neither payload nor command', form({ hello: 'world' })],
  ])('answers %s with 400 and logs why', async (_name, body) => {
    const answer = await signed(body);
    expect(answer.status).toBe(400);
    expect(t.logs.join('\n')).toContain('refused a malformed Slack request');
    await t.idle();
    expect(t.slack.calls).toHaveLength(0);
  });

  test('answers a kind of request no listener handles with 404 at once', async () => {
    const started = performance.now();
    const unknown = await signed(form({ payload: '{"type":"frobnicate","user":{"id":"U0ALICE"}}' }));
    const shortcut = await signed(
      form({ payload: '{"type":"shortcut","user":{"id":"U0ALICE"},"callback_id":"x","trigger_id":"1"}' }),
    );
    expect([unknown.status, shortcut.status]).toEqual([404, 404]);
    // Bolt's HTTPReceiver held these for its 3-second unhandled-request timer; now nobody waits.
    expect(performance.now() - started).toBeLessThan(2500);
  });

  test("answers Slack's URL verification and SSL check", async () => {
    const challenge = await signed(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123' }),
      'application/json',
    );
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.text)).toEqual({ challenge: 'c-123' });
    const ssl = await t.post('ssl_check=1&token=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ssl.status).toBe(200);
  });

  test('answers anything but POST /slack/events with 404', async () => {
    const url = new URL(t.bot.eventsUrl as string);
    expect((await fetch(new URL('/other', url), { method: 'POST' })).status).toBe(404);
    expect((await fetch(url)).status).toBe(404);
  });
});
