// Lambda HTTP API function: verifies, acks and enqueues. It never calls Aiven, so its bundle carries
// no Aiven client and no EC2 code.
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { sendJobsAfterWrite } from '../adapters/store/outbox';
import type { Env } from '../config';
import { SlackLambdaReceiver } from '../slack/receiver/lambda';
import { makeAwsQueue, makeAwsStore } from './aws';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';
import { makeSlackApp } from './slack-app';

export type HttpHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

/**
 * `ackDeadlineMs`: when the receiver answers for a listener that has not acked (default: inside
 * Slack's 3 s). Tests on a loaded machine widen it, so they check answers rather than speed.
 */
export function makeLambdaHttpHandler(env: Env, options: { ackDeadlineMs?: number } = {}): HttpHandler {
  const handler = once(async () => {
    const { config, logger } = await boot(env);
    const slack = requireSlackApp(config);
    // Any body, however malformed, gets an answer below 500 within Slack's 3 s (slack/receiver).
    const receiver = new SlackLambdaReceiver({
      signingSecret: slack.signingSecret,
      logger,
      ...(options.ackDeadlineMs ? { ackDeadlineMs: options.ackDeadlineMs } : {}),
    });
    const organizationId = requireAiven(config).organizationId;
    const queue = makeAwsQueue(config);
    // The outbox on AWS: the DynamoDB write, then the SQS send (a send lost in between is swept).
    const store = sendJobsAfterWrite(makeAwsStore(config), queue);
    makeSlackApp({ receiver, slack, listeners: { config, organizationId, store, queue, logger } });
    return receiver.toHandler();
  });
  return async (event, context) => (await handler())(event, context);
}
