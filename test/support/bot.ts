// Starts the real bot (Bolt HTTP receiver, SQLite with its durable job queue) against the Aiven sandbox and the
// Slack Web API stand-in, and drives it with signed requests, as Slack would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AwsClientSettings } from '../../src/adapters/ec2/access';
import type { Store } from '../../src/adapters/store/roles';
import { parseConfig } from '../../src/config';
import { type LocalBot, startLocalBot } from '../../src/container/local';
import { makeLogger } from '../../src/logger';
import type { Clock } from '../../src/peering/ports';
import { loadPolicy } from '../../src/policy/load';
import { type AivenSandbox, type SandboxAwsSide, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiCall, type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import {
  blockActionBody,
  eventBody,
  type FormValues,
  findButton,
  type OpenView,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from './slack';

export const SIGNING_SECRET = '8f742231b10e8888abcd99f0e1d285a5';
export const BOT_TOKEN = 'xoxb-1234567890-0987654321-testtokenvalue';
export const AIVEN_TOKEN = 'aiven-test-token-do-not-log';

export interface TestBot {
  bot: LocalBot;
  aiven: AivenSandbox;
  slack: SlackApiStandIn;
  logs: string[];
  /** POSTs a raw body to /slack/events with the given headers. */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  /** Signed slash command; returns the HTTP answer. */
  command(
    text?: string,
    options?: { userId?: string; channelId?: string; retryNum?: number; responseUrl?: string },
  ): Promise<{
    status: number;
    text: string;
  }>;
  /** The modal as it currently looks (after views.open / views.update). */
  currentView(): OpenView;
  submit(
    values: FormValues,
    options?: { userId?: string; retryNum?: number; view?: OpenView },
  ): Promise<{
    status: number;
    body: Record<string, unknown> | undefined;
  }>;
  /**
   * Clicks the button `actionId` in a message the bot posted or updated (a recorded chat.postMessage or
   * chat.update call) or in a modal, as `userId`; returns the HTTP answer.
   */
  click(
    where: SlackApiCall | OpenView,
    actionId: string,
    /** inChannel: the click is on the channel copy of a broadcast thread reply (no container.thread_ts). */
    options?: { userId?: string; retryNum?: number; inChannel?: boolean },
  ): Promise<{ status: number; text: string }>;
  /** Sends an Events API event, e.g. `{type: 'app_home_opened', user: 'U0ALICE', tab: 'home'}`. */
  event(event: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** Opens the create form, submits `values` as `userId` and waits for the jobs: one whole request. */
  request(
    values: FormValues,
    options?: { userId?: string },
  ): Promise<{ status: number; body: Record<string, unknown> | undefined }>;
  /** Waits until every queued job has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestBot(
  env: Record<string, string> = {},
  options: {
    slackTimeoutMs?: number;
    watchIntervalSeconds?: number;
    aws?: AwsClientSettings;
    aivenAws?: SandboxAwsSide;
    clock?: Clock;
    store?: Store;
  } = {},
): Promise<TestBot> {
  const aiven = await startAivenSandbox({
    clock: 'manual',
    token: AIVEN_TOKEN,
    ...(options.aivenAws ? { aws: options.aivenAws } : {}),
  });
  const slack = await startSlackApiStandIn();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const parsed = parseConfig(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      AIVEN_API_TOKEN: AIVEN_TOKEN,
      AIVEN_ORGANIZATION_ID: aiven.organizationId,
      AIVEN_API_URL: aiven.url,
      AIVEN_TIMEOUT_MS: '1000',
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'vpc-peer-')), 'bot.db'),
      LOG_LEVEL: 'debug',
      // Tests run reconcile themselves (bot.reconcile()), never on a timer.
      POLL_INTERVAL_SECONDS: '3600',
      ...env,
    },
    'local',
  );
  // POLICY_FILE is read as the config loader reads it at start (src/container/settings.ts).
  const config = parsed.policyFile ? await loadPolicy(parsed, parsed.policyFile) : parsed;
  const logger = makeLogger({
    level: 'debug',
    destination,
    secrets: () => [SIGNING_SECRET, BOT_TOKEN, AIVEN_TOKEN],
  });
  const { aivenAws: _sandboxSide, ...botOptions } = options;
  const bot = await startLocalBot({ config, logger, port: 0, retryDelayMs: () => 5, ...botOptions });
  const url = bot.eventsUrl as string;

  async function post(body: string, headers: Record<string, string>) {
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }
  const retryHeaders = (retryNum?: number): Record<string, string> =>
    retryNum === undefined
      ? {}
      : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' };

  const views = () =>
    slack.calls.filter((call) => call.method === 'views.open' || call.method === 'views.update');
  const testBot: TestBot = {
    bot,
    aiven,
    slack,
    logs,
    post,
    command(text = '', options = {}) {
      const body = slashCommandBody({
        text,
        ...options,
        responseUrl: options.responseUrl ?? slack.responseUrl(),
      });
      return post(body, { ...signSlackRequest(SIGNING_SECRET, body), ...retryHeaders(options.retryNum) });
    },
    currentView() {
      const last = views().at(-1);
      if (!last) throw new Error('no modal was opened');
      const view = last.args.view as Omit<OpenView, 'id'>;
      const opened = slack.callsTo('views.open').length;
      const id = (last.args.view_id as string | undefined) ?? `V${String(opened).padStart(8, '0')}`;
      return { ...view, id };
    },
    async submit(values, options = {}) {
      const view = options.view ?? testBot.currentView();
      const body = viewSubmissionBody(view, values, options.userId);
      const answer = await post(body, {
        ...signSlackRequest(SIGNING_SECRET, body),
        ...retryHeaders(options.retryNum),
      });
      return {
        status: answer.status,
        body: answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : undefined,
      };
    },
    click(where, actionId, options = {}) {
      const inMessage = 'method' in where;
      const blocks = (inMessage ? (where.args.blocks as unknown[] | undefined) : where.blocks) ?? [];
      const found = findButton(blocks, actionId);
      if (!found) throw new Error(`no button ${actionId} in ${inMessage ? where.method : 'the modal'}`);
      const container = inMessage
        ? {
            type: 'message' as const,
            channelId: String(where.args.channel),
            messageTs: String(where.args.ts ?? where.response?.ts),
            ...(typeof where.args.thread_ts === 'string' ? { threadTs: where.args.thread_ts } : {}),
            ...(options.inChannel ? { inChannel: true } : {}),
            blocks,
            text: String(where.args.text ?? ''),
          }
        : { type: 'view' as const, view: where };
      const body = blockActionBody({
        ...found,
        container,
        responseUrl: slack.responseUrl(),
        ...(options.userId ? { userId: options.userId } : {}),
      });
      return post(body, { ...signSlackRequest(SIGNING_SECRET, body), ...retryHeaders(options.retryNum) });
    },
    event(event) {
      const body = eventBody(event);
      return post(body, { ...signSlackRequest(SIGNING_SECRET, body), 'content-type': 'application/json' });
    },
    async request(values, options = {}) {
      await testBot.command('', options);
      await bot.idle();
      const answer = await testBot.submit(values, options);
      await bot.idle();
      return answer;
    },
    idle: () => bot.idle(),
    async stop() {
      await bot.stop();
      await aiven.close();
      await slack.close();
    },
  };
  return testBot;
}
