// `npm start`: the whole bot in one process. HTTP (or Socket Mode) for Slack, SQLite on disk with the
// jobs in the same file (a killed process resumes them at its next start). With nothing configured it
// brings its own Aiven sandbox and Slack stand-in.
import { type App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { AwsClientSettings } from '../adapters/ec2/access';
import { makeDurableQueue } from '../adapters/queue/durable';
import { sendJobsAfterWrite } from '../adapters/store/outbox';
import type { Store } from '../adapters/store/roles';
import { openSqliteStore } from '../adapters/store/sqlite';
import { openJobsDatabase, type SqliteJobTable } from '../adapters/store/sqlite-jobs';
import { type Config, ConfigError } from '../config';
import type { Logger } from '../logger';
import type { Clock, JobQueue } from '../peering/ports';
import type { SweepResult } from '../peering/sweep';
import type { AivenSandbox } from '../sandbox/aiven-sandbox';
import type { Playground } from '../sandbox/playground';
import type { PlaygroundGuide } from '../sandbox/playground/protocol';
import type { SlackApiStandIn } from '../sandbox/slack-api';
import { SlackHttpReceiver } from '../slack/receiver/http';
import type { AcceptWork } from './accept';
import { makeWorkerSlackClient } from './clients';
import { makeWorker, type PollResult, systemClock } from './index';
import { resolveAiven } from './local-aiven';
import { resolveSlack } from './local-slack';
import { NO_AWS, playgroundConfig } from './playground-config';
import { startPoller } from './poller';
import { makeSlackApp } from './slack-app';

export interface LocalOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Delay between attempts of a failed job (default as SQS: 15 s, then 30 s; tests make it tiny). */
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
  store?: Store;
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
  store: Store;
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
  /** The poll's sweep for stuck work alone (tests). */
  sweep(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/**
 * PORT taken (another npm start, or anything else on 3000) reads like a bad setting, naming it and a
 * free-looking alternative that is not the playground's port.
 */
function portInUse(error: unknown, port: number, playgroundPort: number): ConfigError | undefined {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return undefined;
  const next = port + 1 === playgroundPort ? port + 2 : port + 1;
  return new ConfigError([
    `PORT: port ${port} (where Slack's requests arrive, POST /slack/events) is already in use (another npm start?); set a free port, e.g. PORT=${next}`,
  ]);
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
    logger.warn('JOBS_QUEUE_URL is ignored by npm start: jobs are kept in its SQLite file');
  if (config.store.kind === 'dynamodb')
    logger.warn('DYNAMODB_TABLE is ignored by npm start: it uses DATABASE_PATH');

  const sqlite = options.store
    ? undefined
    : openSqliteStore({
        // The playground's Slack lives in memory: records pointing at its messages must not outlive it.
        path: playground
          ? ':memory:'
          : config.store.kind === 'sqlite'
            ? config.store.path
            : './data/vpc-peer.db',
        clock,
      });
  // Another store (tests on DynamoDB) has no jobs table: its jobs get one of their own.
  const jobTable: SqliteJobTable & { close?(): void } = sqlite ? sqlite.jobs : openJobsDatabase();
  // Jobs enqueue jobs (the fast watch, the accept hook); the queue needs the jobs to run them: tie
  // the knot lazily.
  const later: JobQueue = { enqueue: (job, enqueueOptions) => queue.enqueue(job, enqueueOptions) };
  const store: Store = sqlite ?? sendJobsAfterWrite(options.store as Store, later);
  const jobs = makeWorker(
    {
      ...config,
      aiven: aivenConfig,
      ...(options.watchIntervalSeconds ? { watchIntervalSeconds: options.watchIntervalSeconds } : {}),
    },
    {
      store,
      queue: later,
      isQueued: (jobId) => queue.isQueued(jobId),
      slack: makeWorkerSlackClient({
        botToken: slack.botToken,
        apiUrl: slack.apiUrl,
        logger,
        ...(options.slackTimeoutMs ? { timeoutMs: options.slackTimeoutMs } : {}),
      }),
      aws: options.aws,
      clock,
      logger,
    },
  );
  const queue = makeDurableQueue({
    table: jobTable,
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

  const port = options.port ?? config.port;
  let started: unknown;
  try {
    // With the playground everything stays on this machine: the bot listens on loopback too.
    started = await app.start(playground ? { port, host: '127.0.0.1' } : port);
  } catch (error) {
    await queue.close();
    await store.close?.();
    await sandbox?.close();
    await playground?.close();
    throw portInUse(error, port, config.playgroundPort) ?? error;
  }
  // After the listener is up: a bot that could not start polls nothing.
  // Jobs a killed run left in the file start again now.
  queue.start();
  poller = startPoller({
    poll: jobs.poll,
    intervalMs: config.pollIntervalSeconds * 1000,
    logger: logger.child({ component: 'poller' }),
  });
  const pollTimer = poller;
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
    accept: jobs.accept,
    idle: () => queue.idle(),
    reconcile: () => pollTimer.runNow(),
    sweep: () => jobs.sweep.run(),
    async stop() {
      await pollTimer.stop();
      await app.stop();
      await queue.close();
      await store.close?.();
      if (!sqlite) jobTable.close?.();
      await sandbox?.close();
      await playground?.close();
    },
  };
}
