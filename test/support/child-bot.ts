// Runs `npm start`'s entry point (src/entry/server.ts, through tsx) as a child process on a SQLite
// file, so a test can SIGKILL it at any moment and start it again on the same file. The Aiven sandbox,
// the Slack Web API stand-in and moto live in the test process: they outlast every kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SlackApiCall, SlackApiStandIn } from '../../src/sandbox/slack-api';
import { AIVEN_TOKEN, BOT_TOKEN, SIGNING_SECRET } from './bot';
import {
  blockActionBody,
  type FormValues,
  findButton,
  type OpenView,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from './slack';

const ROOT = resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Polls `condition` until it holds: tests wait for what they can observe, never for a fixed time. */
export async function waitFor<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export interface ChildBot {
  process: ChildProcess;
  eventsUrl: string;
  /** Everything the process wrote (pino lines and the start-up summary). */
  output: string[];
  /** SIGKILL: no shutdown, no flush; what is not in the SQLite file is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export interface ChildWorld {
  databasePath: string;
  env: Record<string, string>;
  start(): Promise<ChildBot>;
}

/** A bot configuration pointing at the test process's stand-ins, on a fresh SQLite file. */
export function childWorld(options: {
  slack: SlackApiStandIn;
  aivenUrl: string;
  organizationId: string;
  env?: Record<string, string>;
}): ChildWorld {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'vpc-peer-kill-')), 'bot.db');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: options.slack.apiUrl,
    AIVEN_API_TOKEN: AIVEN_TOKEN,
    AIVEN_ORGANIZATION_ID: options.organizationId,
    AIVEN_API_URL: options.aivenUrl,
    AIVEN_TIMEOUT_MS: '2000',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'debug',
    // The tests drive every step; the minute poll would only add noise.
    POLL_INTERVAL_SECONDS: '3600',
    ...options.env,
  };
  return {
    databasePath,
    env,
    start: () => startChild(env),
  };
}

async function startChild(env: Record<string, string>): Promise<ChildBot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/server.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = once(child, 'exit');
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  await Promise.race([
    waitFor('the bot to start', () => output.some((line) => line.includes('vpc-peer is running')), 90_000),
    exited.then(() => {
      throw new Error(`the bot exited at start:\n${output.join('\n')}`);
    }),
  ]);
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return {
    process: child,
    eventsUrl,
    output,
    kill: () => stopWith('SIGKILL'),
    stop: () => stopWith('SIGTERM'),
  };
}

/** Signed Slack requests to a child bot, and what the Slack stand-in saw. */
export function slackDriver(slack: SlackApiStandIn) {
  const post = async (bot: ChildBot, body: string, headers: Record<string, string>) => {
    const response = await fetch(bot.eventsUrl, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };
  const views = () =>
    slack.calls.filter((call) => call.method === 'views.open' || call.method === 'views.update');
  const currentView = (): OpenView => {
    const last = views().at(-1);
    if (!last) throw new Error('no modal was opened');
    const view = last.args.view as Omit<OpenView, 'id'>;
    const opened = slack.callsTo('views.open').length;
    const id = (last.args.view_id as string | undefined) ?? `V${String(opened).padStart(8, '0')}`;
    return { ...view, id };
  };
  return {
    command(bot: ChildBot, text = '') {
      const body = slashCommandBody({ text, responseUrl: slack.responseUrl() });
      return post(bot, body, signSlackRequest(SIGNING_SECRET, body));
    },
    currentView,
    /** The create form once its org VPCs are loaded (the load job updated it). */
    loadedForm: () =>
      waitFor('the create form with its org VPCs', () =>
        slack.callsTo('views.update').length > 0 ? currentView() : undefined,
      ),
    async submit(bot: ChildBot, view: OpenView, values: FormValues) {
      const body = viewSubmissionBody(view, values);
      const answer = await post(bot, body, signSlackRequest(SIGNING_SECRET, body));
      return { status: answer.status, text: answer.text };
    },
    click(bot: ChildBot, where: SlackApiCall, actionId: string, userId: string) {
      const blocks = (where.args.blocks as unknown[] | undefined) ?? [];
      const found = findButton(blocks, actionId);
      if (!found) throw new Error(`no button ${actionId} in ${where.method}`);
      const body = blockActionBody({
        ...found,
        container: {
          type: 'message',
          channelId: String(where.args.channel),
          messageTs: String(where.args.ts ?? where.response?.ts),
          ...(typeof where.args.thread_ts === 'string' ? { threadTs: where.args.thread_ts } : {}),
          blocks,
          text: String(where.args.text ?? ''),
        },
        responseUrl: slack.responseUrl(),
        userId,
      });
      return post(bot, body, signSlackRequest(SIGNING_SECRET, body));
    },
  };
}
