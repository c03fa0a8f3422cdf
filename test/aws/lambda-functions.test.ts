// The three Lambda functions as deployed: HTTP -> SQS -> worker, and the poller, with every AWS
// service on moto (Secrets Manager, DynamoDB, SQS) and Aiven and Slack on their loopback stand-ins.
import { PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { makeLambdaHttpHandler } from '../../src/container/lambda-http';
import { makeLambdaPollerHandler, makeLambdaWorkerHandler } from '../../src/container/lambda-worker';
import { type AivenSandbox, SANDBOX_TIMINGS, SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import type { SlackApiStandIn } from '../../src/sandbox/slack-api';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';
import { apiGatewayEvent, signSlackRequest, slashCommandBody, viewSubmissionBody } from '../support/slack';
import { deliverOnce, receive, type TestQueue } from '../support/sqs';

const SIGNING_SECRET = 'aa11bb22cc33dd44ee55ff6677889900';
const BOT_TOKEN = 'xoxb-lambda-test-token';

describe('Lambda functions on moto', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let sqs: SQSClient;
  let jobs: TestQueue;
  let dlq: TestQueue;
  let env: Record<string, string>;

  let lambdaEnv: LambdaEnv;

  beforeAll(async () => {
    lambdaEnv = await startLambdaEnv({ name: 'lambda', signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    ({ aiven, slack, sqs, jobs, dlq, env } = lambdaEnv);
  });
  afterAll(async () => {
    await lambdaEnv.close();
  });

  it('poller refreshes the org VPCs; HTTP acks and queues; the worker creates the peering once', async () => {
    const poller = makeLambdaPollerHandler(env);
    // First run: the seed peering made before the bot is tracked silently.
    await expect(poller()).resolves.toEqual({
      vpcs: 3,
      peerings: 1,
      changes: 0,
      adopted: 1,
      revived: 0,
      expiredDeletionRequests: 0,
      resumed: 0,
    });

    const http = makeLambdaHttpHandler(env);
    const command = slashCommandBody({ text: '', responseUrl: slack.responseUrl() });
    const commandAnswer = await http(
      apiGatewayEvent(command, signSlackRequest(SIGNING_SECRET, command)) as never,
      {},
    );
    expect(commandAnswer.statusCode).toBe(200);
    const opened = slack.callsTo('views.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    // The poller's snapshot lets the form open filled, without a job.
    expect(JSON.stringify(opened[0]?.args.view)).toContain('prod-eu · aws-eu-west-1 · 10.20.0.0/24');
    await expect(receive(sqs, jobs.url)).resolves.toEqual([]);

    const view = { ...(opened[0]?.args.view as object), id: 'V00000001' } as never;
    const submission = viewSubmissionBody(view, {
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_vpc_id: 'vpc-0123456789abcdef0',
    });
    const submitAnswer = await http(
      apiGatewayEvent(submission, signSlackRequest(SIGNING_SECRET, submission)) as never,
      {},
    );
    expect(submitAnswer.statusCode).toBe(200);
    expect(submitAnswer.body).toBe('');
    expect(aiven.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    const worker = makeLambdaWorkerHandler(env);
    let delivered: import('aws-lambda').SQSEvent | undefined;
    expect(
      await deliverOnce(sqs, jobs, async (event) => {
        delivered = event;
        return worker(event);
      }),
    ).toBe(1);
    const creates = aiven.requests.filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toEqual({
      peer_cloud_account: '210987654321',
      peer_vpc: 'vpc-0123456789abcdef0',
      peer_region: 'eu-west-1',
    });
    const threadReplies = () =>
      slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
    expect(threadReplies()).toHaveLength(1);
    expect(String(threadReplies()[0]?.args.text)).toContain('Aiven created peering');

    // SQS delivers at least once: the same message again must change nothing.
    const slackCalls = slack.calls.length;
    await expect(worker(delivered as never)).resolves.toEqual({ batchItemFailures: [] });
    expect(aiven.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(slack.calls.length).toBe(slackCalls);

    // The worker started the fast watch (a delayed job); the minute poll reports the next state.
    aiven.advance(SANDBOX_TIMINGS.approvedMs);
    await expect(poller()).resolves.toEqual({
      vpcs: 3,
      peerings: 2,
      changes: 1,
      adopted: 0,
      revived: 0,
      expiredDeletionRequests: 0,
      resumed: 0,
    });
    expect(threadReplies()).toHaveLength(2);
    expect(String(threadReplies()[1]?.args.text)).toContain('Approved → Waiting for AWS');
    expect(slack.callsTo('chat.update').at(-1)?.args.ts).toBe(threadReplies()[1]?.args.thread_ts);
    await expect(poller()).resolves.toMatchObject({ changes: 0 });
    expect(threadReplies()).toHaveLength(2);
    // The delayed watch job would reach the next test's deliveries: drop it.
    await sqs.send(new PurgeQueueCommand({ QueueUrl: jobs.url }));
  });

  it('a job that keeps failing tells the user in its thread and lands in the dead-letter queue', async () => {
    const http = makeLambdaHttpHandler(env);
    const worker = makeLambdaWorkerHandler(env);
    await makeLambdaPollerHandler(env)();
    const command = slashCommandBody({ text: '', responseUrl: slack.responseUrl() });
    await http(apiGatewayEvent(command, signSlackRequest(SIGNING_SECRET, command)) as never, {});
    const view = { ...(slack.callsTo('views.open').at(-1)?.args.view as object), id: 'V00000099' } as never;
    const submission = viewSubmissionBody(view, {
      org_vpc: SEED_IDS.stagingUs,
      aws_account_id: '210987654321',
      aws_vpc_id: 'vpc-0fedcba9876543210',
    });
    await http(apiGatewayEvent(submission, signSlackRequest(SIGNING_SECRET, submission)) as never, {});

    aiven.failNext({ method: 'POST', status: 503, message: 'Service Unavailable', times: 10 });
    expect(await deliverOnce(sqs, jobs, worker)).toBe(1);
    expect(await deliverOnce(sqs, jobs, worker)).toBe(1);
    // The third receive finds the message moved to the dead-letter queue.
    expect(await deliverOnce(sqs, jobs, worker)).toBe(0);
    expect(await receive(sqs, dlq.url)).toHaveLength(1);

    const reply = slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined)
      .at(-1);
    expect(String(reply?.args.text)).toContain('The peering was not created: Aiven did not answer properly');
    expect(aiven.peerings().filter((p) => p.peer_vpc === 'vpc-0fedcba9876543210')).toHaveLength(0);
  });
});
