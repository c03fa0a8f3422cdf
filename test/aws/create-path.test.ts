// The create path's failure cases on the deployed shape: Lambda handlers, SQS and DynamoDB on moto,
// Aiven and Slack on their loopback stand-ins.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { makeLambdaHttpHandler } from '../../src/container/lambda-http';
import {
  makeLambdaDeadLetterHandler,
  makeLambdaPollerHandler,
  makeLambdaWorkerHandler,
} from '../../src/container/lambda-worker';
import { SEED_IDS } from '../../src/sandbox/aiven-sandbox';
import { uniqueName } from '../support/aws';
import { type LambdaEnv, startLambdaEnv } from '../support/lambda-env';
import { apiGatewayEvent, signSlackRequest, slashCommandBody, viewSubmissionBody } from '../support/slack';
import { createQueue, deliverOnce, receive, toLambdaRecord } from '../support/sqs';

/** Answers are checked here, not speed (the bench measures that): room for a loaded machine. */
const ROOMY = { ackDeadlineMs: 20_000 };

const SIGNING_SECRET = 'bb11bb22cc33dd44ee55ff6677889900';
const BOT_TOKEN = 'xoxb-create-path-test-token';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('create path on Lambda and moto', () => {
  let e: LambdaEnv;

  beforeAll(async () => {
    e = await startLambdaEnv({ name: 'path', signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
  });
  afterAll(async () => {
    await e.close();
  });

  const signed = (body: string) => apiGatewayEvent(body, signSlackRequest(SIGNING_SECRET, body)) as never;

  /** Opens the form through the http function and submits it; returns the answer body. */
  async function request(
    http: ReturnType<typeof makeLambdaHttpHandler>,
    viewId: string,
    awsVpcId: string,
    responseUrl = e.slack.responseUrl(),
  ) {
    await http(signed(slashCommandBody({ text: '', responseUrl })), {});
    const view = { ...(e.slack.callsTo('views.open').at(-1)?.args.view as object), id: viewId } as never;
    const submission = viewSubmissionBody(view, {
      org_vpc: SEED_IDS.prodEu,
      aws_account_id: '210987654321',
      aws_vpc_id: awsVpcId,
    });
    return { view, submission, answer: await http(signed(submission), {}) };
  }

  it('queues a resubmission after the queue was unavailable, instead of taking it for a Slack retry', async () => {
    await makeLambdaPollerHandler(e.env)();
    const later = await createQueue(e.sqs, uniqueName('path-later'));
    const missingUrl = later.url.replace(/[^/]+$/, uniqueName('path-missing'));
    const http = makeLambdaHttpHandler({ ...e.env, JOBS_QUEUE_URL: missingUrl }, ROOMY);
    const { submission, answer } = await request(http, 'V0RESUBMIT', 'vpc-0aaaaaaaaaaaaaaa1');
    expect(JSON.parse(answer.body ?? '{}').errors?.org_vpc).toMatch(
      /could not queue your request.*submit again/,
    );

    // The queue is back; the user presses Submit again on the same form.
    await createQueue(e.sqs, missingUrl.split('/').at(-1) as string);
    const again = await http(signed(submission), {});
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe('');
    const queued = await receive(e.sqs, missingUrl);
    expect(queued.map((m) => JSON.parse(m.Body as string))).toEqual([
      expect.objectContaining({ kind: 'create-peering', peeringId: 'req-V0RESUBMIT-2' }),
    ]);
  });

  it('keeps the response_url of the slash command on the SQS path of the loading form', async () => {
    // An organization with no snapshot yet: the form opens loading and a job fills it.
    const fresh = { ...e.env, AIVEN_ORGANIZATION_ID: 'orgnosnapshot1' };
    const http = makeLambdaHttpHandler(fresh, ROOMY);
    const worker = makeLambdaWorkerHandler(fresh);
    const responseUrl = e.slack.responseUrl('loading-form');
    await http(signed(slashCommandBody({ text: '', responseUrl })), {});
    expect(JSON.stringify(e.slack.callsTo('views.open').at(-1)?.args.view)).toContain('Loading');
    expect(await deliverOnce(e.sqs, e.jobs, worker)).toBe(1);
    const filled = e.slack.callsTo('views.update').at(-1)?.args.view as { private_metadata: string };
    // The submission's create job reads it from here: without it, "cannot post" could not answer privately.
    expect(JSON.parse(filled.private_metadata).responseUrl).toBe(responseUrl);
  });

  it('a duplicate delivery waits for the create in flight and never POSTs a second peering', async () => {
    const http = makeLambdaHttpHandler(e.env, ROOMY);
    const worker = makeLambdaWorkerHandler(e.env);
    await makeLambdaPollerHandler(e.env)();
    const awsVpcId = 'vpc-0bbbbbbbbbbbbbbb2';
    await request(http, 'V0DUPLICATE', awsVpcId);
    const [message] = await receive(e.sqs, e.jobs.url);
    const event: SQSEvent = { Records: [toLambdaRecord(message as never, e.jobs.arn)] };
    const posts = () =>
      e.aiven.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/peering-connections'));
    const before = posts().length;

    // The first run's POST reaches Aiven, which has not made the peering visible yet.
    e.aiven.failNext({ method: 'POST', hang: true });
    const first = worker(event);
    await until(() => posts().length === before + 1);
    const reads = e.aiven.requests.length;
    const second = worker(event);
    await until(() =>
      e.aiven.requests.slice(reads).some((r) => r.method === 'GET' && r.path.includes(SEED_IDS.prodEu)),
    );
    // Aiven finishes the first POST now.
    await fetch(
      `${e.aiven.url}/organization/${e.aiven.organizationId}/vpcs/${SEED_IDS.prodEu}/peering-connections`,
      {
        method: 'POST',
        headers: { authorization: `aivenv1 ${e.aiven.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          peer_cloud_account: '210987654321',
          peer_vpc: awsVpcId,
          peer_region: 'eu-west-1',
        }),
      },
    );
    const results: SQSBatchResponse[] = await Promise.all([first, second]);
    expect(posts().length).toBe(before + 2); // the first run's and Aiven finishing it: none from the second
    expect(e.aiven.peerings().filter((p) => p.peer_vpc === awsVpcId)).toHaveLength(1);
    expect(results.some((r) => r.batchItemFailures.length === 0)).toBe(true);
    const created = e.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined && String(c.args.text).includes('Aiven created peering'));
    expect(created).toHaveLength(1);
  });

  it('a job Lambda stopped on every delivery reaches the user from the dead-letter queue, in plain words', async () => {
    const http = makeLambdaHttpHandler(e.env, ROOMY);
    await makeLambdaPollerHandler(e.env)();
    const responseUrl = e.slack.responseUrl('stopped');
    await request(http, 'V0STOPPED', 'vpc-0ccccccccccccccc3', responseUrl);
    // Lambda times out on both deliveries: the job never reports, SQS moves it to the DLQ.
    const stopped = async (event: SQSEvent) => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    });
    expect(await deliverOnce(e.sqs, e.jobs, stopped)).toBe(1);
    expect(await deliverOnce(e.sqs, e.jobs, stopped)).toBe(1);
    expect(await deliverOnce(e.sqs, e.jobs, stopped)).toBe(0);

    expect(await deliverOnce(e.sqs, e.dlq, makeLambdaDeadLetterHandler(e.env))).toBe(1);
    const told = e.slack.responsePosts.filter((p) => p.id === 'stopped');
    expect(told).toHaveLength(1);
    const text = String(told[0]?.body.text);
    expect(text).toMatch(/was not created: vpc-peer ran into an internal problem/);
    expect(text).toContain('reference: req-V0STOPPED/create-req-V0STOPPED');
    expect(text).not.toMatch(/Lambda|Error|at /);
    await expect(receive(e.sqs, e.dlq.url)).resolves.toEqual([]);

    // The request is closed: the same peering may be requested again.
    const again = await request(http, 'V0STOPPED2', 'vpc-0ccccccccccccccc3');
    expect(again.answer.body).toBe('');
  });

  it('stops before a call that cannot finish in the invocation, and the last delivery still tells the user', async () => {
    const own = await createQueue(e.sqs, uniqueName('path-deadline'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: e.dlq.arn, maxReceiveCount: 2 }),
    });
    const ownEnv = { ...e.env, JOBS_QUEUE_URL: own.url };
    const http = makeLambdaHttpHandler(ownEnv, ROOMY);
    const worker = makeLambdaWorkerHandler(ownEnv);
    await makeLambdaPollerHandler(e.env)();
    const awsVpcId = 'vpc-0ddddddddddddddd4';
    await request(http, 'V0DEADLINE', awsVpcId);
    const reads = e.aiven.requests.length;
    // 25 s left: minus the 20 s kept for reporting, too little for a read with its retries (7.5 s here).
    const context = { getRemainingTimeInMillis: () => 25_000 } as never;
    const invoke = (event: SQSEvent) => worker(event, context);
    expect(await deliverOnce(e.sqs, own, invoke)).toBe(1);
    expect(await deliverOnce(e.sqs, own, invoke)).toBe(1);
    expect(e.aiven.requests.slice(reads).filter((r) => r.path.includes(SEED_IDS.prodEu))).toEqual([]);
    const reply = e.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined && String(c.args.text).includes('req-V0DEADLINE'))
      .at(-1);
    expect(String(reply?.args.text)).toMatch(
      /was not created: Aiven did not answer in the time vpc-peer has for each try \(reference: req-V0DEADLINE\/create-req-V0DEADLINE\)/,
    );
  });

  it('brings a failed job back within a minute, not after the queue visibility timeout', async () => {
    const slow = await createQueue(e.sqs, uniqueName('path-slow'), { VisibilityTimeout: '720' });
    const slowEnv = { ...e.env, JOBS_QUEUE_URL: slow.url };
    const http = makeLambdaHttpHandler(slowEnv, ROOMY);
    const worker = makeLambdaWorkerHandler(slowEnv);
    await makeLambdaPollerHandler(e.env)();
    await request(http, 'V0QUICKRETRY', 'vpc-0eeeeeeeeeeeeeee5');
    e.aiven.failNext({ method: 'POST', status: 503, message: 'Service Unavailable' });
    const [message] = await receive(e.sqs, slow.url);
    const result = await worker({ Records: [toLambdaRecord(message as never, slow.arn)] });
    expect(result.batchItemFailures).toHaveLength(1);
    // Long poll for 20 s: the worker made the message visible again after 15 s instead of 720 s.
    const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
    const back = await e.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: slow.url,
        WaitTimeSeconds: 20,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(back.Messages?.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2']);
  }, 40_000);
});
