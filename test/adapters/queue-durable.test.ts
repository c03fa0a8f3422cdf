import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { makeDurableQueue } from '../../src/adapters/queue/durable';
import { openSqliteStore, type SqliteStore } from '../../src/adapters/store/sqlite';
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

const stores: SqliteStore[] = [];
function tempStore(path = join(mkdtempSync(join(tmpdir(), 'vpc-peer-jobs-')), 'bot.db')) {
  const opened = openSqliteStore({ path });
  stores.push(opened);
  const store = Object.assign(opened, {
    enqueueForTest: async (j: Job) => opened.jobs.add(j),
  });
  return { store, path };
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close?.();
});

function queueOn(store: SqliteStore, options: Partial<Parameters<typeof makeDurableQueue>[0]> = {}) {
  const { logger } = capturingLogger();
  const queue = makeDurableQueue({
    table: store.jobs,
    runJob: async () => {},
    onFinalFailure: async () => {},
    logger,
    ...options,
  });
  queue.start();
  return queue;
}

describe('durable job queue (SQLite)', () => {
  test('enqueue returns before the job starts', async () => {
    const { store } = tempStore();
    const started: string[] = [];
    const queue = queueOn(store, {
      runJob: async (j) => {
        started.push(j.id);
      },
    });
    await queue.enqueue(job);
    expect(started).toEqual([]);
    await queue.idle();
    expect(started).toEqual(['job-1']);
    await queue.close();
  });

  test('retries a failing job, then reports its final failure once', async () => {
    const { store } = tempStore();
    const { logger, lines } = capturingLogger();
    const attempts: number[] = [];
    const finalFailures: { job: Job; error: unknown }[] = [];
    const queue = queueOn(store, {
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
    expect(finalFailures).toEqual([{ job, error: new Error('attempt 3 failed') }]);
    const failures = lines.filter((line) => line.jobId === 'job-1' && line.jobKind === 'create-peering');
    expect(failures).toHaveLength(3);
    expect(store.jobs.has('job-1')).toBe(false);
    await queue.close();
  });

  test('a job that succeeds on retry is not reported', async () => {
    const { store } = tempStore();
    let calls = 0;
    const onFinalFailure = jest.fn(async () => {});
    const queue = queueOn(store, {
      runJob: async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
      },
      onFinalFailure,
      retryDelayMs: () => 1,
    });
    await queue.enqueue(job);
    await queue.idle();
    expect(calls).toBe(2);
    expect(onFinalFailure).not.toHaveBeenCalled();
    await queue.close();
  });

  test('a failure while reporting is logged, not thrown', async () => {
    const { store } = tempStore();
    const { logger, lines } = capturingLogger();
    const queue = queueOn(store, {
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
    await queue.close();
  });

  test('waits of 15 s then 30 s between attempts by default, as SQS', async () => {
    const { store } = tempStore();
    const { logger, lines } = capturingLogger();
    let calls = 0;
    const queue = queueOn(store, {
      runJob: async () => {
        calls += 1;
        throw new Error('Slack timed out');
      },
      logger,
    });
    await queue.enqueue(job);
    while (calls < 1 || !lines.some((l) => l.msg === 'job failed; will retry'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(lines.find((l) => l.msg === 'job failed; will retry')?.retryInMs).toBe(15_000);
    await queue.close();
  });

  test('close keeps a waiting retry in the file and refuses new jobs; the next start runs it', async () => {
    const { store, path } = tempStore();
    let calls = 0;
    const first = queueOn(store, {
      runJob: async () => {
        calls += 1;
        throw new Error('transient');
      },
      // Far longer than any test run: only a new start on a later clock could take it earlier.
      retryDelayMs: () => 3_600_000,
    });
    await first.enqueue(job);
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    await first.close();
    await expect(first.enqueue(job)).rejects.toThrow(/closed/);
    expect(store.jobs.has('job-1')).toBe(true);
    await store.close?.();

    // The same file, an hour later.
    jest.useFakeTimers({
      doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'],
      now: Date.now() + 3_600_001,
    });
    try {
      const { store: reopened } = tempStore(path);
      const ran: string[] = [];
      const second = queueOn(reopened, {
        runJob: async (j) => {
          ran.push(j.id);
        },
      });
      await second.idle();
      expect(ran).toEqual(['job-1']);
      await second.close();
    } finally {
      jest.useRealTimers();
    }
  });

  test.each([
    [3, { ran: 1, reported: 0 }],
    [1, { ran: 0, reported: 1 }],
  ])(
    'a job whose process died comes back at the next start (MAX_JOB_ATTEMPTS %i)',
    async (maxAttempts, expected) => {
      const { store, path } = tempStore();
      await store.enqueueForTest(job);
      await store.enqueueForTest({ ...job, id: 'job-elsewhere' });
      // Runs in processes that died: one on this host (no such pid), one on another host.
      expect(store.jobs.take(`${hostname()}:999999999:x`, 3_600_000, 1).map((t) => t.job.id)).toEqual([
        'job-1',
      ]);
      expect(store.jobs.take('other-host:123:y', 3_600_000, 1).map((t) => t.job.id)).toEqual([
        'job-elsewhere',
      ]);
      await store.close?.();

      const { store: reopened } = tempStore(path);
      const ran: string[] = [];
      const reported: { job: Job; error: unknown }[] = [];
      const queue = queueOn(reopened, {
        runJob: async (j) => {
          ran.push(j.id);
        },
        onFinalFailure: async (j, error) => {
          reported.push({ job: j, error });
        },
        maxAttempts,
      });
      // Without waiting out the hour-long lease: the process that held it is gone.
      while (reopened.jobs.has('job-1')) await new Promise((resolve) => setTimeout(resolve, 5));
      await queue.close();
      expect(ran).toHaveLength(expected.ran);
      expect(reported).toHaveLength(expected.reported);
      if (expected.reported) expect(String(reported[0]?.error)).toContain('stopped before it finished');
      // Another host's lease stands until it runs out: that process may still be running it.
      expect(ran).not.toContain('job-elsewhere');
      expect(reopened.jobs.has('job-elsewhere')).toBe(true);
    },
  );

  test('a delayed job runs after its delay and does not hold up idle()', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { store } = tempStore();
      const started: string[] = [];
      const queue = queueOn(store, {
        runJob: async (j) => {
          started.push(j.id);
        },
      });
      const watch: Job = {
        kind: 'watch-peering',
        id: 'watch-1',
        peeringId: 'peering-1',
        until: '2026-07-01T12:10:00.000Z',
      };
      await queue.enqueue(watch, { delaySeconds: 12 });
      await new Promise((resolve) => setImmediate(resolve));
      await queue.idle();
      expect(started).toEqual([]);
      jest.advanceTimersByTime(11_999);
      await queue.idle();
      expect(started).toEqual([]);
      jest.advanceTimersByTime(1);
      await new Promise((resolve) => setImmediate(resolve));
      await queue.idle();
      expect(started).toEqual(['watch-1']);
      await queue.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
