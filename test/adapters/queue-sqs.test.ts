import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import pino from 'pino';
import { clampDelay, makeSqsQueue } from '../../src/adapters/queue/sqs';
import { handleSqsBatch, type SqsBatchOptions } from '../../src/adapters/queue/sqs-batch';
import type { Job } from '../../src/peering/ports';
import { awsClientConfig, uniqueName } from '../support/aws';
import { createQueue, deliverOnce, receive } from '../support/sqs';

const logger = pino({ level: 'silent' });
let client: SQSClient;

beforeAll(() => {
  client = new SQSClient(awsClientConfig());
});
afterAll(() => {
  client.destroy();
});

describe('SQS job queue', () => {
  test('runs jobs, redelivers failures and sends the last failure to the DLQ after telling the user', async () => {
    const dlq = await createQueue(client, uniqueName('vpc-peer-jobs-dlq'));
    const jobsQueue = await createQueue(client, uniqueName('vpc-peer-jobs'), {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    const good: Job = {
      kind: 'load-create-form',
      id: 'job-good',
      viewId: 'V1',
      userId: 'U1',
      channelId: 'C1',
    };
    const bad: Job = { kind: 'create-peering', id: 'job-bad', peeringId: 'p-1', responseUrl: 'https://x/y' };
    const runs: string[] = [];
    const finalFailures: Job[] = [];
    const options: SqsBatchOptions = {
      runJob: async (job) => {
        runs.push(job.id);
        if (job.id === 'job-bad') throw new Error('aiven is down');
      },
      onFinalFailure: async (job) => {
        finalFailures.push(job);
      },
      logger,
      maxReceiveCount: 2,
    };

    const queue = makeSqsQueue({ client, queueUrl: jobsQueue.url });
    await queue.enqueue(good);
    await queue.enqueue(bad);

    for (let round = 0; round < 10; round++) {
      if ((await deliverOnce(client, jobsQueue, (event) => handleSqsBatch(event, options))) === 0) break;
    }

    expect(runs.filter((id) => id === 'job-good')).toHaveLength(1);
    expect(runs.filter((id) => id === 'job-bad')).toHaveLength(2);
    expect(finalFailures).toEqual([bad]);
    await expect(receive(client, jobsQueue.url)).resolves.toEqual([]);
    const deadLetters = await receive(client, dlq.url);
    expect(deadLetters.map((m) => JSON.parse(m.Body as string))).toEqual([bad]);
  });

  test('refuses to enqueue something that is not a job', async () => {
    const queue = makeSqsQueue({ client, queueUrl: 'http://unused.invalid/queue' });
    await expect(queue.enqueue({ kind: 'launch-rockets', id: 'x' } as unknown as Job)).rejects.toThrow();
  });
});

describe('handleSqsBatch', () => {
  const record = (messageId: string, body: string, receiveCount: number): SQSRecord =>
    ({ messageId, body, attributes: { ApproximateReceiveCount: String(receiveCount) } }) as SQSRecord;

  test('reports malformed bodies as failures without running or reporting them', async () => {
    const runJob = jest.fn(async () => {});
    const onFinalFailure = jest.fn(async () => {});
    const response = await handleSqsBatch(
      {
        Records: [
          record('not-json', '{oops', 2),
          record('not-a-job', JSON.stringify({ kind: 'create-peering', id: 'j' }), 2),
          record('fine', JSON.stringify({ kind: 'create-peering', id: 'j2', peeringId: 'p' }), 1),
        ],
      },
      { runJob, onFinalFailure, logger, maxReceiveCount: 2 },
    );
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'not-json' },
      { itemIdentifier: 'not-a-job' },
    ]);
    expect(runJob).toHaveBeenCalledTimes(1);
    expect(onFinalFailure).not.toHaveBeenCalled();
  });

  test('still reports the failure when telling the user fails', async () => {
    const response = await handleSqsBatch(
      { Records: [record('m1', JSON.stringify({ kind: 'create-peering', id: 'j', peeringId: 'p' }), 3)] },
      {
        runJob: async () => {
          throw new Error('broken');
        },
        onFinalFailure: async () => {
          throw new Error('slack is down');
        },
        logger,
        maxReceiveCount: 3,
      },
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  test("a delayed job is sent with DelaySeconds (capped at SQS's 900) and arrives intact", async () => {
    expect(clampDelay(12)).toBe(12);
    expect(clampDelay(5000)).toBe(900);
    expect(clampDelay(-3)).toBe(0);
    const jobsQueue = await createQueue(client, uniqueName('vpc-peer-watch'));
    const watch: Job = {
      kind: 'watch-peering',
      id: 'watch-1',
      peeringId: 'peering-1',
      until: '2026-07-01T12:10:00.000Z',
    };
    const sent: unknown[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push(args.input);
        return next(args);
      },
      { step: 'initialize', name: 'recordSend' },
    );
    try {
      await makeSqsQueue({ client, queueUrl: jobsQueue.url }).enqueue(watch, { delaySeconds: 1 });
    } finally {
      client.middlewareStack.remove('recordSend');
    }
    expect(sent).toEqual([expect.objectContaining({ QueueUrl: jobsQueue.url, DelaySeconds: 1 })]);
    let messages = await receive(client, jobsQueue.url);
    for (let i = 0; messages.length === 0 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      messages = await receive(client, jobsQueue.url);
    }
    expect(messages.map((m) => JSON.parse(m.Body as string))).toEqual([watch]);
  });
});
