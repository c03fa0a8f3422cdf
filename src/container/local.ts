// `npm start`: the whole bot in one process. HTTP (or Socket Mode) for Slack, jobs in-process,
// SQLite on disk. With nothing configured it brings its own Aiven sandbox and Slack stand-in.
import { randomBytes } from 'node:crypto';
import { type App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { AwsClientSettings } from '../adapters/ec2/access';
import { makeSandboxAivenAccount } from '../adapters/ec2/sandbox-aiven-account';
import { makeInProcessQueue } from '../adapters/queue/in-process';
import { openSqliteStore } from '../adapters/store/sqlite';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Clock, JobQueue, PeeringStore } from '../peering/ports';
import { type AivenSandbox, startAivenSandbox } from '../sandbox/aiven-sandbox';
import { type Playground, startPlayground } from '../sandbox/playground';
import type { PlaygroundGuide } from '../sandbox/playground/protocol';
import { PLAYGROUND_APPROVERS } from '../sandbox/playground/workspace';
import type { SlackApiStandIn } from '../sandbox/slack-api';
import { SlackHttpReceiver } from '../slack/receiver/http';
import { type AcceptWork, makeAcceptWork } from './accept';
import { makeAiven, makeWorkerSlackClient } from './clients';
import { type AivenApiConfig, makeJobs, type PollResult, systemClock } from './index';
import { startPoller } from './poller';
import { makeSlackApp } from './slack-app';

export interface LocalOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Delay between attempts of a failed job (tests make it tiny). */
  retryDelayMs?: (attempt: number) => number;
  /** Stand-in for `PORT` (tests pass 0 for a free port). */
  port?: number;
  /** Timeout of the worker's Slack calls (tests make it short to test timed-out posts). */
  slackTimeoutMs?: number;
  /** Seconds between fast-watch checks (tests make it short). */
  watchIntervalSeconds?: number;
  /**
   * SDK settings for STS and EC2 (tests: moto); absent: the SDK's defaults. With an `endpoint` (moto)
   * and no Aiven token, the Aiven sandbox also makes its peering requests there.
   */
  aws?: AwsClientSettings;
  /** A store to use instead of the SQLite file (tests run the bot on DynamoDB too). */
  store?: PeeringStore;
  /** Stand-in for `PLAYGROUND_PORT` (tests pass 0). */
  playgroundPort?: number;
  /**
   * The playground's AWS: the team account and VPC seeded in moto (src/container/playground-aws.ts),
   * or why there is none and the manual path will be shown.
   */
  playgroundAws?: PlaygroundGuide['aws'];
}

export interface LocalBot {
  /** URL Slack posts to (`POST /slack/events`), unless Socket Mode is on. */
  eventsUrl: string | undefined;
  signingSecret: string;
  app: App;
  store: PeeringStore;
  aivenSandbox: AivenSandbox | undefined;
  slackStandIn: SlackApiStandIn | undefined;
  /** The local Slack page, served when no Slack app is configured. */
  playground: Playground | undefined;
  organizationId: string;
  /** Accept in AWS: the PENDING_PEER hook, pre-flight and cleanup (the reconcile loop calls the hook). */
  accept: AcceptWork;
  /** Resolves when no job is running or waiting (tests). */
  idle(): Promise<void>;
  /**
   * One poll now, as the timer runs every POLL_INTERVAL_SECONDS: expire due deletion requests, then
   * reconcile with Aiven.
   */
  reconcile(): Promise<PollResult | undefined>;
  stop(): Promise<void>;
}

async function resolveAiven(
  config: Config,
  aws: AwsClientSettings | undefined,
): Promise<{ aiven: AivenApiConfig; sandbox?: AivenSandbox }> {
  if (config.aiven.mode === 'api') return { aiven: config.aiven };
  // Next to moto, the sandbox makes real peering requests in AWS and follows them, as Aiven does.
  const endpoint = aws?.endpoint;
  const sandbox = await startAivenSandbox({
    clock: 'real',
    // A real Slack app on the sandbox (AIVEN_SANDBOX=true): every org VPC name says it is made up.
    ...(config.slack.mode === 'app' ? { namePrefix: '[sandbox] ' } : {}),
    ...(endpoint ? { aws: makeSandboxAivenAccount({ client: { ...aws, endpoint } }) } : {}),
  });
  return {
    sandbox,
    aiven: {
      mode: 'api',
      apiUrl: sandbox.url,
      token: sandbox.token,
      organizationId: sandbox.organizationId,
      timeoutMs: 10_000,
    },
  };
}

const NO_AWS: PlaygroundGuide['aws'] = {
  manual:
    'No moto here: after PENDING_PEER the thread shows the manual steps to accept in AWS. Any 12-digit account and vpc-… id will do.',
};

/**
 * The playground's settings: with no APPROVERS its approvers group approves, so a deletion can be
 * approved out of the box (only here: a real Slack app never gets a default).
 */
export function playgroundConfig(config: Config): Config {
  if (config.slack.mode === 'app' || config.approvers.length > 0) return config;
  return { ...config, approvers: PLAYGROUND_APPROVERS };
}

/** No Slack app configured: the playground is this bot's Slack (a real Slack app never gets one). */
async function resolveSlack(
  config: Config,
  options: {
    port: number;
    sandbox: AivenSandbox | undefined;
    aws: PlaygroundGuide['aws'];
    afterSandboxChange: () => Promise<unknown>;
  },
) {
  if (config.slack.mode === 'app') return { slack: config.slack };
  // Random per run: only someone who reads this process's output can sign requests or call the API.
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const playground = await startPlayground({
    port: options.port,
    botToken,
    sandbox: options.sandbox,
    approvers: config.approvers,
    aws: options.aws,
    afterSandboxChange: options.afterSandboxChange,
  });
  return {
    playground,
    slack: {
      mode: 'app' as const,
      apiUrl: playground.slack.apiUrl,
      botToken,
      signingSecret: randomBytes(16).toString('hex'),
    },
  };
}

export async function startLocalBot(options: LocalOptions): Promise<LocalBot> {
  const config = playgroundConfig(options.config);
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const { aiven: aivenConfig, sandbox } = await resolveAiven(config, options.aws);
  // The poller starts after the playground; a sandbox control used before then has nothing to hurry.
  let poller: ReturnType<typeof startPoller> | undefined;
  const { slack, playground } = await resolveSlack(config, {
    port: options.playgroundPort ?? config.playgroundPort,
    sandbox,
    aws: options.playgroundAws ?? NO_AWS,
    // One poll now (one at a time, as the timer's), so the thread follows the change at once.
    afterSandboxChange: async () => poller?.refresh(),
  });
  if (config.queue.kind === 'sqs')
    logger.warn('JOBS_QUEUE_URL is ignored by npm start: jobs run in this process');
  if (config.store.kind === 'dynamodb')
    logger.warn('DYNAMODB_TABLE is ignored by npm start: it uses DATABASE_PATH');

  const store =
    options.store ??
    openSqliteStore({
      // The playground's Slack lives in memory: records pointing at its messages must not outlive it.
      path: playground
        ? ':memory:'
        : config.store.kind === 'sqlite'
          ? config.store.path
          : './data/vpc-peer.db',
      clock,
    });
  // Jobs enqueue jobs (the fast watch, the accept hook); the queue needs the jobs to run them: tie
  // the knot lazily.
  const later: JobQueue = { enqueue: (job, enqueueOptions) => queue.enqueue(job, enqueueOptions) };
  const slackClient = makeWorkerSlackClient({
    botToken: slack.botToken,
    apiUrl: slack.apiUrl,
    logger,
    ...(options.slackTimeoutMs ? { timeoutMs: options.slackTimeoutMs } : {}),
  });
  const accept = makeAcceptWork({
    config: config.accept,
    store,
    slack: slackClient,
    logger,
    clock,
    enqueue: (job) => later.enqueue(job),
    ...(options.aws ? { aws: options.aws } : {}),
  });
  const jobs = makeJobs({
    organizationId: aivenConfig.organizationId,
    aiven: makeAiven(aivenConfig, logger),
    aivenTimeoutMs: aivenConfig.timeoutMs,
    store,
    slack: slackClient,
    logger,
    clock,
    queue: later,
    notifyChannelId: config.notifyChannelId,
    ...(options.watchIntervalSeconds ? { watchIntervalSeconds: options.watchIntervalSeconds } : {}),
    accept,
  });
  const queue = makeInProcessQueue({
    runJob: jobs.runJob,
    onFinalFailure: jobs.onFinalFailure,
    logger: logger.child({ component: 'queue' }),
    maxAttempts: config.maxJobAttempts,
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
  });

  const socketMode = 'appToken' in slack && slack.appToken !== undefined;
  const receiver: Receiver = socketMode
    ? new SocketModeReceiver({ appToken: slack.appToken as string })
    : // Answers after the listener finishes, as on Lambda, and never 500 or later than 3 s, whatever
      // the body (src/slack/receiver).
      new SlackHttpReceiver({ signingSecret: slack.signingSecret, logger });
  const app = makeSlackApp({
    receiver,
    slack,
    listeners: { config, organizationId: aivenConfig.organizationId, store, queue, logger, clock },
  });

  poller = startPoller({
    poll: jobs.poll,
    intervalMs: config.pollIntervalSeconds * 1000,
    logger: logger.child({ component: 'poller' }),
  });
  const pollTimer = poller;

  const port = options.port ?? config.port;
  // With the playground everything stays on this machine: the bot listens on loopback too.
  const started = (await app.start(playground ? { port, host: '127.0.0.1' } : port)) as unknown;
  const address = (started as { address?: () => unknown } | undefined)?.address?.();
  const boundPort =
    typeof address === 'object' && address !== null ? (address as { port: number }).port : port;

  const eventsUrl = socketMode ? undefined : `http://127.0.0.1:${boundPort}/slack/events`;
  if (playground && eventsUrl) playground.connectBot({ eventsUrl, signingSecret: slack.signingSecret });

  return {
    eventsUrl,
    signingSecret: slack.signingSecret,
    app,
    store,
    aivenSandbox: sandbox,
    slackStandIn: playground?.slack,
    playground,
    organizationId: aivenConfig.organizationId,
    accept,
    idle: () => queue.idle(),
    reconcile: () => pollTimer.runNow(),
    async stop() {
      await pollTimer.stop();
      await app.stop();
      await queue.close();
      await store.close?.();
      await sandbox?.close();
      await playground?.close();
    },
  };
}
