// Lambda worker (SQS) and poller (schedule) functions: the half of the system that calls Aiven.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleSqsBatch } from '../adapters/queue/sqs';
import type { Env } from '../config';
import { refreshSnapshot } from '../peering/snapshot';
import { makeResponseUrlPoster, makeSlackNotifier } from '../slack/notifier';
import { makeAwsStore } from './aws';
import { makeAiven, makeWorkerSlackClient } from './clients';
import { makeDeletionWork } from './deletion';
import { makeJobs, systemClock } from './index';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';

async function bootWorker(env: Env) {
  const { config, logger } = await boot(env);
  const slack = requireSlackApp(config);
  const aivenConfig = requireAiven(config);
  const store = makeAwsStore(config);
  const aiven = makeAiven(aivenConfig, logger);
  const slackClient = makeWorkerSlackClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, logger });
  const jobs = makeJobs({
    organizationId: aivenConfig.organizationId,
    aiven,
    store,
    slack: slackClient,
    logger,
  });
  const { expireDeletionRequests } = makeDeletionWork({
    aiven,
    store,
    slack: slackClient,
    notifier: makeSlackNotifier({
      client: slackClient,
      postToResponseUrl: makeResponseUrlPoster({ timeoutMs: 10_000 }),
    }),
    logger,
    clock: systemClock,
  });
  return {
    config,
    logger,
    store,
    aiven,
    jobs,
    expireDeletionRequests,
    organizationId: aivenConfig.organizationId,
  };
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
export function makeLambdaPollerHandler(
  env: Env,
): () => Promise<{ vpcs: number; peerings: number; expiredDeletionRequests: number }> {
  const worker = once(() => bootWorker(env));
  return async () => {
    const { logger, store, aiven, organizationId, expireDeletionRequests } = await worker();
    // Expiry first: it needs only the store and Slack, so an Aiven outage cannot keep requests open.
    const expiredDeletionRequests = await expireDeletionRequests();
    const snapshot = await refreshSnapshot({ aiven, store, clock: systemClock, organizationId });
    const result = {
      vpcs: snapshot.vpcs.length,
      peerings: snapshot.vpcs.reduce((sum, details) => sum + details.peerings.length, 0),
      expiredDeletionRequests,
    };
    logger.info(result, 'org VPC snapshot refreshed');
    return result;
  };
}
