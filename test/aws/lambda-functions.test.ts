// The three Lambda functions as deployed: HTTP -> SQS -> worker, and the poller, with every AWS
// service on moto (Secrets Manager, DynamoDB, SQS) and Aiven and Slack on their loopback stand-ins.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createTable } from '../../src/adapters/store/dynamodb';
import { makeLambdaHttpHandler } from '../../src/container/lambda-http';
import { makeLambdaPollerHandler, makeLambdaWorkerHandler } from '../../src/container/lambda-worker';
import { type AivenSandbox, SEED_IDS, startAivenSandbox } from '../../src/sandbox/aiven-sandbox';
import { type SlackApiStandIn, startSlackApiStandIn } from '../../src/sandbox/slack-api';
import { awsClientConfig, TEST_REGION, uniqueName } from '../support/aws';
import { apiGatewayEvent, signSlackRequest, slashCommandBody, viewSubmissionBody } from '../support/slack';
import { createQueue, deliverOnce, receive, type TestQueue } from '../support/sqs';

const SIGNING_SECRET = 'aa11bb22cc33dd44ee55ff6677889900';
const BOT_TOKEN = 'xoxb-lambda-test-token';

describe('Lambda functions on moto', () => {
  let aiven: AivenSandbox;
  let slack: SlackApiStandIn;
  let sqs: SQSClient;
  let jobs: TestQueue;
  let dlq: TestQueue;
  let env: Record<string, string>;

  beforeAll(async () => {
    const aws = awsClientConfig();
    // The functions build their own SDK clients from the standard variables, as on Lambda.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
    aiven = await startAivenSandbox({ clock: 'manual' });
    slack = await startSlackApiStandIn();
    sqs = new SQSClient(aws);
    dlq = await createQueue(sqs, uniqueName('jobs-dlq'));
    jobs = await createQueue(sqs, uniqueName('jobs'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    const table = uniqueName('vpc-peer');
    await createTable(new DynamoDBClient(aws), table);
    const secretId = uniqueName('vpc-peer/test');
    await new SecretsManagerClient(aws).send(
      new CreateSecretCommand({
        Name: secretId,
        SecretString: JSON.stringify({
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: BOT_TOKEN,
          AIVEN_API_TOKEN: aiven.token,
          AIVEN_ORGANIZATION_ID: aiven.organizationId,
        }),
      }),
    );
    env = {
      SECRETS_ID: secretId,
      DYNAMODB_TABLE: table,
      JOBS_QUEUE_URL: jobs.url,
      MAX_JOB_ATTEMPTS: '2',
      SLACK_API_URL: slack.apiUrl,
      AIVEN_API_URL: aiven.url,
      AIVEN_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    sqs.destroy();
    await aiven.close();
    await slack.close();
  });

  it('poller refreshes the org VPCs; HTTP acks and queues; the worker creates the peering once', async () => {
    const poller = makeLambdaPollerHandler(env);
    await expect(poller()).resolves.toEqual({ vpcs: 3, peerings: 1, expiredDeletionRequests: 0 });

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
