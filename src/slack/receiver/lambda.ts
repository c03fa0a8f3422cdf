// The Lambda HTTP function's Bolt receiver: an API Gateway event in, handle.ts's answer out. Replaces
// Bolt's AwsLambdaReceiver, which let a body that is not JSON, or one Bolt cannot route, end the
// invocation with an error (API Gateway: 500).
import type { App, Receiver } from '@slack/bolt';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Logger } from '../../logger';
import { makeSlackRequestHandler } from './handle';

export class SlackLambdaReceiver implements Receiver {
  private readonly requests;

  constructor(options: { signingSecret: string; logger: Logger; ackDeadlineMs?: number }) {
    this.requests = makeSlackRequestHandler(options);
  }

  init(app: App): void {
    this.requests.init(app);
  }

  async start(): Promise<unknown> {
    return this.toHandler();
  }

  async stop(): Promise<void> {}

  toHandler(): (event: AwsEvent, context?: unknown) => Promise<AwsResponse> {
    return async (event) => {
      const raw = event.body ?? '';
      const rawBody = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      // API Gateway v2 lower-cases header names; v1 keeps Slack's spelling.
      const headers = new Map(
        Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const answer = await this.requests.handle({ rawBody, header: (name) => headers.get(name) });
      return { statusCode: answer.status, headers: answer.headers, body: answer.body };
    };
  }
}
