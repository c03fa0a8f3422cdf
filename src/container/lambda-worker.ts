// Lambda worker (SQS) and poller (schedule) functions: the half of the system that calls Aiven.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleSqsBatch } from '../adapters/queue/sqs';
import type { Env } from '../config';
import { refreshSnapshot } from '../peering/snapshot';
import { makeAcceptWork } from './accept';
import { makeAwsQueue, makeAwsStore } from './aws';
import { makeAiven, makeWorkerSlackClient } from './clients';
import { makeJobs, systemClock } from './index';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';

async function bootWorker(env: Env) {
  const { config, logger } = await boot(env);
  const slack = requireSlackApp(config);
  const aivenConfig = requireAiven(config);
  const store = makeAwsStore(config);
  const aiven = makeAiven(aivenConfig, logger);
  const slackClient = makeWorkerSlackClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, logger });
  const queue = makeAwsQueue(config);
  const accept = makeAcceptWork({
    config: config.accept,
    store,
    slack: slackClient,
    logger,
    clock: systemClock,
    enqueue: (job) => queue.enqueue(job),
  });
  const jobs = makeJobs({
    organizationId: aivenConfig.organizationId,
    aiven,
    store,
    slack: slackClient,
    logger,
    accept,
  });
  return { config, logger, store, aiven, jobs, accept, organizationId: aivenConfig.organizationId };
}

/** SQS worker function: runs jobs, reports partial batch failures, tells users about final failures. */
export function makeLambdaWorkerHandler(
  env: Env,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const worker = once(() => bootWorker(env));
  return async (event) => {
    const { config, logger, jobs } = await worker();
    return handleSqsBatch(event, {
      runJob: jobs.runJob,
      onFinalFailure: jobs.onFinalFailure,
      logger,
      maxReceiveCount: config.maxJobAttempts,
    });
  };
}

/** Scheduled poller: keeps the org VPC snapshot fresh so the create form opens without waiting for Aiven. */
export function makeLambdaPollerHandler(env: Env): () => Promise<{ vpcs: number; peerings: number }> {
  const worker = once(() => bootWorker(env));
  return async () => {
    const { logger, store, aiven, organizationId } = await worker();
    const snapshot = await refreshSnapshot({ aiven, store, clock: systemClock, organizationId });
    const result = {
      vpcs: snapshot.vpcs.length,
      peerings: snapshot.vpcs.reduce((sum, details) => sum + details.peerings.length, 0),
    };
    logger.info(result, 'org VPC snapshot refreshed');
    return result;
  };
}
