// No request can take the bot down: a few hundred signed, malformed bodies (seeded, so a failure can
// be replayed) sent to `npm start` as a real child process and to the Lambda HTTP handler. Each gets
// an answer below 500 within Slack's 3 seconds, the process keeps serving, and Aiven sees no write.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLambdaHttpHandler } from '../../src/container/lambda-http';
import { type AivenSandbox, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { startLambdaEnv } from '../support/lambda-env';
import { type FuzzRequest, malformedSlackRequests } from '../support/malformed-slack';
import { freePort, type NpmStart, npmStart } from '../support/npm-start';
import { apiGatewayEvent, signSlackRequest, slashCommandBody } from '../support/slack';

const SIGNING_SECRET = '5e2f9a1c7b3d4e6f8a0b1c2d3e4f5a6b';
const BOT_TOKEN = 'xoxb-fuzz-test-token';
const SEED = 20_261_204;
const COUNT = 240;
/**
 * Every request is answered: the receiver answers by its 2.8 s deadline (the bench measures the real
 * latency), so this bound only catches a request left hanging, and holds on a loaded machine too.
 */
const SLACK_BUDGET_MS = 15_000;

const requests = malformedSlackRequests(COUNT, SEED);

interface Outcome {
  name: string;
  status: number;
  ms: number;
}

const headersFor = (request: FuzzRequest) => {
  const signed = signSlackRequest(SIGNING_SECRET, request.body, undefined, request.contentType);
  if (!request.contentType) delete (signed as Record<string, string>)['content-type'];
  return signed;
};

/** Every answer below 500 and within the budget; a failure names the bodies that broke it. */
function expectAllAnswered(outcomes: Outcome[]) {
  expect(outcomes).toHaveLength(COUNT);
  expect(outcomes.filter((o) => o.status >= 500 || o.status < 200)).toEqual([]);
  expect(outcomes.filter((o) => o.ms >= SLACK_BUDGET_MS)).toEqual([]);
  const statuses = new Set(outcomes.map((o) => o.status));
  // The screen refused what is not a Slack request, and something was still routed to listeners.
  expect(statuses).toContain(400);
  expect(statuses).toContain(200);
  expect(statuses).toContain(404);
}

const writes = (aiven: AivenSandbox) => aiven.requests.filter((r) => r.method !== 'GET');

describe('npm start (a real child process) under malformed requests', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let bot: NpmStart;
  let eventsUrl: string;

  beforeAll(async () => {
    aiven = await startAivenSandbox({ clock: 'manual' });
    slack = await startSlackApiStandIn();
    const port = await freePort();
    bot = npmStart({
      PORT: String(port),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      AIVEN_API_TOKEN: aiven.token,
      AIVEN_ORGANIZATION_ID: aiven.organizationId,
      AIVEN_API_URL: aiven.url,
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'vpc-peer-')), 'bot.db'),
      POLL_INTERVAL_SECONDS: '3600',
      LOG_LEVEL: 'info',
    });
    await bot.waitFor('vpc-peer is running');
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
    await aiven?.close();
    await slack?.close();
  }, 30_000);

  const post = async (body: string, headers: Record<string, string>) => {
    const started = performance.now();
    const response = await fetch(eventsUrl, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started };
  };

  test('answers every one below 500 within 3 s, logs them, keeps serving and writes nothing to Aiven', async () => {
    const outcomes: Outcome[] = [];
    for (const request of requests) {
      const { status, ms } = await post(request.body, headersFor(request));
      outcomes.push({ name: request.name, status, ms: Math.round(ms) });
    }
    expectAllAnswered(outcomes);
    expect(bot.running()).toBe(true);
    expect(bot.output()).toContain('refused a malformed Slack request');
    // Failing listeners are logged as such (their response_url goes nowhere); nothing else slipped.
    expect(bot.output()).not.toContain('unhandled rejection');
    expect(bot.output()).not.toContain('failed unexpectedly');

    // Still the same bot, answering as before.
    const help = slashCommandBody({ text: 'help', responseUrl: slack.responseUrl() });
    const answer = await post(help, signSlackRequest(SIGNING_SECRET, help));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(writes(aiven)).toEqual([]);
  }, 120_000);
});

describe('the Lambda HTTP handler under malformed requests', () => {
  test('answers every one below 500 within 3 s, also base64-encoded, and writes nothing to Aiven', async () => {
    const lambdaEnv = await startLambdaEnv({
      name: 'fuzz',
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
    });
    try {
      const http = makeLambdaHttpHandler(lambdaEnv.env);
      const outcomes: Outcome[] = [];
      for (const [index, request] of requests.entries()) {
        const event = apiGatewayEvent(request.body, headersFor(request));
        // Every third one arrives base64-encoded, as API Gateway sends binary bodies.
        const encoded =
          index % 3 === 0
            ? { ...event, body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true }
            : event;
        const started = performance.now();
        const answer = await http(encoded as never, {});
        outcomes.push({
          name: request.name,
          status: answer.statusCode ?? 0,
          ms: Math.round(performance.now() - started),
        });
      }
      expectAllAnswered(outcomes);
      expect(writes(lambdaEnv.aiven)).toEqual([]);
      const help = slashCommandBody({ text: 'help', responseUrl: lambdaEnv.slack.responseUrl() });
      const answer = await http(apiGatewayEvent(help, signSlackRequest(SIGNING_SECRET, help)) as never, {});
      expect(answer.statusCode).toBe(200);
    } finally {
      await lambdaEnv.close();
    }
  }, 120_000);
});
