// Lambda worker (SQS) and poller (schedule) functions: the half of the system that calls Aiven.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleSqsBatch } from '../adapters/queue/sqs';
import type { Env } from '../config';
import type { ReconcileResult } from '../peering/reconcile';
import { makeAwsQueue, makeAwsStore } from './aws';
import { makeAiven, makeWorkerSlackClient } from './clients';
import { makeJobs } from './index';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';

async function bootWorker(env: Env) {
  const { config, logger } = await boot(env);
  const slack = requireSlackApp(config);
  const aivenConfig = requireAiven(config);
  const store = makeAwsStore(config);
  const aiven = makeAiven(aivenConfig, logger);
  const jobs = makeJobs({
    organizationId: aivenConfig.organizationId,
    aiven,
    store,
    slack: makeWorkerSlackClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, logger }),
    logger,
    queue: makeAwsQueue(config),
    notifyChannelId: config.notifyChannelId,
  });
  return { config, logger, store, aiven, jobs, organizationId: aivenConfig.organizationId };
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

/**
 * Scheduled poller: one reconcile per minute. It refreshes the org VPC snapshot (so Slack requests
 * answer from the store) and announces every peering change in its thread.
 */
export function makeLambdaPollerHandler(env: Env): () => Promise<ReconcileResult> {
  const worker = once(() => bootWorker(env));
  return async () => {
    const { logger, jobs } = await worker();
    try {
      const result = await jobs.reconcile.run();
      logger.info(result, 'reconciled peerings with Aiven');
      return result;
    } catch (error) {
      // Nothing was concluded from a failed read; the next run, a minute later, tries again. The
      // failed invocation shows in the function's Errors metric.
      logger.warn({ err: error }, 'reconcile could not read Aiven; trying again next minute');
      throw error;
    }
  };
}
