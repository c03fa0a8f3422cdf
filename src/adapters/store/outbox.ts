// The outbox of a store that cannot hold jobs itself (DynamoDB, whose jobs go to SQS): the write
// first, then the send. A process that dies in between leaves the record without its job; the
// sweeper of the next polls finds that work stuck and queues it again (src/peering/sweep.ts).

import {
  type DeletionRequestStore,
  type Job,
  type JobQueue,
  JobsNotQueuedError,
  type PeeringRecordStore,
} from '../../peering/ports';

/** The roles whose writes take `jobs`. */
type OutboxWriter = Pick<PeeringRecordStore, 'insertPeering'> &
  Pick<DeletionRequestStore, 'openDeletionRequest' | 'decideDeletionRequest' | 'approveDeletionRequest'>;

export function sendJobsAfterWrite<S extends OutboxWriter>(store: S, queue: JobQueue): S {
  const send = async (jobs: readonly Job[] | undefined) => {
    const lost: Job[] = [];
    let cause: unknown;
    // Each job on its own: one refused send must not keep the others from their queue.
    for (const job of jobs ?? []) {
      try {
        await queue.enqueue(job);
      } catch (error) {
        lost.push(job);
        cause = error;
      }
    }
    if (lost.length > 0) throw new JobsNotQueuedError(lost, cause);
  };
  // Not a spread: a lazily loaded store (src/container/lazy.ts) has its methods behind a proxy.
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'insertPeering')
        return async (...args: Parameters<OutboxWriter['insertPeering']>) => {
          const [record, jobs] = args;
          const result = await target.insertPeering(record);
          if (result.created) await send(jobs);
          return result;
        };
      if (property === 'openDeletionRequest')
        return async (...args: Parameters<OutboxWriter['openDeletionRequest']>) => {
          const [request, event, jobs] = args;
          const result = await target.openDeletionRequest(request, event);
          if (result.created) await send(jobs);
          return result;
        };
      if (property === 'decideDeletionRequest')
        return async (...args: Parameters<OutboxWriter['decideDeletionRequest']>) => {
          const [id, decision, event, jobs] = args;
          const result = await target.decideDeletionRequest(id, decision, event);
          if (result.won) await send(jobs);
          return result;
        };
      if (property === 'approveDeletionRequest')
        return async (...args: Parameters<OutboxWriter['approveDeletionRequest']>) => {
          const [id, approval, event, jobs] = args;
          const result = await target.approveDeletionRequest(id, approval, event);
          if (result.kind === 'counted' || result.kind === 'complete') await send(jobs?.[result.kind]);
          return result;
        };
      return Reflect.get(target, property, receiver);
    },
  });
}
