// The jobs table of the SQLite file: `npm start`'s durable queue (src/adapters/queue/durable.ts) and the
// outbox of the store's writes. A store write that needs work done (a new request and its create job,
// an approval and its delete job) adds the job in the same transaction, so a crash leaves both or
// neither. A job taken by a run is leased: its row stays until the run finished, and comes back when
// the lease runs out (or at once when the process that held it is gone).
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { Job } from '../../peering/ports';

/** Appended to MIGRATIONS in sqlite.ts. */
export const JOBS_MIGRATION = `
  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    job TEXT NOT NULL,
    -- Not before: the delay of a new job, the backoff of a failed one, the lease of a running one.
    due_at_ms INTEGER NOT NULL,
    -- Runs started, as SQS's ApproximateReceiveCount.
    attempts INTEGER NOT NULL DEFAULT 0,
    -- Who runs it now: host:pid:instance; NULL while it waits.
    leased_by TEXT
  );
  CREATE INDEX jobs_due ON jobs (due_at_ms);
  CREATE INDEX jobs_job_id ON jobs (job_id);`;

export interface TakenJob {
  seq: number;
  job: Job;
  /** This run's number, 1 for the first. */
  attempt: number;
}

export interface SqliteJobTable {
  /** Adds a job; call inside a store transaction to make it part of that write. */
  add(job: Job, delayMs?: number): void;
  /** Takes up to `limit` due jobs for `runner`, leased for `leaseMs`. */
  take(runner: string, leaseMs: number, limit: number): TakenJob[];
  renew(runner: string, seqs: number[], leaseMs: number): void;
  /** The run finished (done, or its failure reported): the job goes. */
  finish(runner: string, seq: number): void;
  /** The run failed: the job waits `delayMs`, then another run takes it. */
  retryLater(runner: string, seq: number, delayMs: number): void;
  /** Jobs leased by processes of this host that no longer exist come back now. */
  releaseDeadRunners(isAlive: (runner: string) => boolean): number;
  /** A job with this id is waiting or running. */
  has(jobId: string): boolean;
  /** When the next waiting job is due (epoch ms), if any. */
  nextDueMs(): number | undefined;
  /** Jobs that are due, running or waiting for a retry: what `idle()` waits for (delayed ones are not). */
  countBusy(): number;
  /** Called after every add, once the transaction that added it committed. */
  onAdded(listener: () => void): void;
}

/** A runner id for this process: the host and pid let a restart see that the old process is gone. */
export function runnerId(instance: string): string {
  return `${hostname()}:${process.pid}:${instance}`;
}

/** True unless `runner` is a process on this host that no longer exists. */
export function runnerMayBeAlive(runner: string): boolean {
  const [host, pidText] = runner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as { code?: string }).code !== 'ESRCH';
  }
}

export function makeSqliteJobTable(db: Database.Database): SqliteJobTable {
  const insert = db.prepare('INSERT INTO jobs (job_id, job, due_at_ms) VALUES (?, ?, ?)');
  const selectDue = db.prepare<[number, number], { seq: number; job: string; attempts: number }>(
    'SELECT seq, job, attempts FROM jobs WHERE due_at_ms <= ? ORDER BY due_at_ms, seq LIMIT ?',
  );
  const lease = db.prepare(
    'UPDATE jobs SET attempts = attempts + 1, leased_by = ?, due_at_ms = ? WHERE seq = ?',
  );
  const renewOne = db.prepare('UPDATE jobs SET due_at_ms = ? WHERE seq = ? AND leased_by = ?');
  const remove = db.prepare('DELETE FROM jobs WHERE seq = ? AND leased_by = ?');
  const release = db.prepare(
    'UPDATE jobs SET leased_by = NULL, due_at_ms = ? WHERE seq = ? AND leased_by = ?',
  );
  const selectRunners = db.prepare<[], { leased_by: string }>(
    'SELECT DISTINCT leased_by FROM jobs WHERE leased_by IS NOT NULL',
  );
  const releaseRunner = db.prepare('UPDATE jobs SET leased_by = NULL, due_at_ms = ? WHERE leased_by = ?');
  const selectById = db.prepare<[string], { seq: number }>('SELECT seq FROM jobs WHERE job_id = ? LIMIT 1');
  const selectNextDue = db.prepare<[], { due: number | null }>(
    'SELECT MIN(due_at_ms) AS due FROM jobs WHERE leased_by IS NULL',
  );
  const selectBusy = db.prepare<[number], { n: number }>(
    'SELECT COUNT(*) AS n FROM jobs WHERE due_at_ms <= ? OR attempts > 0',
  );
  const listeners: (() => void)[] = [];

  const takeMany = db.transaction((runner: string, leaseMs: number, limit: number): TakenJob[] => {
    const now = Date.now();
    return selectDue.all(now, limit).map((row) => {
      lease.run(runner, now + leaseMs, row.seq);
      return { seq: row.seq, job: JSON.parse(row.job) as Job, attempt: row.attempts + 1 };
    });
  });

  return {
    add(job, delayMs = 0) {
      insert.run(job.id, JSON.stringify(job), Date.now() + delayMs);
      // On a later turn: inside a transaction the job is not committed yet, and a Slack ack must not
      // wait for the job to start.
      setImmediate(() => {
        for (const listener of listeners) listener();
      });
    },
    take: (runner, leaseMs, limit) => takeMany.immediate(runner, leaseMs, limit),
    renew(runner, seqs, leaseMs) {
      const until = Date.now() + leaseMs;
      for (const seq of seqs) renewOne.run(until, seq, runner);
    },
    finish(runner, seq) {
      remove.run(seq, runner);
    },
    retryLater(runner, seq, delayMs) {
      release.run(Date.now() + delayMs, seq, runner);
    },
    releaseDeadRunners(isAlive) {
      let released = 0;
      for (const { leased_by: runner } of selectRunners.all()) {
        if (!isAlive(runner)) released += releaseRunner.run(Date.now(), runner).changes;
      }
      return released;
    },
    has: (jobId) => selectById.get(jobId) !== undefined,
    nextDueMs: () => selectNextDue.get()?.due ?? undefined,
    countBusy: () => selectBusy.get(Date.now())?.n ?? 0,
    onAdded(listener) {
      listeners.push(listener);
    },
  };
}

/** A jobs table on its own (the bot on a store other than SQLite: tests on DynamoDB). */
export function openJobsDatabase(path = ':memory:'): SqliteJobTable & { close(): void } {
  const db = new Database(path);
  db.exec(JOBS_MIGRATION);
  return { ...makeSqliteJobTable(db), close: () => db.close() };
}
