// Dispatches queued jobs to their handlers. Both queues (durable local, SQS) call these two functions.
import type { Job } from './peering/ports';

/** What a queue knows about one run of a job. */
export interface JobContext {
  /**
   * Epoch ms by which the run must have finished, leaving time to report (Lambda: the invocation's
   * remaining time minus a reserve). A job stops starting slow calls that cannot finish before it.
   */
  deadline: number;
}

export interface JobHandler<K extends Job['kind']> {
  run(job: Extract<Job, { kind: K }>, context?: JobContext): Promise<void>;
  /** The queue gave up on the job: tell the user instead of letting it vanish. */
  giveUp(job: Extract<Job, { kind: K }>, error: unknown): Promise<void>;
}

export type JobHandlers = { [K in Job['kind']]: JobHandler<K> };

export interface JobRunner {
  runJob(job: Job, context?: JobContext): Promise<void>;
  onFinalFailure(job: Job, error: unknown): Promise<void>;
}

export function makeJobRunner(handlers: JobHandlers): JobRunner {
  // The casts are safe: the handler is picked by the job's own kind.
  const handlerFor = (job: Job) => handlers[job.kind] as JobHandler<Job['kind']>;
  return {
    runJob: (job, context) => handlerFor(job).run(job as never, context),
    onFinalFailure: (job, error) => handlerFor(job).giveUp(job as never, error),
  };
}
