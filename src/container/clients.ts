// Client construction shared by the entry points. Timeouts and retries are chosen deliberately:
// library defaults (no timeout, retry for half an hour) would hang jobs and Lambda invocations.
import { WebClient } from '@slack/web-api';
import { makeAivenClient } from '../adapters/aiven/client';
import type { Logger } from '../logger';
import type { AivenApi } from '../peering/ports';
import { toSlackLogger } from '../slack/bolt-logger';
import type { AivenApiConfig } from './index';

export function makeAiven(config: AivenApiConfig, logger: Logger): AivenApi {
  return makeAivenClient({
    apiUrl: config.apiUrl,
    token: config.token,
    organizationId: config.organizationId,
    logger: logger.child({ component: 'aiven' }),
    timeoutMs: config.timeoutMs,
  });
}

/** The worker's Slack client: a few quick retries, because a job can afford them and the ack path cannot. */
export function makeWorkerSlackClient(options: {
  botToken: string;
  apiUrl: string;
  logger: Logger;
}): WebClient {
  return new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    logger: toSlackLogger(options.logger, 'slack-web-api'),
  });
}
