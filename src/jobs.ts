// Dispatches queued jobs to their handlers. Both queues (in-process, SQS) call these two functions.
import type { Job } from './peering/ports';

export interface JobHandler<K extends Job['kind']> {
  run(job: Extract<Job, { kind: K }>): Promise<void>;
  /** The queue gave up on the job: tell the user instead of letting it vanish. */
  giveUp(job: Extract<Job, { kind: K }>, error: unknown): Promise<void>;
}

export type JobHandlers = { [K in Job['kind']]: JobHandler<K> };

export interface JobRunner {
  runJob(job: Job): Promise<void>;
  onFinalFailure(job: Job, error: unknown): Promise<void>;
}

export function makeJobRunner(handlers: JobHandlers): JobRunner {
  // The casts are safe: the handler is picked by the job's own kind.
  const handlerFor = (job: Job) => handlers[job.kind] as JobHandler<Job['kind']>;
  return {
    runJob: (job) => handlerFor(job).run(job as never),
    onFinalFailure: (job, error) => handlerFor(job).giveUp(job as never, error),
  };
}
