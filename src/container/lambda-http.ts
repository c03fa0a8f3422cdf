// Lambda HTTP API function: verifies, acks and enqueues. It never calls Aiven, so its bundle carries
// no Aiven client and no EC2 code.
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Env } from '../config';
import { SlackLambdaReceiver } from '../slack/receiver/lambda';
import { makeAwsQueue, makeAwsStore } from './aws';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';
import { makeSlackApp } from './slack-app';

export type HttpHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

export function makeLambdaHttpHandler(env: Env): HttpHandler {
  const handler = once(async () => {
    const { config, logger } = await boot(env);
    const slack = requireSlackApp(config);
    // Any body, however malformed, gets an answer below 500 within Slack's 3 s (slack/receiver).
    const receiver = new SlackLambdaReceiver({ signingSecret: slack.signingSecret, logger });
    const organizationId = requireAiven(config).organizationId;
    makeSlackApp({
      receiver,
      slack,
      listeners: { config, organizationId, store: makeAwsStore(config), queue: makeAwsQueue(config), logger },
    });
    return receiver.toHandler();
  });
  return async (event, context) => (await handler())(event, context);
}
