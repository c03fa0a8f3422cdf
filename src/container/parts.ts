// The parts every worker-side factory is built from: one of each per worker (container/index.ts).
import type { WebClient } from '@slack/web-api';
import type { Store } from '../adapters/store/roles';
import type { Logger } from '../logger';
import type { AivenApi, Clock, JobQueue } from '../peering/ports';
import type { MessageDelivery } from '../slack/delivery';

export interface WorkerParts {
  aiven: AivenApi;
  store: Store;
  /** The worker's Slack client (clients.ts: no client retries). */
  slack: WebClient;
  /** The one at-most-once poster of every job: it looks before posting again. */
  delivery: MessageDelivery;
  /** Jobs enqueue jobs (the fast watch re-enqueues itself, the accept hook queues its plan). */
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}
