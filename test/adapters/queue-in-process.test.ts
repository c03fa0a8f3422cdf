import { Writable } from 'node:stream';
import { makeInProcessQueue } from '../../src/adapters/queue/in-process';
import { makeLogger } from '../../src/logger';
import type { Job } from '../../src/peering/ports';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: makeLogger({ level: 'info', destination }), lines };
}

const job: Job = { kind: 'create-peering', id: 'job-1', peeringId: 'peering-1' };

describe('in-process job queue', () => {
  test('enqueue returns before the job starts', async () => {
    const { logger } = capturingLogger();
    const started: string[] = [];
    const queue = makeInProcessQueue({
      runJob: async (j) => {
        started.push(j.id);
      },
      onFinalFailure: async () => {},
      logger,
    });
    await queue.enqueue(job);
    expect(started).toEqual([]);
    await queue.idle();
    expect(started).toEqual(['job-1']);
  });

  test('retries a failing job, then reports its final failure once', async () => {
    const { logger, lines } = capturingLogger();
    const attempts: number[] = [];
    const finalFailures: { job: Job; error: unknown }[] = [];
    const queue = makeInProcessQueue({
      runJob: async () => {
        attempts.push(attempts.length + 1);
        throw new Error(`attempt ${attempts.length} failed`);
      },
      onFinalFailure: async (failed, error) => {
        finalFailures.push({ job: failed, error });
      },
      logger,
      maxAttempts: 3,
      retryDelayMs: () => 1,
    });
    await queue.enqueue(job);
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(finalFailures).toHaveLength(1);
    expect(finalFailures[0]).toEqual({ job, error: new Error('attempt 3 failed') });
    const failures = lines.filter((line) => line.jobId === 'job-1' && line.jobKind === 'create-peering');
    expect(failures).toHaveLength(3);
  });

  test('a job that succeeds on retry is not reported', async () => {
    const { logger } = capturingLogger();
    let calls = 0;
    const onFinalFailure = jest.fn(async () => {});
    const queue = makeInProcessQueue({
      runJob: async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
      },
      onFinalFailure,
      logger,
      retryDelayMs: () => 1,
    });
    await queue.enqueue(job);
    await queue.idle();
    expect(calls).toBe(2);
    expect(onFinalFailure).not.toHaveBeenCalled();
  });

  test('a failure while reporting is logged, not thrown', async () => {
    const { logger, lines } = capturingLogger();
    const queue = makeInProcessQueue({
      runJob: async () => {
        throw new Error('broken');
      },
      onFinalFailure: async () => {
        throw new Error('slack is down');
      },
      logger,
      maxAttempts: 1,
    });
    await queue.enqueue(job);
    await queue.idle();
    expect(lines.some((line) => line.msg === 'reporting the failed job failed too')).toBe(true);
  });

  test('close runs waiting retries instead of dropping them, then refuses new jobs', async () => {
    const { logger } = capturingLogger();
    let calls = 0;
    const queue = makeInProcessQueue({
      runJob: async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
      },
      onFinalFailure: async () => {},
      logger,
      // Far longer than any test run: only close() can make the retry happen.
      retryDelayMs: () => 3_600_000,
    });
    await queue.enqueue(job);
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    await queue.close();
    expect(calls).toBe(2);
    await expect(queue.enqueue(job)).rejects.toThrow(/closed/);
  });

  test('a delayed job runs after its delay, does not hold up idle(), and is dropped at close', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { logger } = capturingLogger();
      const started: string[] = [];
      const queue = makeInProcessQueue({
        runJob: async (j) => {
          started.push(j.id);
        },
        onFinalFailure: async () => {},
        logger,
      });
      const watch: Job = {
        kind: 'watch-peering',
        id: 'watch-1',
        peeringId: 'peering-1',
        until: '2026-07-01T12:10:00.000Z',
      };
      await queue.enqueue(watch, { delaySeconds: 12 });
      await queue.idle();
      expect(started).toEqual([]);
      jest.advanceTimersByTime(11_999);
      await queue.idle();
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      await queue.idle();
      expect(started).toEqual(['watch-1']);

      await queue.enqueue({ ...watch, id: 'watch-2' }, { delaySeconds: 12 });
      await queue.close();
      jest.advanceTimersByTime(60_000);
      expect(started).toEqual(['watch-1']);
    } finally {
      jest.useRealTimers();
    }
  });
});
