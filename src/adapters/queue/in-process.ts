import type { Logger } from '../../logger';
import { type Job, type JobQueue, MAX_JOB_DELAY_SECONDS } from '../../peering/ports';

export interface InProcessQueueOptions {
  runJob: (job: Job) => Promise<void>;
  /** Called once when a job has failed its last attempt, so the user hears about it. */
  onFinalFailure: (job: Job, error: unknown) => Promise<void>;
  logger: Logger;
  maxAttempts?: number;
  /** Delay before the attempt after `attempt` (1-based) failed. */
  retryDelayMs?: (attempt: number) => number;
}

export interface InProcessQueue extends JobQueue {
  /**
   * Resolves when no job is running or waiting for a retry. Delayed jobs (enqueued with
   * delaySeconds) do not count until their delay is over: a 10-minute watch must not hold up idle().
   */
  idle(): Promise<void>;
  /**
   * Refuses new jobs, runs waiting retries now, drops delayed jobs (they only speed up what the
   * poll does anyway) and resolves when everything has finished.
   */
  close(): Promise<void>;
}

const defaultRetryDelayMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 30_000);

/**
 * The local stand-in for SQS: same at-least-once-with-retries contract, in one process. Jobs start on a
 * later turn of the event loop so enqueue never makes Slack's ack wait for the work.
 */
export function makeInProcessQueue(options: InProcessQueueOptions): InProcessQueue {
  const { runJob, onFinalFailure, logger } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;

  let pending = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  const waitingRetries = new Map<NodeJS.Timeout, () => void>();
  const delayed = new Set<NodeJS.Timeout>();

  const start = (job: Job) => {
    pending += 1;
    setImmediate(() => void attempt(job, 1));
  };

  const settleOne = () => {
    pending -= 1;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const schedule = (delayMs: number, run: () => void) => {
    const timer = setTimeout(() => {
      waitingRetries.delete(timer);
      run();
    }, delayMs);
    waitingRetries.set(timer, run);
  };

  const attempt = async (job: Job, attemptNumber: number): Promise<void> => {
    const context = { jobKind: job.kind, jobId: job.id, attempt: attemptNumber, maxAttempts };
    try {
      await runJob(job);
      settleOne();
      return;
    } catch (error) {
      if (attemptNumber < maxAttempts) {
        logger.warn({ ...context, err: error }, 'job failed; will retry');
        schedule(closed ? 0 : retryDelayMs(attemptNumber), () => void attempt(job, attemptNumber + 1));
        return;
      }
      logger.error({ ...context, err: error }, 'job failed on its last attempt');
      try {
        await onFinalFailure(job, error);
      } catch (reportError) {
        // Last line of defence: the log is then the only trace of the lost job.
        logger.error({ ...context, err: reportError }, 'reporting the failed job failed too');
      }
      settleOne();
    }
  };

  const idle = (): Promise<void> => {
    if (pending === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  };

  return {
    async enqueue(job, options) {
      if (closed) throw new Error(`job queue is closed; ${job.kind} job ${job.id} was not accepted`);
      const delaySeconds = Math.min(MAX_JOB_DELAY_SECONDS, Math.max(0, options?.delaySeconds ?? 0));
      if (delaySeconds === 0) {
        start(job);
        return;
      }
      const timer = setTimeout(() => {
        delayed.delete(timer);
        if (!closed) start(job);
      }, delaySeconds * 1000);
      delayed.add(timer);
    },
    idle,
    async close() {
      closed = true;
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      // Waiting out a backoff at shutdown would only delay exit; giving up would lose the job.
      for (const [timer, run] of waitingRetries) {
        clearTimeout(timer);
        waitingRetries.delete(timer);
        run();
      }
      await idle();
    },
  };
}
