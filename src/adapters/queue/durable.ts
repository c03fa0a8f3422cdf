// `npm start`'s job queue: jobs live in the SQLite file (sqlite-jobs.ts), so a killed process loses
// none. Same contract as SQS: at least once, MAX_JOB_ATTEMPTS runs with waits of 15 s then 30 s, a
// lease (visibility timeout) on each run so a job whose run died comes back, delayed jobs.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import { type Job, type JobQueue, MAX_JOB_DELAY_SECONDS } from '../../peering/ports';
import { runnerId, runnerMayBeAlive, type SqliteJobTable, type TakenJob } from '../store/sqlite-jobs';
import { retryDelaySeconds } from './sqs-batch';

export interface DurableQueueOptions {
  table: SqliteJobTable;
  runJob: (job: Job) => Promise<void>;
  /** Called once when a job has failed its last attempt (or died in it), so the user hears about it. */
  onFinalFailure: (job: Job, error: unknown) => Promise<void>;
  logger: Logger;
  maxAttempts?: number;
  /** Wait before the attempt after `attempt` (1-based) failed; default as SQS: 15 s, 30 s, 60 s... */
  retryDelayMs?: (attempt: number) => number;
  /** How long a run owns its job without renewing; renewed every third of it while the run lives. */
  leaseMs?: number;
}

export interface DurableQueue extends JobQueue {
  /** Whether a job with this id is waiting or running (the sweeper leaves such work alone). */
  isQueued(jobId: string): Promise<boolean>;
  /** Takes the jobs left in the file (a restart) and runs what is due. */
  start(): void;
  /** Resolves when no job is due, running or waiting for a retry (delayed jobs do not count). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the runs in progress; waiting jobs stay in the file. */
  close(): Promise<void>;
}

const DEFAULT_LEASE_MS = 60_000;
/** Jobs run side by side at most: enough for a team's requests, gentle on Aiven and Slack. */
const MAX_RUNNING = 8;
/** The queue looks at the table at least this often (leases of dead runs elsewhere, clock jumps). */
const MAX_SLEEP_MS = 30_000;

export function makeDurableQueue(options: DurableQueueOptions): DurableQueue {
  const { table, runJob, onFinalFailure, logger } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => retryDelaySeconds(attempt) * 1000);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const runner = runnerId(randomUUID().slice(0, 8));

  const running = new Map<number, Promise<void>>();
  let started = false;
  let closed = false;
  let wake: NodeJS.Timeout | undefined;
  let idleWaiters: (() => void)[] = [];

  const heartbeat = setInterval(() => {
    if (running.size > 0) table.renew(runner, [...running.keys()], leaseMs);
  }, leaseMs / 3);
  heartbeat.unref();

  const checkIdle = () => {
    if (idleWaiters.length === 0 || running.size > 0 || table.countBusy() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const sleepUntilNextDue = () => {
    if (wake) clearTimeout(wake);
    if (closed) return;
    const next = table.nextDueMs();
    const delay = next === undefined ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, next - Date.now()));
    wake = setTimeout(pump, delay);
    wake.unref();
  };

  async function attempt({ seq, job, attempt: n }: TakenJob): Promise<void> {
    const context = { jobKind: job.kind, jobId: job.id, attempt: n, maxAttempts };
    if (n > maxAttempts) {
      // Its last run ended with the process (killed, crashed): as SQS's dead-letter queue, tell.
      await reportFinal(
        seq,
        job,
        context,
        new Error('the job was stopped before it finished (process ended)'),
      );
      return;
    }
    try {
      await runJob(job);
      table.finish(runner, seq);
      return;
    } catch (error) {
      if (n < maxAttempts) {
        const delay = retryDelayMs(n);
        logger.warn({ ...context, err: error, retryInMs: delay }, 'job failed; will retry');
        table.retryLater(runner, seq, delay);
        return;
      }
      logger.error({ ...context, err: error }, 'job failed on its last attempt');
      await reportFinal(seq, job, context, error);
    }
  }

  async function reportFinal(seq: number, job: Job, context: object, error: unknown): Promise<void> {
    try {
      await onFinalFailure(job, error);
    } catch (reportError) {
      // The sweeper of the next poll finds the work stuck and resumes it.
      logger.error({ ...context, err: reportError }, 'reporting the failed job failed too');
    }
    table.finish(runner, seq);
  }

  function pump(): void {
    if (closed || !started) return;
    try {
      const free = MAX_RUNNING - running.size;
      const taken = free > 0 ? table.take(runner, leaseMs, free) : [];
      for (const item of taken) {
        const run = attempt(item)
          .catch((error: unknown) => logger.error({ err: error, jobId: item.job.id }, 'job queue failure'))
          .finally(() => {
            running.delete(item.seq);
            pump();
          });
        running.set(item.seq, run);
      }
    } catch (error) {
      // The file is busy or unreadable: the next wake-up tries again.
      logger.error({ err: error }, 'could not read the jobs table');
    }
    sleepUntilNextDue();
    checkIdle();
  }

  return {
    async enqueue(job, enqueueOptions) {
      if (closed) throw new Error(`job queue is closed; ${job.kind} job ${job.id} was not accepted`);
      const delaySeconds = Math.min(MAX_JOB_DELAY_SECONDS, Math.max(0, enqueueOptions?.delaySeconds ?? 0));
      table.add(job, delaySeconds * 1000);
    },
    async isQueued(jobId) {
      return table.has(jobId);
    },
    start() {
      if (started) return;
      started = true;
      table.onAdded(() => pump());
      const released = table.releaseDeadRunners(runnerMayBeAlive);
      if (released > 0) logger.warn({ jobs: released }, 'took back jobs whose run ended with its process');
      pump();
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    async close() {
      closed = true;
      if (wake) clearTimeout(wake);
      clearInterval(heartbeat);
      await Promise.all(running.values());
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    },
  };
}
