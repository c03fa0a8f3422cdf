// Lambda worker (SQS) and poller (schedule) functions: the half of the system that calls Aiven.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseJob } from '../adapters/queue/job-schema';
import { handleSqsBatch } from '../adapters/queue/sqs-batch';
import type { Env } from '../config';
import type { Job } from '../peering/ports';
import { makeAwsQueue, makeAwsRetry, makeAwsStore } from './aws';
import { makeWorkerSlackClient } from './clients';
import { makeWorker, type PollResult } from './index';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';

async function bootWorker(env: Env) {
  const { config, logger } = await boot(env);
  const slack = requireSlackApp(config);
  const jobs = makeWorker(
    { ...config, aiven: requireAiven(config) },
    {
      store: makeAwsStore(config),
      queue: makeAwsQueue(config),
      slack: makeWorkerSlackClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, logger }),
      logger,
    },
  );
  return { config, logger, jobs, retryIn: makeAwsRetry(config) };
}

/** SQS worker function: runs jobs, reports partial batch failures, tells users about final failures. */
export function makeLambdaWorkerHandler(
  env: Env,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const worker = once(() => bootWorker(env));
  return async (event, context) => {
    const { config, logger, jobs, retryIn } = await worker();
    return handleSqsBatch(event, {
      runJob: jobs.runJob,
      onFinalFailure: jobs.onFinalFailure,
      logger,
      maxReceiveCount: config.maxJobAttempts,
      retryIn,
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    });
  };
}

/**
 * Consumer of the jobs dead-letter queue. A job lands there without the worker's last word when
 * Lambda stopped the last delivery (timeout, crash): this tells the user and closes the request.
 * Jobs the worker already reported find nothing left to do (their record is no longer open).
 */
export function makeLambdaDeadLetterHandler(env: Env): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const worker = once(() => bootWorker(env));
  return async (event) => {
    const { logger, jobs } = await worker();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const context = { messageId: record.messageId };
      let job: Job;
      try {
        job = parseJob(record.body);
      } catch (error) {
        logger.error({ ...context, err: error }, 'dead letter is not a valid job; dropped');
        continue;
      }
      try {
        await jobs.onFinalFailure(
          job,
          new Error('the job was stopped before it finished (Lambda timeout or crash)'),
        );
        logger.warn(
          { ...context, jobKind: job.kind, jobId: job.id },
          'dead-lettered job reported to the user',
        );
      } catch (error) {
        logger.error(
          { ...context, jobKind: job.kind, jobId: job.id, err: error },
          'could not report a dead-lettered job',
        );
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

/**
 * Scheduled poller, every minute: expires deletion requests nobody decided in time, then reconciles:
 * refreshes the org VPC snapshot (so Slack requests answer from the store) and announces every
 * peering change in its thread.
 */
export function makeLambdaPollerHandler(
  env: Env,
): (event?: unknown, context?: Context) => Promise<PollResult> {
  const worker = once(() => bootWorker(env));
  const upgrade = once(async () => {
    const { config, logger } = await worker();
    if (config.store.kind !== 'dynamodb') return undefined;
    return (await import('./aws-store-upgrade.js')).buildStoreUpgradeStep(config.store.table, logger);
  });
  return async (_event, context) => {
    const { logger, jobs } = await worker();
    try {
      const result = await jobs.poll.run();
      logger.info(result, 'reconciled peerings with Aiven');
      return result;
    } catch (error) {
      // Nothing was concluded from a failed read; the next run, a minute later, tries again. The
      // failed invocation shows in the function's Errors metric.
      logger.warn({ err: error }, 'reconcile could not read Aiven; trying again next minute');
      throw error;
    } finally {
      // After reconcile, in the time left: backfills items written before a lookup existed
      // (docs/operations.md "Store upgrade"). It logs its own failures and never fails the poll.
      await (await upgrade())?.(
        context ? () => context.getRemainingTimeInMillis() : undefined,
        context?.awsRequestId,
      );
    }
  };
}
