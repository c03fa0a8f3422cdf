// `npm start`'s stand-in for the scheduled poller Lambda: a poll (expiries, reconcile) on a timer,
// one run at a time.
import type { Logger } from '../logger';
import type { PollResult } from './index';

export interface Poller {
  /** Runs a poll now, or waits for the one already running; undefined when it failed. */
  runNow(): Promise<PollResult | undefined>;
  /**
   * A poll that starts after this call: runs now, or once more after the run in progress (which may
   * have read Aiven before the change the caller just made). Calls while one is waiting share it.
   */
  refresh(): Promise<PollResult | undefined>;
  /** Stops the timer and waits for a run in progress, so the store is not closed under it. */
  stop(): Promise<void>;
}

export function startPoller(options: {
  poll: { run(): Promise<PollResult> };
  intervalMs: number;
  logger: Logger;
}): Poller {
  let running: Promise<PollResult | undefined> | undefined;
  let next: Promise<PollResult | undefined> | undefined;
  let stopped = false;

  const runNow = (): Promise<PollResult | undefined> => {
    if (running) return running;
    running = options.poll
      .run()
      .then((result) => {
        options.logger.debug(result, 'reconciled peerings with Aiven');
        return result;
      })
      .catch((error: unknown) => {
        // Aiven unreachable: nothing is concluded, the next tick tries again.
        options.logger.warn({ err: error }, 'reconcile failed; trying again next interval');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const refresh = (): Promise<PollResult | undefined> => {
    if (!running) return runNow();
    next ??= running.then(() => {
      next = undefined;
      return stopped ? undefined : runNow();
    });
    return next;
  };

  const timer = setInterval(() => {
    if (!stopped) void runNow();
  }, options.intervalMs);
  timer.unref();

  return {
    runNow,
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await next;
      await running;
    },
  };
}
