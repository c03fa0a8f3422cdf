// Builds the Bolt App around any receiver (Lambda, HTTP, Socket Mode): same listeners everywhere.
import { App, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../logger';
import { toSlackLogger } from './bolt-logger';
import { type ListenerDeps, registerListeners } from './listeners';

export interface SlackAppOptions {
  receiver: Receiver;
  botToken: string;
  apiUrl: string;
  logger: Logger;
  listeners: ListenerDeps;
}

/**
 * Web API settings for calls made while Slack waits for our answer: short timeout and no retries,
 * because the WebClient default (retry for ~30 minutes, no timeout) would blow the 3-second budget.
 */
export function ackPathClientOptions(apiUrl: string, logger: Logger): WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    timeout: 2000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: toSlackLogger(logger, 'slack-web-api'),
  };
}

export function buildSlackApp(options: SlackAppOptions): App {
  const { logger } = options;
  const app = new App({
    receiver: options.receiver,
    // A static authorize avoids the auth.test call Bolt makes at construction when given `token`.
    authorize: async () => ({ botToken: options.botToken }),
    logger: toSlackLogger(logger),
    clientOptions: ackPathClientOptions(options.apiUrl, logger),
    extendedErrorHandler: true,
  });
  registerListeners(app, options.listeners);
  // One central handler: a failing listener is logged with its context and never crashes the process.
  const onError = async ({ error, body }: { error: Error; body: unknown }) => {
    const payload = body as { type?: string; command?: string; view?: { callback_id?: string } } | undefined;
    logger.error(
      { err: error, requestType: payload?.type ?? payload?.command, callbackId: payload?.view?.callback_id },
      'Slack listener failed',
    );
  };
  // Bolt passes {error, body, ...} because of extendedErrorHandler, but does not export that type.
  app.error(onError as unknown as Parameters<App['error']>[0]);
  return app;
}
