// Lambda HTTP API function: verifies, acks and enqueues. It never calls Aiven, so its bundle carries
// no Aiven client and no EC2 code.
import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Env } from '../config';
import { makeAwsQueue, makeAwsStore } from './aws';
import { boot, once, requireAiven, requireSlackApp } from './lambda-boot';
import { makeSlackApp } from './slack-app';

export type HttpHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

export function makeLambdaHttpHandler(env: Env): HttpHandler {
  const handler = once(async () => {
    const { config, logger } = await boot(env);
    const slack = requireSlackApp(config);
    const receiver = new AwsLambdaReceiver({
      signingSecret: slack.signingSecret,
      unhandledRequestTimeoutMillis: 2800,
    });
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
