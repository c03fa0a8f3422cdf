// Client construction shared by the entry points. Timeouts and retries are chosen deliberately:
// library defaults (no timeout, retry for half an hour) would hang jobs and Lambda invocations.
import { WebClient } from '@slack/web-api';
import { makeAivenClient } from '../adapters/aiven/client';
import type { AivenConfig } from '../config';
import type { Logger } from '../logger';
import type { AivenApi } from '../peering/ports';
import { toSlackLogger } from '../slack/bolt-logger';

export type AivenApiConfig = Extract<AivenConfig, { mode: 'api' }>;

export function makeAiven(config: AivenApiConfig, logger: Logger): AivenApi {
  return makeAivenClient({
    apiUrl: config.apiUrl,
    token: config.token,
    organizationId: config.organizationId,
    logger: logger.child({ component: 'aiven' }),
    timeoutMs: config.timeoutMs,
  });
}

/** Timeout of one worker Slack call; posts are never retried by the client (src/slack/delivery.ts). */
export const WORKER_SLACK_TIMEOUT_MS = 10_000;

/**
 * The worker's Slack client. No client retries: a post that timed out may have landed, and a blind
 * retry would show it twice. Retries happen at the job level, where delivery.ts looks before posting.
 */
export function makeWorkerSlackClient(options: {
  botToken: string;
  apiUrl: string;
  logger: Logger;
  timeoutMs?: number;
}): WebClient {
  return new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    timeout: options.timeoutMs ?? WORKER_SLACK_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    // A 429 comes back at once with its Retry-After instead of the client sleeping through it (and
    // then failing as if the post were in doubt): delivery.ts and the announcer wait it out between runs.
    rejectRateLimitedCalls: true,
    logger: toSlackLogger(options.logger, 'slack-web-api'),
  });
}
